"""Uploaded images: checked, stripped of location data, and resized into renditions (Pillow).

Every stored file is named by a hash of its bytes, so a name never changes meaning and can be
cached by browsers for good. Pillow is imported on first use: a worker that only serves pages
never loads it.
"""

import io
import re
from dataclasses import dataclass
from hashlib import blake2b

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.html import escape

# Widths made of each image, in CSS pixels; none wider than the original.
RENDITION_WIDTHS = (480, 960, 1600)
# Formats Pillow may read from an upload, and the extension each is stored with.
ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
# The EXIF tag of the GPS block: where a picture was taken.
EXIF_GPS_IFD = 0x8825
WEBP_QUALITY = 80
JPEG_QUALITY = 82


@dataclass(frozen=True)
class Rendition:
    name: str
    width: int
    height: int
    mime_type: str

    @property
    def url(self):
        return default_storage.url(self.name)


def _store(data, suffix):
    """Store bytes under a name made from their hash; the same bytes are stored once."""
    name = f"images/{blake2b(data, digest_size=10).hexdigest()}{suffix}"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(data))
    return name


def open_upload(upload):
    """The upload's bytes and its Pillow image, or a ValidationError saying what is wrong."""
    from PIL import Image, UnidentifiedImageError

    if upload.size > settings.IMAGE_MAX_BYTES:
        raise ValidationError(
            f"The file is {upload.size / 1e6:.1f} MB; images may be up to "
            f"{settings.IMAGE_MAX_BYTES / 1e6:.0f} MB.",
            code="too_large",
        )
    upload.seek(0)
    data = upload.read()
    Image.MAX_IMAGE_PIXELS = settings.IMAGE_MAX_PIXELS
    try:
        # Both checks read the file itself, not its name: verify() walks the whole file.
        Image.open(io.BytesIO(data)).verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            "The file is not an image Pillow can read (JPEG, PNG, WebP or GIF).",
            code="not_an_image",
        ) from None
    if image.format not in ACCEPTED_FORMATS:
        raise ValidationError(
            f"{image.format} images are not accepted; please upload JPEG, PNG, WebP or GIF.",
            code="format",
        )
    if image.width * image.height > settings.IMAGE_MAX_PIXELS:
        raise _too_many_pixels()
    return data, image


def _too_many_pixels():
    return ValidationError(
        f"The image has more than {settings.IMAGE_MAX_PIXELS / 1e6:.0f} million pixels; please "
        "upload a smaller one.",
        code="too_many_pixels",
    )


def store_original(image):
    """Store the upload without its location data; returns (name, width, height)."""
    from PIL import ImageOps

    exif = image.getexif()
    exif.pop(EXIF_GPS_IFD, None)
    extension = ACCEPTED_FORMATS[image.format]
    options = {"exif": exif.tobytes()} if image.format in ("JPEG", "WEBP", "PNG") else {}
    if image.format == "JPEG":
        options["quality"] = "keep"  # the original's own quantisation: no visible loss
    buffer = io.BytesIO()
    image.save(buffer, format=image.format, **options)
    data = buffer.getvalue()
    name = _store(data, f".{extension}")
    width, height = ImageOps.exif_transpose(image).size
    return name, width, height


def make_renditions(image):
    """Resized copies in WebP and in the original's format, as a list of dicts to store."""
    from PIL import ImageOps

    upright = ImageOps.exif_transpose(image)
    if upright.mode not in ("RGB", "RGBA"):
        upright = upright.convert("RGBA" if "transparency" in upright.info else "RGB")
    widths = [w for w in RENDITION_WIDTHS if w < upright.width] + [upright.width]
    original_format = "PNG" if image.format in ("PNG", "GIF") else "JPEG"
    renditions = []
    for width in sorted(set(widths)):
        height = round(upright.height * width / upright.width)
        resized = upright.resize((width, height), resample=3) if width != upright.width else upright
        for format_, mime_type, options in [
            ("WEBP", "image/webp", {"quality": WEBP_QUALITY, "method": 4}),
            (original_format, f"image/{original_format.lower()}", _options(original_format)),
        ]:
            picture = resized if format_ != "JPEG" else resized.convert("RGB")
            buffer = io.BytesIO()
            picture.save(buffer, format=format_, **options)
            data = buffer.getvalue()
            suffix = f"-{width}.{'jpg' if format_ == 'JPEG' else format_.lower()}"
            name = _store(data, suffix)
            renditions.append(
                {"name": name, "width": width, "height": height, "mime_type": mime_type}
            )
    return renditions


def _options(format_):
    if format_ == "JPEG":
        return {"quality": JPEG_QUALITY, "optimize": True, "progressive": True}
    return {"optimize": True}


# Where a text places an image: Markdown's `![alt](image:slug)`, as Python-Markdown writes it.
IMAGE_REFERENCE = re.compile(r'<img alt="([^"]*)" src="image:([-\w]+)"(?: title="[^"]*")?\s*/?>')
# The column a text is shown in (see .prose in site.css): the widths the browser picks from.
IMAGE_SIZES = "(min-width: 48rem) 44rem, calc(100vw - 2.5rem)"


def referenced_slugs(source):
    """The slugs of the images a Markdown text places, in order."""
    return re.findall(r"!\[[^\]]*\]\(image:([-\w]+)", source)


def picture_html(image, alt, lazy, css_class=""):
    """A <picture> with WebP and original-format sources, sized so the page does not shift."""
    by_type = {}
    for rendition in image.rendition_list:
        by_type.setdefault(rendition.mime_type, []).append(rendition)
    webp = by_type.pop("image/webp", [])
    fallback = next(iter(by_type.values()), webp)

    def srcset(renditions):
        return ", ".join(f"{r.url} {r.width}w" for r in renditions)

    largest = fallback[-1]
    loading = ' loading="lazy"' if lazy else ""
    source = ""
    if webp:
        source = f'<source type="image/webp" srcset="{srcset(webp)}" sizes="{IMAGE_SIZES}">'
    class_attribute = f' class="{escape(css_class)}"' if css_class else ""
    return (
        f'<picture{class_attribute}>{source}<img src="{largest.url}" srcset="{srcset(fallback)}" '
        f'sizes="{IMAGE_SIZES}" width="{largest.width}" height="{largest.height}" '
        f'alt="{escape(alt)}"{loading} decoding="async"></picture>'
    )


def figure_html(image, alt, lazy):
    caption = escape(image.caption)
    if image.credit:
        caption += f' <span class="figure__credit">{escape(image.credit)}</span>'
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f'<figure class="figure">{picture_html(image, alt, lazy)}{figcaption}</figure>'
