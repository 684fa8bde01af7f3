"""Every page type checked by axe-core in Chromium, in the light and the dark scheme."""

import pytest

from contact.models import ContactMessage
from core.content import load_content

# Every kind of page a visitor can reach, by one example of each.
PAGE_TYPES = {
    "home": "/",
    "projects": "/projects/",
    "project": "/projects/meshengine/",
    "articles": "/articles/",
    "article": "/articles/rest-apis-explained/",
    "article with code": "/articles/rate-limiter-in-pure-python/",
    "category": "/articles/category/backend-engineering/",
    "tag": "/articles/tag/python/",
    "search with results": "/search/?q=redis",
    "search without results": "/search/?q=zzzzqqq",
    "contact": "/contact/",
    "résumé": "/cv/",
    "not found": "/no-such-page/",
}
AXE_RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@pytest.fixture(autouse=True)
def content(transactional_db):
    load_content()


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
    for name, path in PAGE_TYPES.items():
        page.goto(site + path)
        if violations := axe_violations(page, axe_source):
            found[name] = violations
    assert found == {}


@pytest.fixture
def quick_visitor(settings):
    settings.CONTACT_MIN_FILL_SECONDS = 0


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_contact_form_with_errors_and_thank_you_page_have_no_violations(
    open_page, axe_source, quick_visitor, scheme
):
    page = open_page("/contact/", width=375, color_scheme=scheme)
    page.click("main form button[type=submit]")
    assert page.locator(".error-summary").count() == 1
    assert axe_violations(page, axe_source) == {}
    page.fill("#id_name", "Ada Lovelace")
    page.fill("#id_email", "ada@example.com")
    page.fill("#id_message", "I would like to discuss a backend contract.")
    page.click("main form button[type=submit]")
    assert page.url.endswith("/contact/thanks/")
    assert axe_violations(page, axe_source) == {}
    assert ContactMessage.objects.count() == 1
