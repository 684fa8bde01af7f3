from datetime import date, timedelta

from stats.charts import HEIGHT, LEFT, RIGHT, WIDTH, line_chart, nice_ceiling, scale_steps


def test_the_scale_ends_on_a_round_number_cut_into_whole_steps():
    assert [nice_ceiling(v) for v in (0, 1, 7, 12, 99, 2345)] == [1, 1, 8, 20, 100, 3000]
    assert [scale_steps(top) for top in (1, 2, 3, 8, 20)] == [1, 2, 3, 4, 5]


def test_a_series_is_drawn_across_the_chart_with_gaps_left_out():
    days = [date(2026, 1, 1) + timedelta(days=n) for n in range(3)]
    chart = line_chart(days, [("Views", "views", [0, 10, None])])
    # The top of the scale is 10: the first point on the baseline, the second at the top.
    first, second = chart["lines"][0].points.split()
    assert first == f"{float(LEFT)},{chart['baseline']}"
    assert second.startswith(f"{(LEFT + WIDTH - RIGHT) / 2},")
    assert [tick["value"] for tick in chart["ticks"]] == [0, 2, 4, 6, 8, 10]
    assert [date["anchor"] for date in chart["dates"]] == ["start", "middle", "end"]
    assert 0 < chart["baseline"] < HEIGHT
