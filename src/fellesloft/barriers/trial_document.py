"""The trial application as a document: one definition of its content (core.documents), which
the page, the DOCX and the PDF all render. Evidence is what the reader may see of what the
drafter chose (evidence.application_evidence)."""

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fellesloft.barriers.evidence import Evidence, application_evidence, sprint_label
from fellesloft.barriers.models import TrialApplication
from fellesloft.barriers.trial_act import provision_warnings
from fellesloft.core.documents import Document, Heading, Items, Notice, Paragraph, Table


def _date(value) -> str:
    return date_format(value, "DATE_FORMAT") if value else "–"


def _months(months: int) -> str:
    years, rest = divmod(months, 12)
    if not rest:
        return ngettext("%(n)s år", "%(n)s år", years) % {"n": years}
    return ngettext("%(n)s måned", "%(n)s måneder", months) % {"n": months}


def applicant(application: TrialApplication) -> str:
    organisation = application.barrier.reporting_organisation
    municipality = organisation.municipality
    if municipality is None:
        return organisation.name
    return _("%(organisation)s (%(municipality)s kommune)") % {
        "organisation": organisation.name,
        "municipality": municipality.name,
    }


def file_name(application: TrialApplication, extension: str) -> str:
    return f"forsoksoknad-barriere-{application.barrier_id}.{extension}"


def _step_rows(application: TrialApplication) -> list[list[str]]:
    return [
        [
            _("1. Forhåndssøknad til departementet"),
            application.get_preliminary_status_display(),
            _date(application.preliminary_sent_on),
            _date(application.preliminary_decided_on),
        ],
        [
            _("2. Endelig søknad, vedtatt i kommunestyret med lokal forskrift"),
            application.get_final_status_display()
            + (
                " – "
                + _("vedtatt i kommunestyret %(date)s")
                % {"date": _date(application.council_adopted_on)}
                if application.council_adopted_on
                else ""
            ),
            _date(application.final_sent_on),
            _date(application.final_decided_on),
        ],
    ]


def _evidence_blocks(evidence: Evidence) -> list:
    blocks: list = [Heading(_("Erfaringsgrunnlag"))]
    if evidence.is_empty:
        blocks.append(Paragraph(_("Søknaden viser ikke til forsøk, dialoger eller tilslutninger.")))
        return blocks
    if evidence.sprints:
        blocks.append(Heading(_("Sprinter og evalueringer"), level=2))
        for sprint in evidence.sprints:
            blocks.append(
                Paragraph(
                    _("%(start)s–%(end)s")
                    % {"start": _date(sprint.start_date), "end": _date(sprint.end_date)},
                    label=sprint_label(sprint) + ":",
                )
            )
            for label, text in (
                (_("Endringen vi prøvde ut:"), sprint.plan_change),
                (_("Observasjoner:"), sprint.do_observations or sprint.do_what_happened),
                (_("Hva fungerte?"), sprint.what_worked),
                (_("Hva justerer vi?"), sprint.what_to_adjust),
                (_("Hva tar vi med videre?"), sprint.what_to_take_forward),
                (
                    _("Beslutning:"),
                    sprint.get_act_decision_display() if sprint.act_decision else "",
                ),
            ):
                if text:
                    blocks.append(Paragraph(text, label=label))
    if evidence.learning_cards:
        blocks.append(Heading(_("Læringskort"), level=2))
        blocks.append(
            Table(
                [_("Læringskort"), _("Hypotese"), _("Observasjon"), _("Læring"), _("Beslutning")],
                [
                    [
                        f"{card.title} ({card.experiment.title})",
                        card.hypothesis,
                        card.observation,
                        card.learning,
                        card.decision,
                    ]
                    for card in evidence.learning_cards
                ],
            )
        )
    for item in evidence.dialogs:
        blocks.append(Heading(_("Dialog: %(title)s") % {"title": item.dialog.title}, level=2))
        if item.computed_at is None:
            blocks.append(Paragraph(_("Dialogen har ingen analyse ennå.")))
            continue
        blocks.append(
            Paragraph(
                _("Fra den siste analysen, %(date)s.")
                % {"date": date_format(item.computed_at, "DATE_FORMAT")}
            )
        )
        if item.consensus_agree:
            blocks.append(Paragraph("", label=_("Enighet på tvers av grupper – enig:")))
            blocks.append(Items(item.consensus_agree))
        if item.consensus_disagree:
            blocks.append(Paragraph("", label=_("Enighet på tvers av grupper – uenig:")))
            blocks.append(Items(item.consensus_disagree))
        if item.lens_rows:
            blocks.append(
                Paragraph(
                    _("Andel enige per sektor (grupper med færre enn fem personer vises ikke)."),
                    label=_("Sektorlinsen:"),
                )
            )
            blocks.append(
                Table(
                    [_("Påstand"), *item.lens_sectors],
                    [[text, *shares] for text, shares in item.lens_rows],
                )
            )
    if evidence.endorsements:
        blocks.append(Heading(_("Andre som møter den samme barrieren"), level=2))
        blocks.append(
            Items(
                [
                    endorsement.organisation.name
                    + (f": {endorsement.comment}" if endorsement.comment else "")
                    for endorsement in evidence.endorsements
                ]
            )
        )
    return blocks


def trial_document(application: TrialApplication, *, user) -> Document:
    """The application as `user` may read it, in Norwegian whatever the reader's language:
    it goes to a Norwegian ministry."""
    with translation.override(settings.LANGUAGE_CODE):
        return _build(application, application_evidence(application=application, user=user))


def _build(application: TrialApplication, evidence: Evidence) -> Document:
    barrier = application.barrier
    document = Document(
        title=_("Søknad om forsøk etter forsøksloven"),
        subtitle=barrier.title,
    )
    period = _months(application.duration_months)
    if application.extension_months:
        period += " " + _("(med mulig forlengelse på %(extension)s)") % {
            "extension": _months(application.extension_months)
        }
    document.add(
        Table(
            [_("Opplysning"), _("Verdi")],
            [
                [_("Søker"), applicant(application)],
                [_("Sendes til"), application.ministry.name if application.ministry else "–"],
                [_("Systembarriere"), barrier.title],
                [_("Ønsket oppstart"), _date(application.start_date)],
                [_("Forsøksperiode"), period],
            ],
        ),
        Heading(_("Bakgrunn: barrieren")),
        Paragraph(barrier.description),
        Heading(_("Formål med forsøket")),
        Paragraph(application.purpose or _("Ikke fylt ut ennå.")),
    )
    if application.trial_description:
        document.add(Heading(_("Hva forsøket går ut på")), Paragraph(application.trial_description))
    document.add(Heading(_("Bestemmelser det søkes om å avvike fra")))
    deviations = list(application.deviations.all())
    if deviations:
        document.add(
            Table(
                [_("Lov"), _("Forskrift"), _("Paragraf"), _("Avviket")],
                [[d.law, d.regulation or "–", d.section, d.deviation] for d in deviations],
            )
        )
        for deviation in deviations:
            for warning in provision_warnings(deviation.law, deviation.regulation):
                document.add(
                    Notice(
                        warning.text,
                        label=_("Advarsel (%(law)s %(section)s):")
                        % {"law": deviation.law, "section": deviation.section},
                    )
                )
    else:
        document.add(Paragraph(_("Ingen bestemmelser er lagt inn ennå.")))
    document.add(
        Heading(_("Varighet")),
        Paragraph(
            _(
                "Forsøket søkes gjennomført i %(period)s. Forsøksloven § 3 gir godkjenning for "
                "inntil fire år, med mulig forlengelse på inntil to år."
            )
            % {"period": period}
        ),
        Heading(_("Evaluering")),
        Paragraph(application.evaluation or _("Ikke fylt ut ennå.")),
        *_evidence_blocks(evidence),
        Heading(_("Saksgang")),
        Paragraph(
            _(
                "Søknaden følger forsøksordningens to trinn: først en forhåndssøknad til "
                "departementet, som vurderes sammen med berørte departementer; deretter en "
                "endelig søknad som er behandlet i kommunestyret, som også vedtar en lokal "
                "forskrift for forsøket."
            )
        ),
        Table([_("Trinn"), _("Status"), _("Sendt"), _("Svar")], _step_rows(application)),
    )
    if application.local_regulation:
        document.add(
            Heading(_("Lokal forskrift for forsøket")), Paragraph(application.local_regulation)
        )
    document.add(
        Heading(_("Hjemmel")),
        Paragraph(
            _(
                "Lov 26. juni 1992 nr. 87 om forsøk i offentlig forvaltning (forsøksloven) "
                "§§ 1, 3 og 4. Det kan ikke gis unntak fra kommunelovens grunnleggende regler "
                "om organisering eller fra forvaltningslovens saksbehandlingsregler (§ 4)."
            )
        ),
    )
    return document
