"""The barrier report as XLSX (the PDF is made from the same HTML as the page)."""

from django.utils.translation import gettext as _
from openpyxl.styles import Alignment

from fellesloft.barriers.selectors import ReportGroup
from fellesloft.core.spreadsheets import Spreadsheet

COLUMNS = [
    ("theme", 28),
    ("title", 40),
    ("description", 60),
    ("status", 14),
    ("level", 12),
    ("category", 26),
    ("organisation", 30),
    ("endorsements", 12),
    ("endorsers", 40),
    ("recipient", 30),
    ("deadline", 12),
    ("overdue", 10),
    ("outcome", 14),
    ("answer", 60),
    ("experiments", 60),
]


def _headers() -> list[str]:
    return [
        _("Tema"),
        _("Barriere"),
        _("Beskrivelse"),
        _("Status"),
        _("Nivå"),
        _("Kategori"),
        _("Meldt av"),
        _("Gjelder også (antall)"),
        _("Gjelder også"),
        _("Mottaker"),
        _("Svarfrist"),
        _("Forfalt"),
        _("Svar"),
        _("Svartekst"),
        _("Forsøk som møtte barrieren – hva de observerte"),
    ]


def report_to_xlsx(groups: list[ReportGroup]) -> bytes:
    workbook = Spreadsheet()
    sheet = workbook.create_sheet(_("Barrierer"))
    sheet.header(_headers())
    sheet.widths(*(width for _key, width in COLUMNS))
    for group in groups:
        for row in group.rows:
            barrier = row.barrier
            values = [
                group.title or _("Uten tema"),
                barrier.title,
                barrier.description,
                barrier.get_status_display(),
                barrier.get_level_display(),
                barrier.category.name,
                barrier.reporting_organisation.name,
                barrier.endorsement_count,
                ", ".join(row.endorsing_organisations),
                barrier.recipient.name if barrier.recipient else "",
                barrier.answer_deadline,
                _("Ja") if barrier.is_overdue else "",
                barrier.get_answer_outcome_display() if barrier.answer_outcome else "",
                barrier.answer_text,
                "\n".join(
                    f"{experiment.title}: {experiment.observation}"
                    for experiment in row.experiments
                ),
            ]
            sheet.append(values)
    worksheet = sheet.worksheet
    for row_cells in worksheet.iter_rows(min_row=2):
        for cell in row_cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    worksheet.auto_filter.ref = worksheet.dimensions
    return workbook.to_bytes()
