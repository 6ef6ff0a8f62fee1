"""The co-creation report («samskapingsrapport») as page, PDF (same template) and XLSX, the QR
code for the share page and the data behind the results page's charts."""

import csv
import io

import segno
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.chart import BarChart, Reference

from fellesloft.core.pdf import html_to_pdf
from fellesloft.core.people import person_label
from fellesloft.core.spreadsheets import Percent, Spreadsheet
from fellesloft.dialogs import disclosure, selectors
from fellesloft.dialogs.models import Dialog, Phase, StatementState


def qr_svg(url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer,
        kind="svg",
        scale=8,
        border=4,
        dark="#000",
        light="#fff",
        xmldecl=False,
        title=_("QR-kode til %(url)s") % {"url": url},
    )
    return buffer.getvalue()


def chart_data(results: list[disclosure.PhaseResults]) -> dict:
    """What results.js draws: participation per day, per phase."""
    data = {}
    for index, result in enumerate(results):
        data[str(index)] = {
            "participation": result.participation,
            "series": {"votes": _("Stemmer"), "participants": _("Nye deltakere")},
        }
    return data


def report_context(*, dialog: Dialog, user=None) -> dict:
    """The report's figures are the published ones (`disclosure`), nothing else. `user`: who
    reads it (the links of «Dette skjedde videre» are theirs to open); by default a visitor."""
    publication = disclosure.dialog_publication(dialog=dialog)
    return {
        "outcomes": selectors.dialog_outcomes(dialog=dialog, user=user or AnonymousUser()),
        "dialog": dialog,
        "results": publication.results,
        "statements": publication.statements,
        "totals": publication.totals,
        "experiments": publication.experiments,
        "breakdown": publication.breakdown,
        "who": publication.who,
        "min_group_size": disclosure.MIN_GROUP_SIZE,
        "chains": selectors.workshop_chains(statements=publication.statements)
        if dialog.is_future_workshop
        else [],
        "computed_at": publication.computed_at,
        "generated_at": timezone.now(),
    }


def report_pdf(*, dialog: Dialog, user=None) -> bytes:
    context = report_context(dialog=dialog, user=user)
    context["in_pdf"] = True
    css_path = finders.find("dialogs/report-print.css")
    context["print_css"] = open(css_path, encoding="utf-8").read() if css_path else ""  # noqa: SIM115
    html = render_to_string("dialogs/report_pdf.html", context)
    return html_to_pdf(html)


def report_xlsx(*, dialog: Dialog, user=None) -> bytes:
    context = report_context(dialog=dialog, user=user)
    workbook = Spreadsheet()
    overview = workbook.create_sheet(_("Sammendrag"))
    totals = context["totals"]
    for row in [
        (_("Samskapingsrapport"), dialog.title),
        (_("Spørsmål"), dialog.question),
        (_("Deltakere"), totals["participants"]),
        (_("Deltakere som har stemt"), totals["voters"]),
        (_("Stemmer"), totals["votes"]),
        (_("Publiserte utsagn"), totals["statements"]),
        (
            _("Forsøk"),
            "; ".join(
                f"{experiment.title} ({experiment.municipality.name})"
                for experiment in context["experiments"]
            ),
        ),
        (
            _("Analyse sist oppdatert"),
            context["computed_at"],
        ),
    ]:
        overview.append(list(row))
    breakdown = context["breakdown"]  # the age bands are on the sheet «Hvem har svart»
    title = _("Rolle eller sektor")
    for row in breakdown["sectors"]:
        overview.append([f"{title}: {row.label}", row.people])
    if breakdown["sectors"] and breakdown["sectors_rest"]:
        rest = _("Andre roller eller ikke oppgitt")
        overview.append([f"{title}: {rest}", breakdown["sectors_rest"]])
    overview.widths(28, 80)
    _who_sheet(workbook, context["who"])

    sheet = workbook.create_sheet(_("Utsagn"))
    sheet.header(
        [_("Nr."), _("Fase"), _("Utsagn"), _("Enig"), _("Uenig"), _("Vet ikke"), _("Startutsagn")],
    )
    for statement in context["statements"]:
        sheet.append(
            [
                statement.pk,
                Phase(statement.phase).label if statement.phase else "",
                statement.text,
                statement.n_agree,
                statement.n_disagree,
                statement.n_pass,
                _("ja") if statement.is_seed else _("nei"),
            ]
        )
    sheet.widths(None, None, 80)

    followed = workbook.create_sheet(_("Dette skjedde videre"))
    followed.header(
        [_("Dato"), _("Hva skjedde"), _("Overskrift"), _("Tekst"), _("Status"), _("Utsagn nr.")]
        + [_("Meningsgrupper")]
    )
    for outcome in context["outcomes"]:
        followed.append(
            [
                outcome.decided_on,
                outcome.get_kind_display(),
                outcome.title,
                outcome.text,
                outcome.status_label,
                ", ".join(str(statement.pk) for statement in outcome.statements.all()),
                ", ".join(outcome.group_labels),
            ]
        )
    followed.widths(12, 20, 40, 60, 16, 14, 14)

    groups = workbook.create_sheet(_("Grupper"))
    groups.header(
        [_("Fase"), _("Gruppe"), _("Størrelse"), _("Utsagn"), _("Retning"), _("Andel")]
        + [_("Antall"), _("Stemmer")],
    )
    keywords = workbook.create_sheet(_("Stikkord"))
    keywords.header(
        [_("Fase"), _("Hva"), _("Stikkord"), _("Utsagn nr."), _("Utsagn"), _("Retning")]
        + [_("Stikkord i utsagnet")],
    )
    consensus = workbook.create_sheet(_("Konsensus"))
    consensus.header([_("Fase"), _("Utsagn"), _("Retning"), _("Andel"), _("Antall"), _("Stemmer")])
    divisive = workbook.create_sheet(_("Splittende"))
    divisive.header([_("Fase"), _("Utsagn"), _("Splittelse"), _("Mest enig"), _("Minst enig")])
    lens = workbook.create_sheet(_("Sektorlinse"))
    direction = {"agree": _("enig"), "disagree": _("uenig")}
    for result in context["results"]:
        phase = result.phase_label
        for group in result.groups:
            for item in group["representative"] or [{"text": "", "direction": "", "share": None}]:
                groups.append(
                    [
                        phase,
                        group["label"],
                        group["size"],
                        item["text"],
                        direction.get(item["direction"], ""),
                        Percent(item["share"]),
                        item.get("n_success"),
                        item.get("n_seen"),
                    ]
                )
        labels = [
            (_("Gruppe %(label)s") % {"label": group["label"]}, group["keywords"].get(key))
            for group in result.groups
            for key in ("agree", "disagree")
        ] + [
            (_("Flest enige"), result.consensus_agree_keywords),
            (_("Flest uenige"), result.consensus_disagree_keywords),
        ]
        for what, label in labels:
            # Every label with the statements its words came from, one row per statement.
            for item in (label or {}).get("statements", []):
                keywords.append(
                    [
                        phase,
                        what,
                        label["text"],
                        item["statement"],
                        item["text"],
                        direction.get(item["direction"], ""),
                        ", ".join(
                            word["word"]
                            for word in label["words"]
                            if item["statement"] in word["statements"]
                        ),
                    ]
                )
        for item in result.consensus_agree + result.consensus_disagree:
            consensus.append(
                [phase, item["text"], direction[item["direction"]], Percent(item["share"])]
                + [item["n_success"], item["n_seen"]]
            )
        for item in result.divisive:
            divisive.append(
                [
                    phase,
                    item["text"],
                    item["divisiveness"],
                    item["most_agreeing_group"],
                    item["least_agreeing_group"],
                ]
            )
        sectors = result.sector_lens.get("sectors", []) if result.sector_lens else []
        if sectors:
            lens.header([phase or _("Utsagn")] + [sector["name"] for sector in sectors])
            for row in result.sector_lens["rows"]:
                lens.append([row["text"]] + [Percent(cell["agree_share"]) for cell in row["cells"]])
            lens.append([])
    keywords.widths(16, 14, 30, 10, 70, 10, 30)
    keywords.append([])
    keywords.append(
        [
            _(
                "Stikkordene er ord som står i utsagnene og sjelden i de andre, valgt ut ved "
                "telling – ikke et sammendrag."
            )
        ]
    )
    lens.append(
        [
            _(
                "Tomme celler: færre enn %(min)d personer, eller skjult fordi de ellers kunne "
                "regnes ut fra totalene, så ingen kan gjenkjennes."
            )
            % {"min": disclosure.MIN_GROUP_SIZE}
        ]
    )
    return workbook.to_bytes()


def _fraction(percent: int | None) -> float | None:
    return None if percent is None else percent / 100


def _who_sheet(workbook: Spreadsheet, who: disclosure.WhoResponded) -> None:
    """«Hvem har svart»: the table, and Excel's own bar chart of the two shares."""
    sheet = workbook.create_sheet(_("Hvem har svart"))
    few = _("færre enn %(min)d") % {"min": disclosure.MIN_GROUP_SIZE}
    hidden = _("skjult")
    population = who.population
    sheet.header(
        [
            _("Aldersgruppe"),
            _("Deltakere"),
            _("Andel av deltakerne"),
            _("Andel av dem som bor der"),
            _("Bor der (%(year)s)") % {"year": population.period} if population else _("Bor der"),
        ]
    )
    for row in who.bands:
        sheet.append(
            [
                row.label,
                row.people if row.people is not None else few if row.few else hidden,
                Percent(_fraction(row.share)),
                Percent(_fraction(row.population_share)),
                row.population,
            ]
        )
    older = who.older
    sheet.append(
        [older.label, older.people if older.people is not None else few, None, None]
        + [older.population]
    )
    rows = len(who.bands)
    if who.chart:
        chart = BarChart()
        chart.type = "bar"
        chart.title = _("Hvem har svart")
        chart.y_axis.title = "%"
        last = 4 if population else 3  # the two shares
        data = Reference(sheet.worksheet, min_col=3, max_col=last, min_row=1, max_row=rows + 1)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(Reference(sheet.worksheet, min_col=1, min_row=2, max_row=rows + 1))
        sheet.worksheet.add_chart(chart, "G2")
    sheet.append([])
    sheet.append([_("Rolle eller sektor"), _("Deltakere")])
    for sector in who.sectors:
        sheet.append([sector.label, sector.people])
    if who.sectors and who.sectors_rest:
        sheet.append([_("Andre roller eller ikke oppgitt"), who.sectors_rest])
    sheet.append([])
    for line in [*who.notes, *who.advice]:
        sheet.append([line])
    sheet.widths(24, 14, 16, 18, 16)


def moderation_log_csv(*, dialog: Dialog) -> str:
    """The moderation log for the facilitators: each decision – the statement, whether it was
    a seed or a participant's, the decision, the reason category and the note, who took it and
    when (newest first). Semicolons, as Norwegian Excel reads them."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(
        [
            _("utsagn nr."),
            _("utsagn"),
            _("kilde"),
            _("avgjørelse"),
            _("grunn"),
            _("begrunnelse"),
            _("moderator"),
            _("tidspunkt"),
        ]
    )
    for statement in selectors.moderation_log(dialog=dialog):
        approved = statement.state == StatementState.APPROVED
        writer.writerow(
            [
                statement.pk,
                statement.text,
                _("startutsagn") if statement.is_seed else _("deltaker"),
                _("godkjent") if approved else _("avvist"),
                "" if approved else statement.get_rejection_category_display(),
                "" if approved else statement.rejection_reason,
                person_label(statement.moderated_by),
                timezone.localtime(statement.moderated_at).strftime("%Y-%m-%d %H:%M"),
            ]
        )
    return buffer.getvalue()
