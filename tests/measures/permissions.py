from fellesloft.measures.models import MeasureImport
from tests.matrix import Case, everyone, only
from tests.measures.factories import make_measure

ADDERS = {"member", "other_coordinator", "mission_lead", "superuser"}
IMPORTERS = {"other_coordinator", "mission_lead", "superuser"}
LEADS = {"mission_lead", "superuser"}


def extend_world(world) -> None:
    world.extra["measure"] = make_measure(provider=world.organisation, name="Ungdomslos (test)")
    world.extra["measure_import"] = MeasureImport.objects.create(
        created_by=world.users["mission_lead"], filename="tiltak.xlsx", row_count=0
    )


def _measure(world):
    return {"slug": world.measure.slug}


def _import(world):
    return {"import_id": world.measure_import.uuid}


def _municipality(world):
    return {"number": world.municipality.number}


CASES = [
    Case("measures:list", everyone()),
    # The JSON API refuses form data (400) once logged in; the rules are tested in test_api.py.
    Case("api:measures_create", {**everyone(400), "anonymous": 401}, method="post", html=False),
    Case(
        "api:measures_update",
        {**everyone(422), "anonymous": 401},  # a PUT's form data reads as an empty body
        kwargs=_measure,
        method="put",
        html=False,
    ),
    Case("measures:create", only(ADDERS)),
    Case("measures:detail", everyone(), kwargs=_measure),
    Case("measures:edit", only({"member", "mission_lead", "superuser"}), kwargs=_measure),
    Case("measures:coverage", everyone(), kwargs=_municipality),
    Case("measures:comparison", everyone()),
    Case("measures:youth_index", everyone()),
    Case("measures:youth", everyone(), kwargs=_municipality),
    Case("measures:import", only(IMPORTERS)),
    Case("measures:import_template", everyone(), html=False),
    Case("measures:import_preview", only(LEADS), kwargs=_import),
    Case("measures:import_confirm", only(LEADS, 302), kwargs=_import, method="post"),
    Case("measures:import_cancel", only(LEADS, 302), kwargs=_import, method="post"),
    Case("api:measures", everyone(), html=False),
    Case("api:measures_comparison", everyone(), html=False),
    Case("api:measures_coverage", everyone(), kwargs=_municipality, html=False),
    Case("api:measure", everyone(), kwargs=_measure, html=False),
]
