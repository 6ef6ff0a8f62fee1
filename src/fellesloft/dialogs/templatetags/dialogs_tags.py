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


def _map_frame(points):
    """(x, y) of the engine → (x, y) on the drawing: the points fill the square, the longer
    side sets the scale; a place outside the points' box (a participant left out of the
    sample drawn) is kept inside the frame."""
    xs = [point[0] for point in points]
    ys = [point[1] for point in points]
    inner = MAP_SIZE - 2 * MAP_PADDING
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    scale = inner / span
    left = MAP_PADDING + (inner - (max(xs) - min(xs)) * scale) / 2
    bottom = MAP_SIZE - MAP_PADDING - (inner - (max(ys) - min(ys)) * scale) / 2
    x_min, y_min = min(xs), min(ys)

    def place(x: float, y: float) -> tuple[float, float]:
        return (
            min(max(left + (x - x_min) * scale, MAP_PADDING), MAP_SIZE - MAP_PADDING),
            min(max(bottom - (y - y_min) * scale, MAP_PADDING), MAP_SIZE - MAP_PADDING),
        )

    return place


def _map_layers(points) -> str:
    place = _map_frame(points)
    by_group: dict[int, list[str]] = {}
    for x, y, group in points:
        at_x, at_y = place(x, y)
        # The marker paths start at their left edge.
        by_group.setdefault(int(group), []).append(f"M{at_x - 3.2:.1f} {at_y:.1f}")
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


# «Du er her»: a black ring with a white edge around the participant's own point, so it stands
# out from every group's colour and shape, and its label in words beside it.
YOU_ARE_HERE_RING = (
    '<circle cx="{x}" cy="{y}" r="{r}" fill="none" stroke="#fff" stroke-width="{halo}"/>'
    '<circle cx="{x}" cy="{y}" r="{r}" fill="none" stroke="#000" stroke-width="{line}"/>'
)


def _you_are_here(points, me) -> str:
    x, y = _map_frame(points)(me.x, me.y)
    ring = format_html(YOU_ARE_HERE_RING, x=f"{x:.1f}", y=f"{y:.1f}", r=8, halo=5, line=2.5)
    on_the_left = x > MAP_SIZE - 90  # near the right edge the label goes to the left
    return format_html(
        '<g class="you-are-here-marker">{ring}<text x="{tx}" y="{ty}" text-anchor="{anchor}"'
        ' font-size="14" font-weight="700" fill="#000" stroke="#fff" stroke-width="4"'
        ' paint-order="stroke">{label}</text></g>',
        ring=ring,
        tx=f"{x - 12 if on_the_left else x + 12:.1f}",
        ty=f"{min(max(y + 5, 16), MAP_SIZE - 6):.1f}",
        anchor="end" if on_the_left else "start",
        label=_("Du er her"),
    )


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
    me = result.me  # the participant looking at their own results, if it is one
    here = here_legend = ""
    if me is not None and me.group is not None and me.x is not None:
        here = _you_are_here(points, me)
        here_legend = format_html(
            '<li class="you-are-here-legend"><svg width="18" height="18" viewBox="0 0 18 18"'
            ' aria-hidden="true" focusable="false">{ring}</svg> {label}</li>',
            ring=format_html(YOU_ARE_HERE_RING, x=9, y=9, r=6, halo=4, line=2),
            label=_("Du er her"),
        )
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
        ' fill="#fff" stroke="#ccc"/>{layers}{here}</svg><ul class="map-legend">{here_legend}'
        "{legend}</ul>",
        size=MAP_SIZE,
        layers=mark_safe(layers),  # noqa: S308 – numbers and fixed markup only
        here=here,
        here_legend=here_legend,
        legend=legend,
    )
