import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fellesloft.settings")
django_application = get_wsgi_application()

from fellesloft.dialogs.intake import VoteIntake  # noqa: E402 – needs the apps loaded

# Votes take a fast lane past Django's request stack (see dialogs/intake.py); all else is Django.
application = VoteIntake(django_application)


def _warm_up() -> None:
    """Does at start-up what the first request of each process would otherwise pay for
    (~0.2 s): the template engine imports every tag library, the URL resolver builds its
    reverse lookups (one per language) and the translation catalogues are read."""
    from django.conf import settings
    from django.template import engines
    from django.urls import URLResolver, get_resolver
    from django.utils import translation

    for engine in engines.all():
        engine.engine.template_libraries  # noqa: B018 – imported when first touched

    def populate(resolver: URLResolver) -> None:
        resolver.reverse_dict  # noqa: B018 – built per language when first touched
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                populate(pattern)

    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Fellesløft")
            populate(get_resolver())


_warm_up()
# What is loaded by now lives as long as the process, so the garbage collector need not look at
# it again: a full collection of it takes ~90 ms, a pause for every request in flight.
gc.freeze()
