"""The one Markdown pipeline: source text in, sanitised HTML and derived data out.

Everything the site shows from Markdown (articles, the about text, project texts) goes through
`render_markdown`. It runs when a model is saved; page views only read the stored result, so
the Markdown, Pygments and sanitiser libraries are imported on first use: a web worker that
only serves pages never loads them.
"""

import functools
import itertools
import math
import re
from dataclasses import dataclass, replace
from html import unescape

from django.utils.html import escape, strip_tags

from images.models import Image
from images.pictures import IMAGE_REFERENCE, figure_html, picture_html

# Reading speed used for the "N min read" figure, counting prose and code words alike.
WORDS_PER_MINUTE = 230

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt", "em",
    "h2", "h3", "h4", "h5", "h6", "hr", "img", "kbd", "li", "ol", "p", "pre", "span", "strong",
    "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "class", "id"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height", "loading"},
    # Pygments marks tokens with classes; footnotes and headings need their ids as link targets.
    "code": {"class"},
    "div": {"class"},
    "span": {"class"},
    "pre": {"class"},
    "sup": {"id", "class"},
    "li": {"id"},
    "ol": {"class"},
    "hr": {"class"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "th": {"align"},
    "td": {"align"},
}
# Tags whose content goes with them, not just the tag.
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript"}
URL_SCHEMES = {"http", "https", "mailto"}


@dataclass(frozen=True)
class RenderedMarkdown:
    html: str
    toc_html: str
    heading_count: int

    @property
    def text(self):
        """The rendered text without markup, for search snippets and descriptions."""
        return " ".join(unescape(strip_tags(self.html)).split())


def _converter():
    import markdown

    return markdown.Markdown(
        # No attr_list: authors cannot set ids or classes that the page's own markup uses.
        extensions=["fenced_code", "codehilite", "tables", "footnotes", "toc", "sane_lists"],
        extension_configs={
            "codehilite": {"css_class": "highlight", "guess_lang": False},
            "toc": {"toc_depth": "2-3", "anchorlink": False},
            "footnotes": {"BACKLINK_TITLE": "Back to reference %d"},
        },
        output_format="html",
    )


# Classes the pipeline itself writes: Pygments token classes are a few lowercase letters
# (and a digit); the rest come from codehilite, footnotes and the table of contents.
PIPELINE_CLASSES = {"highlight", "footnote", "footnote-ref", "footnote-backref", "toc"}
PYGMENTS_CLASS = re.compile(r"[a-z]{1,3}[0-9]?")


def _filter_attribute(tag, attribute, value):
    if attribute == "class":
        kept = [
            name
            for name in value.split()
            if name in PIPELINE_CLASSES or PYGMENTS_CLASS.fullmatch(name)
        ]
        return " ".join(kept) or None
    if tag == "img" and attribute == "src":
        # Images only from this site: the pages make no request to any other host.
        return value if value.startswith("/") and not value.startswith("//") else None
    return value


def sanitise_html(html):
    """Keep only allow-listed tags and attributes; drop script, handlers and unsafe URLs."""
    import nh3

    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_filter_attribute,
    )


def _make_scrolling_blocks_focusable(html):
    """Code blocks and tables scroll sideways on a phone: give each a tab stop and a name, so a
    keyboard user can reach and scroll it and a screen reader says what it is.

    Groups, not regions: a page with many code blocks would otherwise be a long list of landmarks.
    A table keeps its own role, so it is wrapped in the group that scrolls.
    """
    code_number, table_number = itertools.count(1), itertools.count(1)
    html = re.sub(
        r"<pre(?=[\s>])",
        lambda match: (
            f'<pre tabindex="0" role="group" aria-label="Code example {next(code_number)}"'
        ),
        html,
    )
    html = re.sub(
        r"<table>",
        lambda match: (
            f'<div class="table-scroll" tabindex="0" role="group"'
            f' aria-label="Table {next(table_number)}"><table>'
        ),
        html,
    )
    return html.replace("</table>", "</table></div>")


def _count_headings(tokens):
    return sum(1 + _count_headings(token["children"]) for token in tokens)


# Rendering is pure and highlighting is slow, so re-saving unchanged text reuses the result.
@functools.lru_cache(maxsize=128)
def _render(source):
    """Sanitised HTML in which each placed image is a placeholder, and the images placed."""
    converter = _converter()
    html = converter.convert(source)
    heading_count = _count_headings(converter.toc_tokens)
    toc_html = sanitise_html(converter.toc) if heading_count else ""
    placed = []

    def placeholder(match):
        placed.append((unescape(match.group(1)), match.group(2)))
        return IMAGE_PLACEHOLDER.format(len(placed) - 1)

    html = IMAGE_REFERENCE.sub(placeholder, html)
    html = _make_scrolling_blocks_focusable(sanitise_html(html))
    rendered = RenderedMarkdown(html=html, toc_html=toc_html, heading_count=heading_count)
    return rendered, tuple(placed)


def clear_render_cache():
    """Forget rendered texts, e.g. after a change to the pipeline in a running process."""
    _render.cache_clear()


def render_markdown(source):
    """Render Markdown to sanitised HTML with a table of contents of its h2/h3 headings, and
    uploaded images placed by `![alt](image:slug)` as responsive pictures."""
    if not source.strip():
        return RenderedMarkdown(html="", toc_html="", heading_count=0)
    rendered, placed = _render(source)
    if placed:
        rendered = replace(rendered, html=_place_images(rendered.html, placed))
    return rendered


# An image's place in rendered HTML until the image is put there: text the sanitiser keeps.
IMAGE_PLACEHOLDER = "\u27e6image {}\u27e7"


def _place_images(html, placed):
    """Put each placed image in, as a figure when it stands alone in its paragraph. An image
    that was never uploaded (the admin refuses the text; a content file may still name one)
    becomes its alt text, never a broken image."""

    images = Image.objects.in_bulk([slug for _, slug in placed], field_name="slug")
    for index, (alt, slug) in enumerate(placed):
        token = IMAGE_PLACEHOLDER.format(index)
        image = images.get(slug)
        lazy = index > 0  # the first may be on the first screen; the others load when near
        if image is None:
            html = html.replace(token, escape(alt))
        elif f"<p>{token}</p>" in html:
            html = html.replace(f"<p>{token}</p>", figure_html(image, alt or image.alt, lazy))
        else:
            html = html.replace(token, picture_html(image, alt or image.alt, lazy))
    return html


def writing_warnings(source):
    """What a careful editor would point out in a text that is still valid: headings that skip
    a level, and images without alt text (a placed image falls back to its own)."""
    warnings = []
    rendered, _ = _render(source) if source.strip() else (None, ())
    levels = (
        [int(level) for level in re.findall(r"<h([2-6])[ >]", rendered.html)] if rendered else []
    )
    previous = 1  # the page's own title is the h1
    for level in levels:
        if level > previous + 1:
            warnings.append(f"a level-{level} heading follows a level-{previous} one")
        previous = level
    for alt, target in re.findall(r"!\[([^\]]*)\]\(\s*<?([^)\s>]+)", source):
        if not alt.strip() and not target.startswith("image:"):
            warnings.append(f"the image {target} has no alt text")
    return warnings


_HIGHLIGHTED_BLOCK = re.compile(r'<div class="highlight">.*?</div>', re.S)
_SPAN_TAG = re.compile(r"</?span[^>]*>")
# Opening tags only: the sanitiser escapes "<" in text and ">" in attribute values, so nothing
# else matches, and text (code above all) that shows an attribute is left as it is.
_OPENING_TAG = re.compile(r"<[a-zA-Z][^>]*>")
_SITE_ADDRESS = re.compile(r'(\s(?:href|src)=")(/(?!/)[^"]*)"')
_SOURCE_SET = re.compile(r'(\ssrcset=")([^"]*)"')


def feed_html(html, absolute_url):
    """Rendered HTML as a feed reader needs it: code blocks without their highlighting spans,
    which no reader styles and which more than double the size of a feed with code, and this
    site's paths in links and images (`/...`) made full addresses with `absolute_url(path)`,
    since readers do not agree on what a relative one is relative to."""
    html = _HIGHLIGHTED_BLOCK.sub(lambda block: _SPAN_TAG.sub("", block[0]), html)

    def full_addresses(match):
        candidates = []
        for candidate in match[2].split(","):
            address, _, width = candidate.strip().partition(" ")
            if address.startswith("/") and not address.startswith("//"):
                address = absolute_url(address)
            candidates.append(f"{address} {width}".strip())
        return f'{match[1]}{", ".join(candidates)}"'

    def in_tag(tag):
        tag = _SITE_ADDRESS.sub(lambda match: f'{match[1]}{absolute_url(match[2])}"', tag[0])
        return _SOURCE_SET.sub(full_addresses, tag)

    return _OPENING_TAG.sub(in_tag, html)


def has_highlighted_code(html):
    """Whether rendered HTML holds a highlighted code block, which needs the code colours."""
    return 'class="highlight"' in html


def count_words(source):
    """Words in Markdown source, prose and code alike: tokens holding a letter or digit."""
    return sum(1 for token in source.split() if any(char.isalnum() for char in token))


def reading_minutes(source):
    """Whole minutes to read `source` at WORDS_PER_MINUTE, at least one; zero for no text."""
    words = count_words(source)
    if not words:
        return 0
    return max(1, math.floor(words / WORDS_PER_MINUTE + 0.5))


# Code colours: one Pygments theme for light pages and one for dark, both scoped to `.highlight`;
# both keep every token at WCAG AA contrast (4.5:1) against their background.
PYGMENTS_LIGHT_STYLE = "default"
PYGMENTS_DARK_STYLE = "github-dark"


def pygments_css():
    """The stylesheet for highlighted code, as shipped in static/css/pygments.css."""
    from pygments.formatters import HtmlFormatter

    light = HtmlFormatter(style=PYGMENTS_LIGHT_STYLE).get_style_defs(".highlight")
    dark = HtmlFormatter(style=PYGMENTS_DARK_STYLE).get_style_defs(".highlight")
    dark = "\n".join(f"  {line}" for line in dark.splitlines())
    return (
        "/* Generated by `python manage.py pygments_css`; do not edit by hand. */\n"
        f"{light}\n\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n"
    )
