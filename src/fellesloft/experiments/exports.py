"""Exports of the portfolio (XLSX, CSV) and of one experiment (PDF from an HTML template)."""

import io
from collections.abc import Iterable

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from fellesloft.core.pdf import html_to_pdf
from fellesloft.core.spreadsheets import CsvWriter, Percent, Spreadsheet
from fellesloft.experiments import selectors
from fellesloft.experiments.models import Experiment


def _columns() -> list[str]:
    return [
        _("ID"),
        _("Tittel"),
        _("Kommune"),
        _("Kommunenummer"),
        _("Eier"),
        _("Sektor (eier)"),
        _("Status"),
        _("Utfall"),
        _("Hovedutfordringer"),
        _("Innovasjonsområder"),
        _("Behovstemaer"),
        _("Aldersgruppe"),
        _("Sprinter"),
        _("Sist evaluert"),
        _("Startmøte"),
        _("Sluttmøte"),
        _("Vi tror at"),
        _("for"),
        _("vil gi"),
        _("Vi vet det når"),
    ]


def _names(items) -> str:
    return "; ".join(str(item) for item in items)


def experiment_rows(experiments: Iterable[Experiment]) -> Iterable[list]:
    """One row per experiment; `experiments` must come from selectors.with_tags(...)."""
    for experiment in experiments:
        last = experiment.last_evaluated_at
        yield [
            experiment.pk,
            experiment.title,
            experiment.municipality.name,
            experiment.municipality.number,
            experiment.owner_organisation.name,
            experiment.owner_organisation.sector.label,
            experiment.get_status_display(),
            experiment.get_outcome_display() if experiment.outcome else "",
            _names(experiment.main_challenge_list),
            _names(experiment.innovation_area_list),
            _names(experiment.need_theme_list),
            experiment.get_age_band_display(),
            experiment.sprint_count,
            timezone.localtime(last).date() if last else None,
            experiment.start_meeting_date,
            experiment.end_meeting_date,
            experiment.hypothesis_change,
            experiment.hypothesis_target_group,
            experiment.hypothesis_effect,
            experiment.hypothesis_evidence,
        ]


def portfolio_csv(experiments: Iterable[Experiment]) -> str:
    buffer = io.StringIO()
    writer = CsvWriter(buffer, lineterminator="\r\n")
    writer.writerow(_columns())
    writer.writerows(experiment_rows(experiments))
    return buffer.getvalue()


def _sheet(workbook: Spreadsheet, title: str, header: list[str], rows: Iterable[list]):
    sheet = workbook.create_sheet(title)
    sheet.header(header)
    for row in rows:
        sheet.append(row)
    return sheet


def portfolio_xlsx(experiments: Iterable[Experiment], *, user) -> bytes:
    """The portfolio workbook: the experiments, the challenge matrix, support hours and the
    experiments flagged for missing evaluations, each over the experiments `user` may see."""
    workbook = Spreadsheet()
    _sheet(workbook, _("Forsøk"), _columns(), experiment_rows(experiments))
    matrix = selectors.challenge_matrix(user=user)
    _sheet(
        workbook,
        _("Matrise"),
        [_("Kommune"), *[challenge.label for challenge in matrix.challenges], _("Sum")],
        ([row.municipality.name, *row.counts, row.total] for row in matrix.rows),
    )
    _sheet(
        workbook,
        _("Støttetimer"),
        [_("Kommune"), _("Budsjett"), _("Brukt"), _("Igjen"), _("Prosent brukt")],
        (
            [
                status.municipality.name,
                float(status.budget),
                float(status.used),
                float(status.left),
                Percent(status.share_used, decimals=1),
            ]
            for status in selectors.support_overview()
        ),
    )
    _sheet(
        workbook,
        _("Uten evaluering"),
        [_("ID"), _("Tittel"), _("Kommune"), _("Sist evaluert")],
        (
            [
                experiment.pk,
                experiment.title,
                experiment.municipality.name,
                timezone.localtime(experiment.last_evaluated_at).date()
                if experiment.last_evaluated_at
                else _("aldri"),
            ]
            for experiment in selectors.stale_experiments(user=user)
        ),
    )
    return workbook.to_bytes()


def experiment_pdf(*, experiment: Experiment, request=None) -> bytes:
    """The experiment's summary as PDF, from the same data as its page."""
    html = render_to_string(
        "experiments/experiment_pdf.html",
        {
            "experiment": experiment,
            "sectors": selectors.team_sectors(experiment),
            "generated_at": timezone.now(),
        },
        request=request,
    )
    base_url = request.build_absolute_uri("/") if request is not None else None
    return html_to_pdf(html, base_url=base_url)
