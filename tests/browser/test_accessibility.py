"""Every page type checked by axe-core in Chromium, in the light and the dark scheme."""

import pytest
from django.conf import settings

from contact.models import ContactMessage
from tests.helpers import page_types

SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"
AXE_RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def axe_violations(page, axe_source):
    """What axe finds on the page as shown: each rule broken, with the elements that break it."""
    page.evaluate(axe_source)  # evaluated by the driver, so the page's CSP does not refuse it
    results = page.evaluate(
        "options => axe.run(document, options)",
        {"runOnly": {"type": "tag", "values": AXE_RULES}, "resultTypes": ["violations"]},
    )
    return {
        violation["id"]: [node["target"] for node in violation["nodes"]]
        for violation in results["violations"]
    }


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_page_type_has_accessibility_violations(open_page, site, axe_source, scheme, width):
    page = open_page("/", width=width, color_scheme=scheme)
    found = {}
    for name, path in page_types().items():
        page.goto(site + path)
        if violations := axe_violations(page, axe_source):
            found[name] = violations
        # For a person to look at: every page type at each width and scheme (not committed).
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{name}-{width}-{scheme}.png", full_page=True)
    assert found == {}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_contact_form_with_errors_and_thank_you_page_have_no_violations(
    open_page, axe_source, quick_visitor, scheme
):
    page = open_page("/contact/", width=375, color_scheme=scheme)
    with page.expect_navigation():  # wait for the answer before reading it
        page.click("main form button[type=submit]")
    assert page.locator(".error-summary").count() == 1
    assert axe_violations(page, axe_source) == {}
    page.fill("#id_name", "Ada Lovelace")
    page.fill("#id_email", "ada@example.com")
    page.fill("#id_message", "I would like to discuss a backend contract.")
    with page.expect_navigation():  # wait for the answer before reading it
        page.click("main form button[type=submit]")
    assert page.url.endswith("/contact/thanks/")
    assert axe_violations(page, axe_source) == {}
    assert ContactMessage.objects.count() == 1


@pytest.mark.parametrize("width", [375, 1280])
def test_the_statistics_pages_have_no_accessibility_violations(
    browser, site, axe_source, django_user_model, width
):
    from datetime import timedelta

    from django.test import Client
    from django.utils import timezone

    from articles.models import Article
    from stats.models import FeedSubscribersDay, PageDay, SourceDay

    article = Article.objects.published().first()
    today = timezone.localdate()
    for days_ago in range(30):
        day = today - timedelta(days=days_ago)
        for path in ["", article.get_absolute_url()]:
            PageDay.objects.create(day=day, path=path, views=days_ago + 5, visitors=3, reads=2)
            SourceDay.objects.create(day=day, path=path, group="search", name="Google", views=2)
        FeedSubscribersDay.objects.create(day=day, feed="/articles/feed.atom", reader="Feedly",
                                          subscribers=40 + days_ago)  # fmt: skip
    owner = Client()
    owner.force_login(django_user_model.objects.create_superuser("owner", "o@example.com", None))
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_cookies(
        [{"name": "sessionid", "value": owner.cookies["sessionid"].value, "url": site}]
    )
    page = context.new_page()
    found = {}
    try:
        for query in ["", f"?path={article.get_absolute_url()}&days=90"]:
            page.goto(f"{site}/{settings.ADMIN_PATH}statistics/{query}")
            page.click("details summary")  # the chart's table, opened from the keyboard's reach
            if violations := axe_violations(page, axe_source):
                found[query] = violations
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            name = "article" if query else "site"
            page.screenshot(path=SCREENSHOTS / f"statistics-{name}-{width}.png", full_page=True)
    finally:
        context.close()
    assert found == {}
