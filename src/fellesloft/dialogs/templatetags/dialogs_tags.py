from datetime import date

from django import template
from django.core.cache import cache
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()

# Okabe–Ito colours stay apart for colour-blind readers; each group also gets its own shape.
MAP_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
MAP_SIZE, MAP_PADDING = 300, 12


# One sub-path per participant, drawn around (0, 0) and moved with a relative start point.
MARKER_PATHS = [
    "a3.2 3.2 0 1 0 6.4 0a3.2 3.2 0 1 0 -6.4 0",  # circle (starts at its left edge)
    "m0 -3.2h6.4v6.4h-6.4z",  # square
    "m3.2 -3.8l3.8 6.6h-7.6z",  # triangle
    "m3.2 -3.9l3.9 3.9l-3.9 3.9l-3.9 -3.9z",  # diamond
]
MAP_CACHE_SECONDS = 24 * 3600


@register.filter
def isodate(value) -> date | None:
    """«2026-11-28», as the analysis stores a day, → a date for `|date`."""
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


@register.filter
def share_step(share) -> str:
    """The colour step of a share in the sector lens: 0 (few agree) to 4 (most agree); "" when
    the cell is hidden. The number is always written in the cell too."""
    if share is None or share == "":
        return ""
    return str(min(int(float(share) * 5), 4))


@register.filter
def direction_label(direction: str) -> str:
    return {"agree": _("enig"), "disagree": _("uenig")}.get(direction, "")


def _marker_shape(group: int) -> str:
    return MARKER_PATHS[group % len(MARKER_PATHS)] if group >= 0 else MARKER_PATHS[0]


def _map_layers(points) -> str:
    xs = [point[0] for point in points]
    ys = [point[1] for point in points]
    inner = MAP_SIZE - 2 * MAP_PADDING
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    scale = inner / span
    left = MAP_PADDING + (inner - (max(xs) - min(xs)) * scale) / 2 - 3.2
    bottom = MAP_SIZE - MAP_PADDING - (inner - (max(ys) - min(ys)) * scale) / 2
    x_min, y_min = min(xs), min(ys)
    by_group: dict[int, list[str]] = {}
    for x, y, group in points:
        by_group.setdefault(int(group), []).append(
            f"M{left + (x - x_min) * scale:.1f} {bottom - (y - y_min) * scale:.1f}"
        )
    layers = []
    for group, starts in sorted(by_group.items()):
        shape = _marker_shape(group)
        colour = MAP_COLOURS[group % len(MAP_COLOURS)] if group >= 0 else "#767676"
        layers.append(
            f'<path fill="{colour}" stroke="#fff" stroke-width=".6" d="'
            + "".join(start + shape for start in starts)
            + '"/>'
        )
    return "".join(layers)


@register.simple_tag
def opinion_map(result) -> str:
    """The opinion map as inline SVG: drawn on the server, so it needs no JavaScript and is
    the same on the page, in print and in the PDF. The group table beside it is the text
    alternative, so the picture itself is hidden from screen readers. The drawing is cached
    with the analysis it shows (up to 2 000 points would otherwise be redrawn per request)."""
    points = result.map_points
    if not points:
        return ""
    analysis = result.analysis
    key = (
        f"dialogs:map:{analysis.pk}:{analysis.computed_at.timestamp()}"
        if analysis is not None and analysis.pk
        else None
    )
    layers = cache.get(key) if key else None
    if layers is None:
        layers = _map_layers(points)
        if key:
            cache.set(key, layers, MAP_CACHE_SECONDS)
    legend = format_html_join(
        "",
        '<li><svg width="16" height="16" viewBox="-1 -5 10 10" aria-hidden="true"'
        ' focusable="false"><path fill="{}" d="M0 0{}"/></svg> {}</li>',
        (
            (
                # By the group's id, as the points: a group keeps its colour and shape
                # between recomputes, as it keeps its letter.
                MAP_COLOURS[group["id"] % len(MAP_COLOURS)],
                _marker_shape(group["id"]),
                _("Gruppe %(label)s") % {"label": group["label"]},
            )
            for group in result.groups
        ),
    )
    return format_html(
        '<svg class="opinion-map" viewBox="0 0 {size} {size}" width="{size}" height="{size}"'
        ' aria-hidden="true" focusable="false"><rect width="{size}" height="{size}"'
        ' fill="#fff" stroke="#ccc"/>{layers}</svg><ul class="map-legend">{legend}</ul>',
        size=MAP_SIZE,
        layers=mark_safe(layers),  # noqa: S308 – numbers and fixed markup only
        legend=legend,
    )
