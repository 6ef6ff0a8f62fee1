from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from fellesloft.core.apps import FellesloftAppConfig
from fellesloft.core.navigation import NavItem


class SearchConfig(FellesloftAppConfig):
    name = "fellesloft.search"
    verbose_name = _("Søk")
    url_prefix = "sok/"
    navigation = (NavItem(_("Søk"), "search:search", order=95),)

    def ready(self) -> None:
        from fellesloft.search import indexing

        indexing.connect()
        post_migrate.connect(_index_new_sources, sender=self)


def _index_new_sources(sender, using="default", **kwargs) -> None:
    """The index is derived data: a source registered after its data exists (or an install
    whose index table is new, as after moving it into this app) gets its documents on the
    next `migrate`."""
    from django.db import connections

    from fellesloft.search import indexing
    from fellesloft.search.models import SearchDocument

    connection = connections[using]
    if SearchDocument._meta.db_table not in connection.introspection.table_names():
        return  # migrated backwards past the index
    indexing.index_missing_sources()
