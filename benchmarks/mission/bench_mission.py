"""Mission benchmarks (issue 7): a 100 000-cell JSON-stat import (target ≤ 5 s) and the
indicator page with 38 municipalities × 20 years (target ≤ 150 ms).

    FELLESLOFT_DATA_DIR=/tmp/bench-mission \\
        uv run --frozen python benchmarks/mission/bench_mission.py

Runs against a fresh SQLite database in FELLESLOFT_DATA_DIR (migrated by the script).
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fellesloft.settings")
os.environ.setdefault("FELLESLOFT_DATA_DIR", "/tmp/bench-mission")  # noqa: S108

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from fellesloft.mission import services  # noqa: E402
from fellesloft.mission.jsonstat import build_dataset  # noqa: E402
from fellesloft.mission.models import Indicator, Observation  # noqa: E402
from fellesloft.organisations.models import Municipality  # noqa: E402


def big_dataset(regions: int = 2000, contents: int = 2, years: int = 25) -> bytes:
    """regions × contents × years cells in SSB's shape (2 000 × 2 × 25 = 100 000)."""
    region_codes = [(f"K-{1000 + i}", f"Kommune {i}") for i in range(regions)]
    values = [round((i * 7919) % 1000 / 10, 1) for i in range(regions * contents * years)]
    status = {str(i): ".." for i in range(0, len(values), 97)}
    for key in status:
        values[int(key)] = None
    document = build_dataset(
        dimensions=[
            ("Region", "region", region_codes),
            ("Kjonn", "kjønn", [("0", "Begge kjønn")]),
            (
                "ContentsCode",
                "statistikkvariabel",
                [(f"C{i}", f"Variabel {i}") for i in range(contents)],
            ),
            ("Tid", "år", [(str(2000 + i), str(2000 + i)) for i in range(years)]),
        ],
        values=values,
        status=status,
        roles={"geo": ["Region"], "time": ["Tid"], "metric": ["ContentsCode"]},
    )
    return json.dumps(document).encode()


def ensure_indicator(code: str) -> None:
    if not Indicator.objects.filter(code=code).exists():
        services.indicator_create(code=code, name=code, unit="%", source="benchmark")


def bench_import() -> None:
    for code in ("bench-a", "bench-b"):
        ensure_indicator(code)
    Observation.objects.filter(indicator__code__in=["bench-a", "bench-b"]).delete()
    data = big_dataset()
    mapping = {"C0": "bench-a", "C1": "bench-b"}
    for label in ("first import (creates)", "same file again (unchanged)"):
        start, cpu = time.perf_counter(), time.process_time()
        report = services.import_data(
            data=data, file_format="jsonstat", source="bench", indicators=mapping
        )
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        print(
            f"JSON-stat import, 100 000 cells, {label}: {elapsed:.2f} s wall, {cpu:.2f} s CPU "
            f"(target ≤ 5 s, ratio {elapsed / 5:.2f}); created {report.created}, "
            f"unchanged {report.unchanged}, regions {len(report.new_regions)}"
        )


def bench_indicator_page() -> None:
    ensure_indicator("bench-page")
    municipalities = list(Municipality.objects.values_list("number", "name"))
    cells = len(municipalities) + 2
    document = build_dataset(
        dimensions=[
            (
                "Region",
                "region",
                [("0", "Hele landet"), ("50", "Trøndelag")]
                + [(f"K-{n}", name) for n, name in municipalities],
            ),
            ("Tid", "år", [(str(2004 + i), str(2004 + i)) for i in range(20)]),
        ],
        values=[round(8 + (i % 50) / 10, 1) for i in range(cells * 20)],
    )
    services.import_data(
        data=json.dumps(document).encode(),
        file_format="jsonstat",
        source="bench",
        indicators={"": "bench-page"},
    )
    client = Client()
    url = "/oppdraget/indikatorer/bench-page/?kommune=5001"
    assert client.get(url).status_code == 200  # warm-up
    timings = []
    for _ in range(30):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    median, worst = statistics.median(timings), max(timings)
    print(
        f"Indicator page, {len(municipalities)} municipalities × 20 years: median {median:.0f} ms, "
        f"max {worst:.0f} ms (target ≤ 150 ms, ratio {median / 150:.2f})"
    )


if __name__ == "__main__":
    call_command("migrate", verbosity=0)
    bench_import()
    bench_indicator_page()
