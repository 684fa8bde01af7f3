"""The site used with the keyboard alone, and with JavaScript turned off."""

import pytest

from contact.models import ContactMessage
from tests.helpers import page_types


def focused(page, expression="el => el"):
    return page.evaluate(f"({expression})(document.activeElement)")


def tab_to(page, selector, limit=60):
    """Press Tab until the element matching `selector` has focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never took focus after {limit} presses of Tab")


@pytest.mark.parametrize("path", ["/", "/articles/rate-limiter-in-pure-python/", "/contact/"])
def test_every_control_shows_where_the_focus_is(open_page, path):
    page = open_page(path, width=375)
    page.evaluate("window.seenControls = new Set()")
    controls = []
    for _ in range(300):
        page.keyboard.press("Tab")
        if page.evaluate(
            "document.activeElement === document.body"
            " || window.seenControls.has(document.activeElement)"
        ):
            break  # round the page and back to the start
        page.evaluate("window.seenControls.add(document.activeElement)")
        controls.append(
            focused(
                page,
                "el => ({tag: el.tagName, text: (el.textContent || el.name || '').trim()"
                ".slice(0, 40), outline: getComputedStyle(el).outlineStyle,"
                " width: parseFloat(getComputedStyle(el).outlineWidth)})",
            )
        )
    else:
        raise AssertionError("the focus never came back round")
    # Every control on the page took the focus: down to the footer's last link.
    assert page.evaluate("window.seenControls.size") == page.evaluate(
        "[...document.querySelectorAll('a[href], button, input:not([type=hidden]), textarea,"
        " select, [tabindex=\"0\"]')].filter(e => e.offsetParent && !e.closest('[aria-hidden]'))"
        ".length"
    )
    unmarked = [c for c in controls if c["outline"] == "none" or c["width"] < 2]
    assert unmarked == []


def test_a_code_block_can_be_scrolled_with_the_keyboard(open_page):
    page = open_page("/articles/spring-boot-3-migration-guide/", width=320)
    tab_to(page, ".prose pre")
    assert focused(page, "el => el.getAttribute('aria-label')").startswith("Code example")
    # Find a block wider than the screen, reached by Tab like the others.
    for _ in range(40):
        if focused(page, "el => el.scrollWidth > el.clientWidth"):
            break
        tab_to(page, ".prose pre")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    # A function, not a string: the page's CSP forbids the eval a string would need.
    page.wait_for_function("() => document.activeElement.scrollLeft > 0")


def test_the_contact_form_is_filled_and_sent_with_the_keyboard_alone(open_page, quick_visitor):
    page = open_page("/contact/", width=375)
    tab_to(page, "#id_name")
    page.keyboard.type("Ada Lovelace")
    page.keyboard.press("Tab")
    assert focused(page, "el => el.id") == "id_email"
    page.keyboard.type("ada@example.com")
    tab_to(page, "#id_message")
    page.keyboard.type("I would like to discuss a backend contract.")
    tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/contact/thanks/")
    message = ContactMessage.objects.get()
    assert (message.name, message.email) == ("Ada Lovelace", "ada@example.com")


@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without"])
def test_after_errors_the_summary_takes_focus_and_leads_to_each_field(open_page, javascript):
    page = open_page("/contact/", width=375, java_script_enabled=javascript)
    tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert focused(page, "el => el.classList.contains('error-summary')")
    links = page.locator(".error-summary a")
    assert links.count() == 3  # name, email and message are required
    targets = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert targets == ["#id_name", "#id_email", "#id_message"]
    page.keyboard.press("Tab")
    assert focused(page, "el => el.getAttribute('href')") == "#id_name"
    page.keyboard.press("Enter")
    page.keyboard.type("Ada")  # the link put the focus in the field it names
    assert page.input_value("#id_name") == "Ada"


def test_every_page_type_works_without_javascript(open_page, site):
    page = open_page("/", java_script_enabled=False)
    for name, path in page_types().items():
        response = page.goto(site + path)
        assert response.status == (404 if name == "not found" else 200), name
        assert page.locator("main h1").is_visible(), name
        assert page.locator(".site-header nav a").first.is_visible(), name


def test_a_reader_subscribes_to_new_articles_with_the_keyboard_alone(open_page):
    from newsletter.models import Subscriber

    page = open_page("/articles/rate-limiter-in-pure-python/", width=375)
    tab_to(page, "#subscribe-email", limit=150)
    page.keyboard.type("reader@example.com")
    page.keyboard.press("Tab")
    assert focused(page, "el => el.textContent.trim()") == "Subscribe"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/newsletter/check-your-inbox/")
    assert page.locator("h1").inner_text() == "Check your inbox"
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "reader@example.com" and subscriber.status == "pending"
    assert subscriber.source == "/articles/rate-limiter-in-pure-python/"
