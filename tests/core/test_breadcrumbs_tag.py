"""`{% breadcrumbs %}` (core/templatetags/breadcrumbs.py): the trail down to the current page."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test.html import parse_html
from django.urls import reverse


def render(source: str, **context) -> str:
    return Template("{% load breadcrumbs %}" + source).render(Context(context))


class Page:
    def get_absolute_url(self) -> str:
        return "/side/"


def test_trail_of_url_names_paths_and_objects_down_to_the_current_page():
    html = render(
        '{% breadcrumbs "barriers:list" _("Systembarrierer") "/a/" first page "B" current=now %}',
        first="A & B",
        page=Page(),
        now="Nå <her>",
    )
    assert parse_html(html) == parse_html(
        '<nav class="breadcrumbs" aria-label="Brødsmulesti"><ol>'
        f'<li><a class="ds-link" href="{reverse("barriers:list")}">Systembarrierer</a></li>'
        '<li><a class="ds-link" href="/a/">A &amp; B</a></li>'
        '<li><a class="ds-link" href="/side/">B</a></li>'
        '<li aria-current="page">Nå &lt;her&gt;</li></ol></nav>'
    )


def test_a_place_without_its_label_is_refused():
    with pytest.raises(TemplateSyntaxError):
        render('{% breadcrumbs "/a/" current="B" %}')
