"""What a visitor sees and does in a real browser, on a phone and on a desktop."""

import io
import math
import re
import unicodedata

import pypdf
import pytest

from contact.models import ContactMessage
from owner.models import SocialLink

PAGES = [
    "/",
    "/projects/",
    "/projects/meshengine/",
    "/articles/",
    "/articles/rest-apis-explained/",
    "/articles/spring-boot-3-migration-guide/",
    "/contact/",
    "/search/?q=redis",
    "/no-such-page/",
]


@pytest.mark.parametrize("width", [320, 1280])
def test_pages_fit_the_screen_without_sideways_scrolling(open_page, site, width):
    page = open_page(PAGES[0], width=width)
    for path in PAGES:
        page.console_errors.clear()
        page.goto(site + path)
        if path != "/no-such-page/":  # whose own 404 status the console reports
            assert page.console_errors == [], path
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} is {overflow}px too wide at {width}px"


def test_stylesheets_load_from_fingerprinted_urls(open_page):
    page = open_page("/")
    sheets = page.evaluate("[...document.styleSheets].map(s => s.href)")
    assert len(sheets) == 1  # the code colours load only on pages with code
    assert all(".css" in href and "/static/css/" in href for href in sheets)
    page = open_page("/articles/rate-limiter-in-pure-python/")
    assert len(page.evaluate("[...document.styleSheets].map(s => s.href)")) == 2
    # The site's own font stack, not the browser default, means site.css applied.
    assert "system-ui" in page.evaluate("getComputedStyle(document.body).fontFamily")


def test_code_blocks_scroll_inside_themselves_on_a_phone(open_page):
    page = open_page("/articles/spring-boot-3-migration-guide/", width=320)
    widest = page.evaluate(
        "Math.max(...[...document.querySelectorAll('.prose pre')]"
        ".map(block => block.scrollWidth - block.clientWidth))"
    )
    assert widest > 0  # some line is longer than a phone screen...
    assert page.evaluate("document.documentElement.scrollWidth") <= 320  # ...yet the page fits


def boxes(page, *selectors):
    """Where the first element matching each selector is on the page, as the browser laid it out."""
    return page.evaluate(
        "selectors => selectors.map("
        "s => document.querySelector(s).getBoundingClientRect().toJSON())",
        list(selectors),
    )


def test_table_of_contents_sits_beside_the_text_on_wide_screens_and_above_it_on_phones(open_page):
    article = "/articles/rest-apis-explained/"
    toc, body = boxes(open_page(article, width=1400), ".article-toc", ".article__body")
    assert toc["left"] >= body["right"]
    toc, body = boxes(open_page(article, width=375), ".article-toc", ".article__body")
    assert toc["bottom"] <= body["top"]


def test_keyboard_users_can_skip_to_the_content(open_page):
    page = open_page("/articles/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_focus_is_visible(open_page):
    page = open_page("/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


def test_dark_mode_follows_the_system_setting(open_page):
    light = open_page("/", color_scheme="light").evaluate(
        "getComputedStyle(document.body).backgroundColor"
    )
    dark = open_page("/", color_scheme="dark").evaluate(
        "getComputedStyle(document.body).backgroundColor"
    )
    assert light == "rgb(251, 250, 248)"
    assert dark == "rgb(20, 23, 28)"


def test_contact_form_works_without_javascript(open_page, quick_visitor):
    page = open_page("/contact/", width=375, java_script_enabled=False)
    page.fill("#id_name", "Ada Lovelace")
    page.fill("#id_email", "ada@example")
    page.fill("#id_message", "I would like to discuss a backend contract.")
    with page.expect_navigation():  # wait for the answer before reading it
        page.click("button[type=submit]")
    # The error is shown beside the field, and nothing typed is lost.
    assert page.text_content("#id_email_error").strip().startswith("That email address")
    assert page.input_value("#id_message") == "I would like to discuss a backend contract."
    page.fill("#id_email", "ada@example.com")
    with page.expect_navigation():  # wait for the answer before reading it
        page.click("button[type=submit]")
    assert "I typically respond within 24 hours" in page.text_content("main")
    message = ContactMessage.objects.get()
    assert (message.email, message.status) == ("ada@example.com", ContactMessage.Status.NEW)


def test_the_hidden_field_is_out_of_sight_and_out_of_the_tab_order(open_page):
    page = open_page("/contact/", width=375)
    trap = page.locator("#id_website")
    box = trap.bounding_box()
    assert box is None or box["x"] + box["width"] <= 0  # off screen
    for _ in range(8):  # tab through the form: the trap never takes focus
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") != "id_website"


def test_the_contact_form_sends_from_a_phone_by_way_of_the_home_page(open_page, quick_visitor):
    page = open_page("/", width=320, java_script_enabled=False)
    with page.expect_navigation():
        page.click("#contact a")
    assert page.url.endswith("/contact/")
    page.fill("#id_name", "Grace")
    page.fill("#id_email", "grace@example.com")
    page.fill("#id_message", "Hello from the home page.")
    with page.expect_navigation():  # wait for the answer before reading it
        page.click("form button[type=submit]")
    assert page.url.endswith("/contact/thanks/")
    assert ContactMessage.objects.get(name="Grace").status == ContactMessage.Status.NEW


def test_the_admin_works_under_its_content_security_policy(browser, site, django_user_model):
    import reversion
    from django.conf import settings
    from django.test import Client
    from reversion.models import Version

    from articles.models import Article
    from projects.models import Project

    owner = django_user_model.objects.create_superuser("owner", "owner@example.com", None)
    signed_in = Client()
    signed_in.force_login(owner)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [{"name": "sessionid", "value": signed_in.cookies["sessionid"].value, "url": site}]
    )
    page = context.new_page()
    refusals = []
    page.on("console", lambda message: message.type == "error" and refusals.append(message.text))
    admin = f"{site}/{settings.ADMIN_PATH}"
    article, project = Article.objects.first(), Project.objects.first()
    with reversion.create_revision():
        article.save()  # a second version, so that the history offers a comparison
    newer, older = Version.objects.get_for_object(article)[:2]  # newest first
    try:
        for path in [
            "",
            "articles/article/",
            f"articles/article/{article.pk}/change/",  # tags in a two-list selector (script)
            f"projects/project/{project.pk}/change/",  # features inline (script adds rows)
            "contact/contactmessage/",
            f"articles/article/{article.pk}/history/",  # versions, and the form to compare two
            f"articles/article/{article.pk}/history/{older.pk}/",  # a version, to restore
            f"articles/article/{article.pk}/history/compare/?version_id1={older.pk}"
            f"&version_id2={newer.pk}",
        ]:
            response = page.goto(admin + path)
            assert response.status == 200, path
            assert "script-src 'self'" in response.headers["content-security-policy"]
        page.goto(f"{admin}articles/article/{article.pk}/change/")
        # The selector's script ran: the tags widget has its filter box.
        assert page.locator("#id_tags_input").count() == 1
        assert refusals == []
    finally:
        context.close()


def test_the_resume_prints_on_one_or_two_a4_pages_with_its_links(open_page, site):
    page = open_page("/cv/")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    pdf = page.pdf(format="A4", print_background=False)
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert 1 <= pages <= 2, pages
    assert pdf.count(b"/URI") >= 3  # the site, its contact page, projects and articles


# A4 less the print stylesheet's margins (14 mm top and bottom, 15 mm at the sides), in CSS px.
PRINTED_WIDTH_PX, PRINTED_HEIGHT_PX = round(180 / 25.4 * 96), 269 / 25.4 * 96


def printed(page):
    """The page printed to A4 by Chromium: its PDF, and how many pages the PDF has."""
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4")
    return pdf, pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")


def letters_and_digits(text):
    """Text without spaces, punctuation, the separators the print stylesheet adds, or the
    ligatures (ﬀ, ﬁ) a PDF's text is written with."""
    return re.sub(r"[\W_]", "", unicodedata.normalize("NFKC", text))


def printed_texts(pdf):
    """The text of each printed page."""
    return [printed.extract_text() for printed in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def pages_its_length_needs(page):
    """The pages of text the printed layout is long, plus one for headings kept with their text."""
    page.set_viewport_size({"width": PRINTED_WIDTH_PX, "height": 1000})
    page.emulate_media(media="print")
    height = page.evaluate("document.documentElement.scrollHeight")
    return math.ceil(height / PRINTED_HEIGHT_PX) + 1


@pytest.mark.parametrize(
    "path",
    ["/articles/rest-apis-explained/", "/articles/spring-boot-3-migration-guide/"],
)
def test_printing_an_article_gives_the_article_alone(open_page, path):
    page = open_page(path)
    page.emulate_media(media="print")
    for hidden in [".site-header", ".site-footer", ".share", ".prev-next", ".back-link", "nav"]:
        assert not page.locator(hidden).first.is_visible(), hidden
    assert page.locator("h1").is_visible()
    limit = pages_its_length_needs(page)  # laid out at the printed width from here
    # Code wraps on paper rather than running off the page edge.
    cut = page.evaluate(
        "[...document.querySelectorAll('.prose pre')].filter(b => b.scrollWidth > b.clientWidth)"
        ".length"
    )
    assert cut == 0
    page.set_viewport_size({"width": 1280, "height": 900})
    _, pages = printed(page)
    assert pages <= limit


def test_printing_the_home_page_gives_a_resume_of_three_pages_at_most(open_page):
    SocialLink.objects.filter(label="GitHub").update(url="https://github.com/example")
    page = open_page("/")
    page.emulate_media(media="print")
    for hidden in [".site-header", ".site-footer", "form", "nav", ".button", "#contact", ".cta"]:
        assert not page.locator(hidden).first.is_visible(), hidden
    for shown in ["h1", "#about", "#experience", "#toolkit", "#projects", "#articles"]:
        assert page.locator(shown).first.is_visible(), shown
    pdf, pages = printed(page)
    assert 1 <= pages <= 3
    # A profile link prints its address after its label, since paper cannot be clicked.
    assert "GitHub (https://github.com/example)" in printed_texts(pdf)[0]
    # No card or role is cut between two pages: each begins and ends on the same printed page.
    texts = [letters_and_digits(text) for text in printed_texts(pdf)]
    blocks = page.evaluate(
        "[...document.querySelectorAll('main .card, main .role')]"
        ".filter(e => e.offsetParent).map(e => e.innerText)"
    )
    assert len(blocks) >= 8
    for block in blocks:
        block = letters_and_digits(block)
        first, last = block[:24], block[-24:]
        on = (
            [i for i, text in enumerate(texts) if first in text],
            [i for i, text in enumerate(texts) if last in text],
        )
        assert on[0] and on[0] == on[1], (block[:60], on)


def test_the_hero_fills_a_wide_screen_and_stacks_on_a_phone(open_page):
    wide = open_page("/", width=1280)
    text, card = boxes(wide, ".hero__text", ".hero__card")
    assert card["left"] >= text["right"] and card["right"] > 1280 * 0.8
    assert "Associate Engineer — Backend" in wide.text_content(".hero__card")
    text, card = boxes(open_page("/", width=375), ".hero__text", ".hero__card")
    assert card["top"] >= text["bottom"]


def test_a_placed_image_loads_a_phone_sized_file_and_fits_the_screen(open_page, site):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from articles.models import Article
    from tests.factories import make_image, picture_bytes

    diagram = make_image(
        slug="wide-diagram",
        alt="A wide diagram",
        file=SimpleUploadedFile("wide.png", picture_bytes(size=(2400, 1200))),
    )
    article = Article.objects.get(slug="the-cryptic-ledger")
    article.body = f"Intro.\n\n![A wide diagram](image:{diagram.slug})\n\nMore text."
    article.save()
    page = open_page(article.get_absolute_url(), width=375)
    image = page.locator(".figure img")
    image.wait_for()
    page.wait_for_function("() => document.querySelector('.figure img').complete")
    chosen = image.evaluate("img => img.currentSrc")
    assert chosen.endswith("-480.webp"), chosen  # the smallest WebP that fills 375 px
    box = image.bounding_box()
    assert box["width"] <= 375 and abs(box["width"] / box["height"] - 2) < 0.02
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.console_errors == []
    wide = open_page(article.get_absolute_url(), width=1280)
    wide.locator(".figure img").wait_for()
    wide.wait_for_function("() => document.querySelector('.figure img').complete")
    assert wide.locator(".figure img").evaluate("img => img.currentSrc").endswith(".webp")
    assert "-480." not in wide.locator(".figure img").evaluate("img => img.currentSrc")
