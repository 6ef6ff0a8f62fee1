"""`{% section %}`: a part of a page under its own heading, named by that heading."""

from django import template
from django.template.base import token_kwargs
from django.template.loader import render_to_string

register = template.Library()

OPTIONS = {"size", "class", "level"}


@register.tag
def section(parser, token):
    """`{% section "hull" _("Hull per aldersgruppe") size="md" class="stack" %}…{% endsection %}`:
    the section, its heading and the `aria-labelledby` that names the section by the heading
    (core/section.html), with the anchor written once. `size` is the heading's data-size
    (default «sm»), `level` its level (default 2), `class` the section's class."""
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError("section takes an id and a heading")
    anchor, heading = (parser.compile_filter(bit) for bit in bits[1:3])
    options = token_kwargs(bits[3:], parser)
    if len(options) != len(bits) - 3 or not options.keys() <= OPTIONS:
        raise template.TemplateSyntaxError(f"section takes only {', '.join(sorted(OPTIONS))}")
    nodelist = parser.parse(("endsection",))
    parser.delete_first_token()
    return SectionNode(nodelist, anchor, heading, options)


class SectionNode(template.Node):
    def __init__(self, nodelist, anchor, heading, options):
        self.nodelist = nodelist
        self.anchor = anchor
        self.heading = heading
        self.options = options

    def render(self, context) -> str:
        values = {name: value.resolve(context) for name, value in self.options.items()}
        return render_to_string(
            "core/section.html",
            {
                "id": self.anchor.resolve(context),
                "heading": self.heading.resolve(context),
                "size": values.get("size", "sm"),
                "level": values.get("level", 2),
                "class": values.get("class", ""),
                "body": self.nodelist.render(context),
            },
        )
