from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from fellesloft.core.apps import FellesloftAppConfig
from fellesloft.core.navigation import NavItem


class LearningConfig(FellesloftAppConfig):
    name = "fellesloft.learning"
    verbose_name = _("Læringsnettverk")
    url_prefix = "laering/"
    navigation = (
        NavItem(_("Læringsnettverk"), "learning:feed", order=60),
        NavItem(_("Søk"), "learning:search", order=95),
    )

    def ready(self) -> None:
        from fellesloft.learning import searchindex

        searchindex.connect_signals()
        post_migrate.connect(_index_new_sources, sender=self)


def _index_new_sources(sender, using="default", **kwargs) -> None:
    """A part that registers with the search index after its data exists (or an install that
    predates a registration) gets its documents on the next `migrate`."""
    from django.db import connections

    from fellesloft.learning import searchindex
    from fellesloft.learning.models import SearchDocument

    connection = connections[using]
    if SearchDocument._meta.db_table not in connection.introspection.table_names():
        return  # migrated backwards past the index
    searchindex.index_missing_sources()
