"""The restore drill: a site with content, an edit, a message, a subscriber, an uploaded image
and a revision is backed up, and restored into an empty database and an empty media folder by
another process; the restored site serves the same pages and files, and holds the same rows."""

import base64
import io
import json

import pytest
import reversion
from django.core.management import call_command
from django.test import Client
from reversion.models import Version

from articles.models import Article
from newsletter.models import Subscriber
from tests.backups.conftest import files_in, manage, site_environment
from tests.factories import make_image, make_message
from tests.helpers import run_python

# The data is committed, so that pg_dump and the restoring process see it; the shipped content
# is loaded again after the test (tests/conftest.py).
pytestmark = pytest.mark.django_db(transaction=True)

# The pages, and the restored site's rows, as another process of the site sees them.
SEEN_BY_THE_RESTORED_SITE = """
import base64, io, json, sys
import django
django.setup()
from django.core.management import call_command
from django.test import Client
from reversion.models import Version
from django.test.utils import setup_test_environment

setup_test_environment(debug=False)  # as pytest-django runs the suite
client = Client()
pages = {}
for url in sys.argv[1:]:
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    pages[url] = [response.status_code, base64.b64encode(body).decode()]
rows = io.StringIO()
call_command("dumpdata", stdout=rows)
print(json.dumps({"pages": pages, "rows": rows.getvalue()}))
"""


def page(client, url):
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return [response.status_code, base64.b64encode(body).decode()]


def test_a_restored_site_serves_the_same_pages_files_and_rows(
    settings, backup_dir, scratch_database, media_root, tmp_path
):
    settings.BACKUP_PASSPHRASE = "correct horse battery staple"
    image = make_image(alt="The pipeline, drawn")
    article = Article.objects.get(slug="rest-apis-explained")
    with reversion.create_revision():
        article.title = "REST APIs, explained again"
        article.body += f"\n\n![The pipeline](image:{image.slug})\n"
        article.save()
    make_message(name="Grace", message="Could we talk about your rate limiter?")
    Subscriber.objects.create(email="reader@example.com", status=Subscriber.Status.CONFIRMED)

    rendition = image.rendition_list[0]
    urls = ["/", "/articles/", article.get_absolute_url(), image.file.url, rendition.url]
    client = Client()
    before = {url: page(client, url) for url in urls}
    assert all(status == 200 for status, _ in before.values())
    article_page = base64.b64decode(before[article.get_absolute_url()][1])
    assert b"REST APIs, explained again" in article_page
    assert rendition.url.encode() in article_page
    rows = io.StringIO()
    call_command("dumpdata", stdout=rows)
    files = files_in(media_root)
    assert image.file.name in files
    assert Version.objects.get_for_object(article)[0].field_dict["title"] == article.title

    call_command("backup", stdout=io.StringIO())
    (backup,) = backup_dir.iterdir()
    restored_media = tmp_path / "restored-media"
    passphrase = {"BACKUP_PASSPHRASE": settings.BACKUP_PASSPHRASE}
    restore = manage(
        "restore", str(backup), database=scratch_database, media_root=restored_media, **passphrase
    )

    assert restore.returncode == 0, restore.stderr
    assert restore.stdout.startswith("Restoring the backup made ")
    assert f"and {len(files)} uploaded files" in restore.stdout
    assert restore.stdout.endswith("Restored.\n")
    seen = json.loads(
        run_python(
            SEEN_BY_THE_RESTORED_SITE, site_environment(scratch_database, restored_media), urls
        )
    )
    assert seen["pages"] == before
    assert seen["rows"] == rows.getvalue()
    assert files_in(restored_media) == files
