"""Share cards: the 1200×630 picture a link to the site shows on LinkedIn, X, Slack and the rest.

A page with a cover image shares it, cropped to the card's shape; any other page gets a card
drawn with Pillow in the site's colours from its title, a label above it (a category) and the
owner's name, in the font Pillow itself ships. A card is named by what it shows, so it is drawn
once, when the row is first saved with those words, and never changes under its name.
"""

import io
from hashlib import blake2b

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from core.seo import CARD_HEIGHT, CARD_WIDTH

# Raise it when the drawing below changes, so that every card is drawn again.
CARD_DESIGN = 2
# The site's light theme (static/css/site.css).
BACKGROUND, SURFACE, ACCENT, TEXT, MUTED = "#fbfaf8", "#f1efea", "#1f5f8b", "#1d2127", "#5a6270"
MARGIN = 80
TITLE_SIZE, LABEL_SIZE, NAME_SIZE = 68, 30, 34
TITLE_LINES = 4


def share_card(title, label, owner, cover=None):
    """The storage name of the page's card, drawn (or cropped from `cover`) if not yet stored."""
    source = cover.file.name if cover else ""
    key = blake2b(repr((CARD_DESIGN, title, label, owner, source)).encode(), digest_size=10)
    name = f"images/share-{key.hexdigest()}.{'jpg' if cover else 'png'}"
    if not default_storage.exists(name):
        data = _cropped(cover) if cover else _drawn(title, label, owner)
        default_storage.save(name, ContentFile(data))
    return name


def _cropped(cover):
    from PIL import Image, ImageOps

    with default_storage.open(cover.file.name) as file, Image.open(file) as picture:
        card = ImageOps.fit(
            ImageOps.exif_transpose(picture).convert("RGB"), (CARD_WIDTH, CARD_HEIGHT)
        )
    buffer = io.BytesIO()
    card.save(buffer, format="JPEG", quality=85, optimize=True)
    return buffer.getvalue()


def _drawn(title, label, owner):
    from PIL import Image, ImageDraw, ImageFont

    card = Image.new("RGB", (CARD_WIDTH, CARD_HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(card)
    draw.rectangle([0, CARD_HEIGHT - 120, CARD_WIDTH, CARD_HEIGHT], fill=SURFACE)
    draw.rectangle([0, 0, 24, CARD_HEIGHT], fill=ACCENT)
    font = ImageFont.load_default
    draw.text((MARGIN, 70), label.upper(), font=font(size=LABEL_SIZE), fill=ACCENT)
    title_font = font(size=TITLE_SIZE)
    lines = _wrapped(draw, title, title_font, CARD_WIDTH - 2 * MARGIN)
    for number, line in enumerate(lines):
        y = 130 + number * round(TITLE_SIZE * 1.2)
        draw.text((MARGIN, y), line, font=title_font, fill=TEXT, stroke_width=1, stroke_fill=TEXT)
    draw.text((MARGIN, CARD_HEIGHT - 82), owner, font=font(size=NAME_SIZE), fill=MUTED)
    buffer = io.BytesIO()
    card.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _wrapped(draw, text, font, width):
    """The text in lines that fit `width`, at most TITLE_LINES, the last cut with an ellipsis."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    lines.append(line)
    if len(lines) > TITLE_LINES:
        last = lines[TITLE_LINES - 1]
        while last and draw.textlength(last + " …", font=font) > width:
            last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
        lines = [*lines[: TITLE_LINES - 1], last + " …"]
    return lines
