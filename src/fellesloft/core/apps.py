from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fellesloft.core.navigation import NavItem


class FellesloftAppConfig(AppConfig):
    """What each part of the product declares about itself: where its pages live (the root
    URLconf includes `<name>.urls` under `url_prefix`; None: no pages) and its entries in
    the main menu. The label is Django's default, the last part of `name`."""

    url_prefix: str | None = None
    navigation: tuple[NavItem, ...] = ()

    # Django uses the one AppConfig in an app's apps.py that does not say `default = False`;
    # the base, imported there too, says so, and its subclasses must not inherit that.
    default = False

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        cls.default = True


class CoreConfig(FellesloftAppConfig):
    name = "fellesloft.core"
    verbose_name = _("Kjerne")
    navigation = (
        NavItem(_("Mitt arbeid"), "core:my_work", order=0, permission="core.open_my_work"),
        NavItem(_("Revisjonslogg"), "core:audit_log", 99, "core.view_auditlog"),
    )

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from fellesloft.core.ordering import register_sqlite_collation

        # Norwegian order (Æ Ø Å last) in SQLite's ORDER BY, as PostgreSQL's ICU collation.
        connection_created.connect(
            register_sqlite_collation, dispatch_uid="core.ordering.sqlite_collation"
        )
