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
    """The smallest round number at or above `value` (at least 1): the scale's top."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 3, 4, 5, 6, 8, 10) if step * power >= value)


def scale_steps(top):
    """Into how many equal whole steps the scale is cut: five where it can be."""
    return next(steps for steps in (5, 4, 3, 2, 1) if top % steps == 0)


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
    steps = scale_steps(top)
    ticks = [{"value": top * n // steps, "y": y(top * n / steps)} for n in range(steps + 1)]
    # The first, middle and last days, their labels kept inside the chart.
    labelled = {0: "start", len(days) // 2: "middle", len(days) - 1: "end"}
    dates = [{"day": days[i], "x": x(i), "anchor": a} for i, a in labelled.items()] if days else []
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
