"""The permission matrix: what each role gets from every URL of the product.

Each app declares its cases in `tests/<app>/permissions.py` as `CASES`; the matrix test
fails when a URL pattern has no case, so a new page cannot ship without one.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from tests.world import ROLES

TESTS_DIR = Path(__file__).parent

# Django's own admin guards itself with is_staff; one case covers its entrance.
IGNORED_NAMESPACES = {"admin"}

Kwargs = dict[str, Any] | Callable[[Any], dict[str, Any]]


@dataclass(frozen=True)
class Case:
    url_name: str
    expect: dict[str, int]
    kwargs: Kwargs = field(default_factory=dict)
    method: str = "get"
    data: Kwargs = field(default_factory=dict)
    # `data` sent as a JSON body (the API's writes), so each role meets the endpoint's policy
    # rather than the parser's refusal of form data.
    json: bool = False
    # Pages that a browser shows: the accessibility test runs axe on them.
    html: bool = True

    def resolve_kwargs(self, world) -> dict[str, Any]:
        return self.kwargs(world) if callable(self.kwargs) else self.kwargs

    def resolve_data(self, world) -> dict[str, Any]:
        return self.data(world) if callable(self.data) else self.data

    @property
    def id(self) -> str:
        return f"{self.method.upper()} {self.url_name}"


def everyone(status: int = 200) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


def logged_in(status: int = 200, *, anonymous: int = 302) -> dict[str, int]:
    return {**everyone(status), "anonymous": anonymous}


def only(allowed: set[str], status: int = 200, *, denied: int = 403, anonymous: int = 302):
    expect = {role: (status if role in allowed else denied) for role in ROLES}
    if "anonymous" not in allowed:
        expect["anonymous"] = anonymous
    return expect


def all_cases() -> list[Case]:
    cases: list[Case] = []
    for module in app_permission_modules():
        cases.extend(module.CASES)
    return cases


def app_permission_modules() -> list[Any]:
    modules = []
    for path in sorted(TESTS_DIR.glob("*/permissions.py")):
        modules.append(import_module(f"tests.{path.parent.name}.permissions"))
    return modules


def extend_world(world) -> None:
    for module in app_permission_modules():
        extender = getattr(module, "extend_world", None)
        if extender is not None:
            extender(world)


def url_names() -> set[str]:
    def walk(patterns, namespace: str | None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace
                full = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
                yield from walk(pattern.url_patterns, full)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return {
        name
        for name in walk(get_resolver().url_patterns, None)
        if name.split(":")[0] not in IGNORED_NAMESPACES
    }
