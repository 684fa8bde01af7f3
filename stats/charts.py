"""Line charts drawn on the server as SVG: the coordinates of each series' points, the scale
and the date labels, for templates/admin/stats/chart.html. Each chart is shown beside a table
of the same figures."""

import math
from dataclasses import dataclass

WIDTH, HEIGHT = 720, 240
# Room for the scale's labels on the left and the dates below.
LEFT, BOTTOM, TOP, RIGHT = 48, 24, 12, 8


@dataclass
class Line:
    label: str
    css_class: str
    points: str  # "x,y x,y ..." for <polyline points>


def nice_ceiling(value):
    """The smallest of 1, 2, 5 × 10^n at or above `value` (at least 1): the scale's top."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value)


def line_chart(days, series):
    """`days`: the x values (dates); `series`: (label, css class, values) with one value per
    day, None where there is none. Returns what the chart template draws."""
    top = nice_ceiling(max((v for _, _, values in series for v in values if v), default=0))
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_width / max(len(days) - 1, 1)

    def x(index):
        return round(LEFT + index * step, 1)

    def y(value):
        return round(TOP + plot_height * (1 - value / top), 1)

    lines = [
        Line(label, css_class, " ".join(
            f"{x(i)},{y(v)}" for i, v in enumerate(values) if v is not None
        ))
        for label, css_class, values in series
    ]  # fmt: skip
    ticks = [{"value": top * n // 4, "y": y(top * n / 4)} for n in range(5)]
    labelled = sorted({0, len(days) // 2, len(days) - 1})
    dates = [{"day": days[i], "x": x(i)} for i in labelled] if days else []
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "baseline": y(0),
        "lines": lines,
        "ticks": ticks,
        "dates": dates,
        "date_y": HEIGHT - 6,
    }
