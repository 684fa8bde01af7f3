"""The owner's writing desk in the admin: versions with history and undo, the Markdown editor,
save and preview, what is derived from the text, the profile as one page."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Article
from experience.models import Role
from owner.models import Profile
from projects.models import Project
from testimonials.models import Testimonial
from tests.factories import make_article, make_message
from tests.helpers import admin_form_data, page_text

pytestmark = pytest.mark.django_db


def admin_url(instance, action, *extra):
    meta = instance._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{action}", args=[instance.pk, *extra])


def edit_in_admin(client, instance, **changes):
    """Open the instance's change page, change some fields, and save it as the owner would."""
    data = admin_form_data(client.get(admin_url(instance, "change"))) | changes
    response = client.post(admin_url(instance, "change"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


@pytest.mark.parametrize(
    ("model", "lookup", "field", "text"),
    [
        (Article, {"slug": "the-cryptic-ledger"}, "summary", "A new summary."),
        (Project, {"slug": "meshengine"}, "summary", "A new summary."),
        (Role, {"organisation": "DeepVision"}, "summary", "A new summary."),
        (Testimonial, {"author": "Kiran"}, "quote", "A new quote."),
        (Profile, {}, "intro", "A new introduction."),
    ],
)
def test_each_admin_save_keeps_a_version_with_who_and_when(
    staff_client, content, model, lookup, field, text
):
    instance = model.objects.get(**lookup)
    before = Version.objects.get_for_object(instance).count()
    edit_in_admin(staff_client, instance, **{field: text})
    versions = Version.objects.get_for_object(instance)
    assert versions.count() == before + 1
    newest = versions.first()
    assert newest.field_dict[field] == text
    assert newest.revision.user.username == "owner"
    history = staff_client.get(admin_url(instance, "history"))
    assert history.status_code == 200
    # The newest row of the history table names who saved it.
    table = re.search(r'<table id="change-history">.*?</table>', history.content.decode(), re.S)
    newest_row = re.search(r"<tbody>\s*<tr>(.*?)</tr>", table.group(0), re.S).group(1)
    assert re.search(r"<td>\s*owner\s*</td>", newest_row)


def test_the_shipped_content_is_the_first_version(content):
    article = Article.objects.get(slug="the-cryptic-ledger")
    first = Version.objects.get_for_object(article).last()
    assert first.revision.comment == "Loaded from content/"
    assert first.field_dict["body"] == article.body


def test_a_bad_edit_is_shown_as_a_diff_and_undone_in_one_save(staff_client, client, content):
    article = Article.objects.get(slug="the-cryptic-ledger")
    good_body = article.body
    edit_in_admin(staff_client, article, body="## Oops\n\nThe paragraph that replaced it all.")
    article.refresh_from_db()
    assert "Oops" in article.body_html
    bad, good = Version.objects.get_for_object(article)[:2]  # newest first

    compare = staff_client.get(
        admin_url(article, "compare"), {"version_id1": good.pk, "version_id2": bad.pk}
    )
    assert compare.status_code == 200
    shown = compare.content.decode()
    assert "<del>" in shown and "<ins>" in shown
    assert "The paragraph that replaced it all." in page_text(compare)

    # Restoring: open the good version (its form, filled in), and save it.
    restore = staff_client.get(admin_url(article, "revision", good.pk))
    assert restore.status_code == 200
    response = staff_client.post(admin_url(article, "revision", good.pk), admin_form_data(restore))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == good_body.strip()  # a form trims the text's final newline
    assert "Oops" not in article.body_html  # the Markdown was rendered again
    assert "The paragraph that replaced it all." not in page_text(
        client.get("/articles/the-cryptic-ledger/")
    )
    # The restore is itself a version: it can be undone too.
    assert Version.objects.get_for_object(article).first().field_dict["body"] == article.body


def test_restoring_a_project_brings_back_its_features(staff_client, content):
    project = Project.objects.get(slug="meshengine")
    features = sorted(project.features.values_list("text", flat=True))
    data = admin_form_data(staff_client.get(admin_url(project, "change")))
    for key in [k for k in data if k.startswith("features-") and k.endswith("-id")]:
        data[key.removesuffix("-id") + "-DELETE"] = "on"
    assert staff_client.post(admin_url(project, "change"), data).status_code == 302
    assert project.features.count() == 0
    good = Version.objects.get_for_object(project)[1]
    restore = staff_client.get(admin_url(project, "revision", good.pk))
    staff_client.post(admin_url(project, "revision", good.pk), admin_form_data(restore))
    assert sorted(project.features.values_list("text", flat=True)) == features


def test_the_markdown_fields_are_large_monospaced_editors(staff_client, content):
    for instance in [
        Article.objects.first(),
        Project.objects.first(),
        Profile.objects.get(),
    ]:
        page = staff_client.get(admin_url(instance, "change")).content.decode()
        assert 'class="markdown-text"' in page and "admin-desk/markdown" in page


def test_save_and_preview_opens_the_draft_as_a_visitor_will_see_it(staff_client, content):
    article = Article.objects.get(slug="the-cryptic-ledger")
    data = admin_form_data(staff_client.get(admin_url(article, "change")))
    data |= {"status": "draft", "_preview": "Save and preview"}
    response = staff_client.post(admin_url(article, "change"), data)
    assert response.status_code == 302 and response["Location"] == article.get_absolute_url()
    preview = staff_client.get(response["Location"])
    assert preview.status_code == 200 and "Preview: this article is a draft" in page_text(preview)


def test_the_change_page_shows_reading_time_words_and_contents(staff_client, content):
    article = Article.objects.get(slug="rest-apis-explained")
    text = page_text(staff_client.get(admin_url(article, "change")))
    assert f"Word count: {article.word_count}" in text
    assert "Table of contents: A Style, Not a Protocol" in text


def test_the_profile_is_edited_as_one_page(staff_client, content):
    response = staff_client.get(reverse("admin:owner_profile_changelist"))
    assert response.status_code == 302
    assert response["Location"] == admin_url(Profile.objects.get(), "change")


def test_the_admin_front_page_is_the_owners_desk(staff_client, content):
    message = make_message(name="Grace Hopper")
    draft = make_article(title="Half-written thoughts", status=Article.Status.DRAFT)
    scheduled = make_article(
        title="Coming next week", published_at=timezone.now() + timedelta(days=7)
    )
    response = staff_client.get(reverse("admin:index"))
    page = response.content.decode()
    text = page_text(response)
    assert "Unread messages (1)" in text and "Grace Hopper" in text
    assert reverse("admin:contact_contactmessage_change", args=[message.pk]) in page
    assert "Half-written thoughts" in text and draft.get_absolute_url() in page
    assert "Coming next week · appears" in text
    assert reverse("admin:articles_article_change", args=[scheduled.pk]) in page
    assert "Recent actions" in text  # the most recent edits, beside the desk


def test_skipped_heading_levels_and_images_without_alt_text_are_warnings(staff_client, content):
    article = Article.objects.get(slug="the-cryptic-ledger")
    body = (
        "## Part\n\n#### Too deep\n\n![](/static/img/favicon.svg)\n\n"
        "![Described](/static/img/icon-192.png)"
    )
    response = edit_in_admin(staff_client, article, body=body)
    warnings = [str(m) for m in response.wsgi_request._messages]
    assert "Body: a level-4 heading follows a level-2 one." in warnings
    assert "Body: the image /static/img/favicon.svg has no alt text." in warnings
    assert not any("icon-192" in w for w in warnings)
    article.refresh_from_db()
    assert article.body == body  # a warning does not stop the save
    # The change page lists them under the text too, as its description.
    page = staff_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    html = page.content.decode()
    listed = re.search(r'<ul class="markdown-warnings" id="id_body_warnings">(.*?)</ul>', html)
    assert "Warning: a level-4 heading follows a level-2 one." in listed.group(1)
    # Beside the help text Django names already.
    assert re.search(r'<textarea [^>]*aria-describedby="id_body_helptext id_body_warnings"', html)


def test_an_old_version_opened_in_the_admin_never_shows_on_the_site(client, staff_client, content):
    profile = Profile.objects.get()
    edit_in_admin(staff_client, profile, intro="The introduction of before.")
    edit_in_admin(staff_client, profile, intro="The introduction of now.")
    before = Version.objects.get_for_object(profile)[1]
    # The admin shows it by reverting the row inside a transaction, which it rolls back.
    assert staff_client.get(admin_url(profile, "revision", before.pk)).status_code == 200
    text = page_text(client.get("/"))
    assert "The introduction of now." in text
    assert "The introduction of before." not in text
