"""`make run PORT=8080` gives share links, QR codes and exports the address it serves."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs GNU make")


def _make_run(tmp_path, *args: str, env: dict | None = None) -> str:
    """Run `make run` with a stand-in for uv that prints the SITE_URL the settings read in the
    environment `make run` gives its commands, and does nothing else."""
    fake_uv = tmp_path / "uv"
    fake_uv.write_text(
        "#!/bin/sh\n"
        'case "$*" in\n'
        f"  *migrate*) exec {sys.executable} -c "
        "\"from fellesloft import settings; print('SITE_URL=' + settings.SITE_URL)\" ;;\n"
        "esac\n"
        "exit 0\n"
    )
    fake_uv.chmod(0o755)
    base = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "HOST", "PORT"}}
    result = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "-o",
            "build/static-vendor/.stamp",
            "run",
            f"UV={fake_uv}",
            *args,
        ],
        cwd=ROOT,
        env={**base, "FELLESLOFT_DATA_DIR": str(tmp_path / "var"), **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_make_run_on_another_port_gives_that_site_url(tmp_path):
    assert "SITE_URL=http://127.0.0.1:8080\n" in _make_run(tmp_path, "PORT=8080")
    assert "SITE_URL=http://127.0.0.1:8000\n" in _make_run(tmp_path)


def test_an_explicit_site_url_wins(tmp_path):
    output = _make_run(tmp_path, "PORT=8080", env={"SITE_URL": "https://fellesloft.example"})
    assert "SITE_URL=https://fellesloft.example\n" in output
