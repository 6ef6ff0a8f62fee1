"""`{% section %}` (core/templatetags/sections.py): a section named by its own heading."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test.html import parse_html


def render(source: str, **context) -> str:
    return Template("{% load sections %}" + source).render(Context(context))


def test_section_is_named_by_its_heading():
    html = render(
        '{% section "hull" heading size="md" class="stack" %}<p>x</p>{% endsection %}',
        heading="Hull & tomrom",
    )
    assert parse_html(html) == parse_html(
        '<section aria-labelledby="hull" class="stack">'
        '<h2 class="ds-heading" data-size="md" id="hull">Hull &amp; tomrom</h2><p>x</p></section>'
    )


def test_section_defaults_and_level():
    html = render('{% section "a" "Overskrift" level=3 %}{% endsection %}')
    assert parse_html(html) == parse_html(
        '<section aria-labelledby="a">'
        '<h3 class="ds-heading" data-size="sm" id="a">Overskrift</h3></section>'
    )


def test_section_refuses_unknown_options():
    with pytest.raises(TemplateSyntaxError):
        render('{% section "a" "b" colour="red" %}{% endsection %}')
