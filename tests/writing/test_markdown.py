"""The Markdown pipeline: sanitised HTML, highlighted code, reading time, code colours."""

import pytest
from django.conf import settings
from pygments.styles import get_style_by_name

from writing.markdown import (
    PYGMENTS_DARK_STYLE,
    PYGMENTS_LIGHT_STYLE,
    clear_render_cache,
    pygments_css,
    reading_minutes,
    render_markdown,
)


def html_of(source):
    return render_markdown(source).html


def _luminance(colour):
    red, green, blue = (int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))

    def linear(channel):
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def _contrast(first, second):
    lighter, darker = sorted([_luminance(first), _luminance(second)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize(
    ("hostile", "forbidden"),
    [
        ("<script>alert(1)</script>", "<script"),
        ("<script>alert(1)</script>", "alert(1)"),
        ("[click](javascript:alert(1))", "javascript:"),
        ("[click](JaVaScRiPt:alert(1))", "alert"),
        ("[data](data:text/html;base64,PHNjcmlwdD4=)", "data:"),
        ('<a href="#" onclick="steal()">x</a>', "onclick"),
        ("<img src=x onerror=alert(1)>", "onerror"),
        ('<p style="position:fixed">x</p>', "style="),
        ("<iframe src=https://evil.example></iframe>", "<iframe"),
        ("<svg onload=alert(1)></svg>", "onload"),
        ('<form action="https://evil.example"><input name=password></form>', "<form"),
        ("![x](javascript:alert(1))", "javascript:"),
        ("![x](//evil.example/x.png)", "evil.example"),
        ("<style>body{display:none}</style>", "display:none"),
    ],
)
def test_hostile_markdown_is_made_harmless(hostile, forbidden):
    assert forbidden.lower() not in html_of(f"Text\n\n{hostile}\n").lower()


def test_code_is_highlighted_with_css_classes_not_inline_styles():
    html = html_of("```python\ndef greet():\n    return 'hi'\n```\n")
    assert '<div class="highlight">' in html
    assert '<span class="k">def</span>' in html
    assert "style=" not in html


def test_code_blocks_can_be_focused_to_scroll_and_are_named():
    source = "```python\nx = 1\n```\n\n    indented\n\n<pre tabindex='-1'>raw</pre>"
    html = render_markdown(source).html
    assert html.count('tabindex="0"') == 3
    assert "tabindex='-1'" not in html and 'tabindex="-1"' not in html
    for number in (1, 2, 3):
        assert f'<pre tabindex="0" role="group" aria-label="Code example {number}">' in html


def test_tables_scroll_in_a_named_group_that_can_be_focused():
    html = render_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n\ntext\n\n| c |\n|---|\n| 3 |").html
    wrapper = '<div class="table-scroll" tabindex="0" role="group" aria-label="Table 1">'
    assert html.count(wrapper) == 1
    assert 'aria-label="Table 2"><table>' in html
    assert html.count("</table></div>") == 2


def test_headings_get_stable_ids_and_a_table_of_contents():
    rendered = render_markdown("## First step\n\ntext\n\n### A detail\n\ntext\n\n## Second step\n")
    assert '<h2 id="first-step">First step</h2>' in rendered.html
    assert '<a href="#a-detail"' in rendered.toc_html
    assert rendered.heading_count == 3
    # Rendered again (not from the render cache): the ids do not carry over from one text.
    clear_render_cache()
    assert '<h2 id="first-step">' in render_markdown("## First step\n").html


def test_tables_and_footnotes_render():
    html = html_of("| a | b |\n|---|---|\n| 1 | 2 |\n\nClaim.[^1]\n\n[^1]: Source.\n")
    assert "<table>" in html and "<td>1</td>" in html
    assert 'id="fn:1"' in html and 'href="#fn:1"' in html


def test_links_keep_safe_schemes():
    html = html_of("[docs](https://docs.python.org/3/) and [mail](mailto:a@example.com)")
    assert 'href="https://docs.python.org/3/"' in html
    assert 'href="mailto:a@example.com"' in html


@pytest.mark.parametrize(
    ("words", "minutes"), [(0, 0), (1, 1), (114, 1), (345, 2), (460, 2), (1840, 8)]
)
def test_reading_time_counts_words_at_230_a_minute(words, minutes):
    assert reading_minutes(" ".join(["word"] * words)) == minutes


def test_reading_time_ignores_punctuation_only_tokens():
    assert reading_minutes("word " * 230 + "— | ``` ### " * 100) == 1


@pytest.mark.parametrize("style_name", [PYGMENTS_LIGHT_STYLE, PYGMENTS_DARK_STYLE])
def test_code_colours_are_readable(style_name):
    style = get_style_by_name(style_name)
    for token, token_style in style:
        if token_style["color"] and "Whitespace" not in str(token) and "Error" not in str(token):
            contrast = _contrast(f"#{token_style['color']}", style.background_color)
            assert contrast >= 4.5, f"{token}: {contrast:.2f}"


def test_authors_cannot_set_ids_or_page_classes():
    html = html_of(
        '## Contact {#main}\n\n<div class="notice visually-hidden" id="contact">x</div>\n'
    )
    assert 'id="main"' not in html and 'id="contact"' not in html
    assert "notice" not in html and "visually-hidden" not in html


def test_images_only_from_this_site():
    html = html_of("![pixel](https://tracker.example/p.gif) ![local](/static/img/favicon.svg)")
    assert "tracker.example" not in html
    assert 'src="/static/img/favicon.svg"' in html


def test_shipped_pygments_stylesheet_is_current():
    shipped = (settings.BASE_DIR / "static" / "css" / "pygments.css").read_text()
    assert shipped == pygments_css(), "run: python manage.py pygments_css"
