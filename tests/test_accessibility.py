"""Reader pages in real Chromium: axe-core finds no WCAG 2.2 A/AA violation in light or dark
mode, and the layout holds for keyboards, small screens and paper.

Every check waits for the state it asserts (Playwright's `expect`, `wait_for_function`), so a
busy machine makes a test slower, never wrong.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser import wait_until
from tests.page_checkers import axe_violations

pytestmark = pytest.mark.browser

PAGES = [
    "front page",
    "story page",
    "story page with every part",
    "corrections page",
    "story page with pictures",
    "search page",
    "search page with a hostile query",
    "404 page",
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", PAGES)
def test_reader_page_has_no_axe_violations(
    live_server, new_context, transactional_db, reader_pages, name, scheme
):
    page = new_context(color_scheme=scheme).new_page()
    response = page.goto(live_server.url + reader_pages[name])
    assert response.status == (404 if name == "404 page" else 200)
    dark = "true" if scheme == "dark" else "false"
    wait_until(page, f"matchMedia('(prefers-color-scheme: dark)').matches === {dark}")
    assert axe_violations(page) == []


def test_axe_does_report_a_violation(live_server, page, transactional_db, reader_pages):
    """The check above can fail: grey-on-white text and an unlabelled field are reported."""
    page.goto(live_server.url + reader_pages["story page"])
    page.evaluate(
        """() => {
        document.querySelector('h1').style.color = '#bbb';
        document.querySelector('#site-search-q').labels[0].remove();
    }"""
    )
    expect(page.locator("h1")).to_have_css("color", "rgb(187, 187, 187)")
    found = " ".join(axe_violations(page))
    assert "color-contrast" in found and "label" in found


@pytest.mark.parametrize(
    ("scheme", "background"), [("light", "rgb(255, 255, 255)"), ("dark", "rgb(18, 18, 18)")]
)
def test_dark_mode_swaps_the_colours(
    live_server, new_context, transactional_db, reader_pages, scheme, background
):
    page = new_context(color_scheme=scheme).new_page()
    page.goto(live_server.url + reader_pages["story page"])
    expect(page.locator("body")).to_have_css("background-color", background)


def test_first_tab_reaches_a_visible_skip_link_with_a_focus_outline(
    live_server, page, transactional_db, reader_pages
):
    page.goto(live_server.url + reader_pages["story page"])
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_text("Skip to content")
    expect(focused).to_have_attribute("href", "#main")
    expect(focused).to_have_css("outline-style", "solid")
    # On screen, not parked off it, with an outline at least 2 px wide.
    wait_until(
        page,
        """(() => { const el = document.activeElement, style = getComputedStyle(el);
        return el.getBoundingClientRect().top >= 0 && parseFloat(style.outlineWidth) >= 2; })()""",
    )
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))


@pytest.mark.parametrize("name", ["front page", "story page with every part", "search page"])
def test_pages_fit_a_320px_screen_without_sideways_scrolling(
    live_server, new_context, transactional_db, reader_pages, name
):
    page = new_context(viewport={"width": 320, "height": 640}).new_page()
    page.goto(live_server.url + reader_pages[name])
    wait_until(page, "document.documentElement.scrollWidth <= 320")


def test_story_text_keeps_a_readable_measure_on_a_wide_screen(
    live_server, new_context, transactional_db, reader_pages
):
    page = new_context(viewport={"width": 1400, "height": 900}).new_page()
    page.goto(live_server.url + reader_pages["story page"])
    expect(page.locator(".story section p").first).to_be_visible()
    characters_per_line = page.evaluate(
        """async () => {
        await document.fonts.ready;  // the measure is only final once the fonts are laid out
        const p = document.querySelector('.story section p');
        const lines = p.getBoundingClientRect().height / parseFloat(getComputedStyle(p).lineHeight);
        return p.textContent.length / Math.round(lines);
    }"""
    )
    assert 55 <= characters_per_line <= 80


def test_print_drops_navigation_and_writes_out_link_addresses(
    live_server, page, transactional_db, reader_pages
):
    page.goto(live_server.url + reader_pages["story page with every part"])
    page.emulate_media(media="print")
    for selector in [".site-search", ".site-footer nav", ".contents", ".share", ".skip-link"]:
        expect(page.locator(selector).first).to_have_css("display", "none")
    wait_until(
        page,
        """getComputedStyle(document.querySelector('.related a[rel=noopener]'), '::after')
        .content === '" (https://example.org/a?b=1&c=2)"'""",
    )


def test_table_of_contents_jumps_to_its_section(live_server, page, transactional_db, seed_story):
    page.goto(live_server.url + seed_story.get_absolute_url())
    page.get_by_role("navigation", name="In this story").get_by_role(
        "link", name="Conclusion"
    ).click()
    expect(page).to_have_url(re.compile(r"#conclusion$"))
    expect(page.get_by_role("heading", name="Conclusion")).to_be_in_viewport()
