"""How a part of the product plugs itself in without editing shared files: each of our apps
may have a module of a known name (`api`, `demo`, `profile`, `search`), and the shared code
asks for them here."""

from collections.abc import Iterator
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from django.apps import AppConfig, apps


def app_plugins(module_name: str) -> Iterator[tuple[AppConfig, ModuleType]]:
    """(app config, its `module_name` module) for each of our apps that has one, in the order
    of INSTALLED_APPS."""
    for config in apps.get_app_configs():
        if not config.name.startswith("fellesloft."):
            continue
        if find_spec(f"{config.name}.{module_name}") is None:
            continue
        yield config, import_module(f"{config.name}.{module_name}")
