from django import forms
from django.utils.translation import gettext_lazy as _

from fellesloft.core.forms import long_text
from fellesloft.notifications.models import Kind
from fellesloft.notifications.services import COMMENT_MAX_LENGTH


class EmailChoicesForm(forms.Form):
    """One box per kind of notification: tick it to get that kind by e-mail as well."""

    def __init__(self, *args, choices: dict[str, bool], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in Kind:
            self.fields[kind.value] = forms.BooleanField(
                label=kind.label, required=False, initial=choices.get(kind.value, True)
            )


class CommentForm(forms.Form):
    text = long_text(
        _("Kommentar"),
        rows=4,
        max_length=COMMENT_MAX_LENGTH,
        help_text=_(
            "Synlig for alle som kan se denne siden. Ikke skriv personopplysninger om "
            "enkeltpersoner."
        ),
    )
