"""Images the owner uploads: checked, stripped of location data, resized, placed in texts."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as Picture

from articles.models import Article
from images.models import Image
from projects.models import Project
from tests.factories import EXIF_GPS_IFD, picture_bytes
from tests.helpers import admin_form_data, through_wsgi

pytestmark = pytest.mark.django_db


def upload(client, data, name="diagram.png", **fields):
    fields = {"alt": "A diagram of the pipeline", "slug": "pipeline-diagram"} | fields
    return client.post(
        reverse("admin:images_image_add"),
        {**fields, "file": SimpleUploadedFile(name, data)},
    )


def form_errors(response):
    return response.context["adminform"].form.errors


def test_an_upload_keeps_the_original_and_makes_webp_and_original_format_sizes(
    staff_client, media_root
):
    response = upload(staff_client, picture_bytes("JPEG", gps=True), name="photo.jpg")
    assert response.status_code == 302, form_errors(response)
    image = Image.objects.get(slug="pipeline-diagram")
    assert (image.width, image.height) == (1200, 800)
    assert re.fullmatch(r"images/[0-9a-f]{20}\.jpg", image.file.name)  # named by its content
    # The original is kept without its location, and with the rest of its EXIF.
    with Picture.open(media_root / image.file.name) as original:
        exif = original.getexif()
        assert exif[0x010F] == "Camera maker"
        assert EXIF_GPS_IFD not in exif
    sizes = {(r.width, r.mime_type) for r in image.rendition_list}
    assert sizes == {(w, t) for w in (480, 960, 1200) for t in ("image/webp", "image/jpeg")}
    for rendition in image.rendition_list:
        with Picture.open(media_root / rendition.name) as stored:
            assert stored.size == (rendition.width, rendition.height)
            assert stored.format == ("WEBP" if rendition.mime_type == "image/webp" else "JPEG")


def test_a_file_that_is_not_an_image_is_refused_whatever_its_name(staff_client):
    response = upload(
        staff_client, b"GIF89a, or so it says: a script in disguise", name="diagram.png"
    )
    assert response.status_code == 200
    assert "not an image" in str(form_errors(response)["file"])
    assert not Image.objects.exists()


def test_an_oversized_file_is_refused_with_the_limit(staff_client, settings):
    settings.IMAGE_MAX_BYTES = 20_000
    response = upload(staff_client, picture_bytes(size=(800, 800)) + b"\0" * 30_000)
    assert "images may be up to" in str(form_errors(response)["file"])


def test_a_decompression_bomb_is_refused_before_it_is_decoded(staff_client):
    # 150 million pixels in a few kilobytes: decoding it would take hundreds of megabytes.
    buffer = io.BytesIO()
    Picture.new("1", (12_000, 12_500)).save(buffer, format="PNG")
    assert len(buffer.getvalue()) < 100_000
    response = upload(staff_client, buffer.getvalue())
    assert "million pixels" in str(form_errors(response)["file"])
    assert not Image.objects.exists()


@pytest.fixture
def diagram(staff_client):
    assert (
        upload(staff_client, picture_bytes(), caption="The pipeline", credit="Own work").status_code
        == 302
    )
    return Image.objects.get(slug="pipeline-diagram")


def test_a_placed_image_renders_as_a_responsive_picture_with_its_caption(
    staff_client, client, content, diagram
):
    article = Article.objects.get(slug="the-cryptic-ledger")
    data = admin_form_data(
        staff_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    )
    data["body"] = (
        "Intro.\n\n![How the records flow](image:pipeline-diagram)\n\n"
        "Later, inline: ![small](image:pipeline-diagram) in a sentence."
    )
    response = staff_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 302, form_errors(response)
    html = client.get(article.get_absolute_url()).content.decode()
    figure = re.search(r'<figure class="figure">.*?</figure>', html, re.S).group(0)
    assert '<source type="image/webp" srcset="/media/images/' in figure
    assert re.search(r'srcset="[^"]*480w, [^"]*960w, [^"]*1200w"', figure)
    assert 'width="1200" height="800"' in figure and 'sizes="' in figure
    assert 'alt="How the records flow"' in figure and 'decoding="async"' in figure
    assert 'loading="lazy"' not in figure  # the first image may be on the first screen
    assert (
        '<figcaption>The pipeline <span class="figure__credit">Own work</span></figcaption>'
        in figure
    )
    inline = html[html.index("Later, inline:") :]
    assert inline.index("<picture>") < inline.index("in a sentence")
    assert 'alt="small" loading="lazy"' in inline
    for url in re.findall(r"(/media/images/[^ \"]+)", figure):
        served = client.get(url)
        assert served.status_code == 200, url
        assert served["Cache-Control"] == "public, max-age=31536000, immutable"


def test_an_unknown_image_reference_is_an_error_on_the_field(staff_client, content):
    article = Article.objects.get(slug="the-cryptic-ledger")
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = admin_form_data(staff_client.get(url)) | {"body": "See ![it](image:no-such-image)."}
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "image:no-such-image" in str(form_errors(response)["body"])
    article.refresh_from_db()
    assert "no-such-image" not in article.body


def test_a_text_naming_a_missing_image_shows_its_alt_text_never_a_broken_image(content):
    article = Article.objects.get(slug="the-cryptic-ledger")
    article.body = "![The alt text](image:never-uploaded)"
    article.save()  # as load_content or the shell would, without the admin's check
    assert "<img" not in article.body_html and "The alt text" in article.body_html


def test_media_outside_the_images_is_not_served(client, diagram, media_root):
    # Files that exist: a refusal is the view's, not a missing file's.
    (media_root / "private.txt").write_text("not an image")
    (media_root.parent / "outside.txt").write_text("not the site's")
    assert client.get("/media/private.txt").status_code == 404
    assert client.get("/media/../outside.txt").status_code == 404
    assert client.get("/media/images/../../outside.txt").status_code == 404
    assert client.get("/media/images/../private.txt").status_code == 404
    assert client.get("/media/images/0000.png").status_code == 404


def test_an_image_is_sent_as_it_is_stored_not_compressed_again(client, diagram):
    served = client.get(diagram.file.url, HTTP_ACCEPT_ENCODING="gzip, br")
    assert served.status_code == 200
    assert not served.has_header("Content-Encoding")
    assert b"".join(served.streaming_content) == diagram.file.open("rb").read()


def test_a_head_request_for_an_image_gets_its_length_and_no_body(diagram):
    status, headers, body = through_wsgi("HEAD", diagram.file.url)
    assert status.startswith("200") and body == b""
    assert int(headers["Content-Length"]) == diagram.file.size


def test_a_cover_image_shows_on_the_cards_and_the_page(client, content, diagram):
    article = Article.objects.get(slug="the-cryptic-ledger")
    article.cover_image = diagram
    article.save()
    project = Project.objects.get(slug="meshengine")
    project.cover_image = diagram
    project.save()
    for url in ["/", "/articles/", "/projects/"]:
        assert '<picture class="card__cover">' in client.get(url).content.decode(), url
    for url in [article.get_absolute_url(), project.get_absolute_url()]:
        cover = re.search(r'<picture class="cover">.*?</picture>', client.get(url).content.decode())
        assert (
            cover and 'loading="lazy"' not in cover.group(0) and 'alt="A diagram' in cover.group(0)
        )


def meta(response, prop):
    return re.search(
        rf'<meta (?:property|name)="{prop}" content="([^"]*)">', response.content.decode()
    ).group(1)


@pytest.mark.parametrize(
    "path", ["/", "/articles/the-cryptic-ledger/", "/projects/meshengine/", "/contact/"]
)
def test_every_page_shares_a_1200_by_630_card(client, content, media_root, path):
    response = client.get(path)
    assert meta(response, "twitter:card") == "summary_large_image"
    assert (meta(response, "og:image:width"), meta(response, "og:image:height")) == ("1200", "630")
    assert meta(response, "og:image:alt")
    image_url = meta(response, "og:image")
    assert image_url.startswith("https://portfolio.example/media/images/share-")
    card = client.get(image_url.removeprefix("https://portfolio.example"))
    assert card.status_code == 200
    with Picture.open(io.BytesIO(b"".join(card))) as picture:
        assert picture.size == (1200, 630)


def test_an_article_with_a_cover_shares_the_cover_cropped_to_the_card(
    client, content, diagram, media_root
):
    article = Article.objects.get(slug="the-cryptic-ledger")
    drawn = article.share_image
    article.cover_image = diagram
    article.save()
    assert article.share_image != drawn and article.share_image.endswith(".jpg")
    response = client.get(article.get_absolute_url())
    assert meta(response, "og:image:alt") == "A diagram of the pipeline"
    with Picture.open(media_root / article.share_image) as picture:
        assert (picture.size, picture.format) == ((1200, 630), "JPEG")


def test_a_card_is_drawn_again_only_when_what_it_shows_changes(content, media_root):
    article = Article.objects.get(slug="the-cryptic-ledger")
    first = article.share_image
    drawn = set((media_root / "images").iterdir())
    article.summary = "A summary is not on the card."
    article.save()
    assert article.share_image == first
    assert set((media_root / "images").iterdir()) == drawn  # nothing drawn, nor stored again
    article.title = "A new title"
    article.save()
    assert article.share_image != first and (media_root / article.share_image).exists()


def test_texts_placing_an_image_show_its_new_alt_text_once_it_is_saved(content, diagram):
    article = Article.objects.get(slug="the-cryptic-ledger")
    article.body = "![](image:pipeline-diagram)"
    article.save()
    assert 'alt="A diagram of the pipeline"' in article.body_html
    diagram.alt = "The pipeline, from queue to store"
    diagram.save()
    article.refresh_from_db()
    assert 'alt="The pipeline, from queue to store"' in article.body_html


def test_a_file_saved_by_a_script_is_checked_and_kept_as_an_upload_is(db, media_root):
    from django.core.exceptions import ValidationError
    from django.core.files.base import ContentFile

    from images.models import Image
    from tests.factories import picture_bytes

    image = Image(slug="from-a-script", alt="A gradient")
    image.file.save("from-a-script.png", ContentFile(picture_bytes(gps=True)))
    image.refresh_from_db()
    assert image.file.name != "images/from-a-script.png"  # named by its bytes
    assert (image.width, image.height) == (1200, 800) and image.renditions
    assert not (media_root / "images/from-a-script.png").exists()  # the file as it was given
    assert (media_root / image.file.name).exists()
    refused = Image(slug="not-a-picture", alt="Nothing")
    with pytest.raises(ValidationError):
        refused.file.save("notes.png", ContentFile(b"not an image at all"))
    assert not (media_root / "images/notes.png").exists()
    assert not Image.objects.filter(slug="not-a-picture").exists()
