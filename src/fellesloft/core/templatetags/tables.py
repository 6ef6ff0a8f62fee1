import re

from django import template
from django.template.loader import render_to_string
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

register = template.Library()

CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.DOTALL | re.IGNORECASE)


@register.tag
def table_scroll(parser, token):
    """`{% table_scroll %}<table>…</table>{% endtable_scroll %}`, or with a label
    (`{% table_scroll _("Sektorlinsen") %}`): the one way to put a table that may be wider than
    the page in its own keyboard-scrollable region (core/table_scroll.html) – the region is
    named by the label or else by the table's caption, and shows that it scrolls only when
    the table does not fit (fellesloft/tables.js)."""
    bits = token.split_contents()
    if len(bits) > 2:
        raise template.TemplateSyntaxError("table_scroll takes at most one label")
    label = parser.compile_filter(bits[1]) if len(bits) == 2 else None
    nodelist = parser.parse(("endtable_scroll",))
    parser.delete_first_token()
    return TableScrollNode(nodelist, label)


class TableScrollNode(template.Node):
    def __init__(self, nodelist, label):
        self.nodelist = nodelist
        self.label = label

    def render(self, context) -> str:
        table = self.nodelist.render(context)
        label = self.label.resolve(context) if self.label is not None else ""
        if not label:
            caption = CAPTION.search(table)
            label = " ".join(strip_tags(caption.group(1)).split()) if caption else _("Tabell")
        return render_to_string("core/table_scroll.html", {"table": table, "label": label})
