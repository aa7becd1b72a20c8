"""The story on a phone's first screen (390x844 in Chromium): the story's first paragraph
starts on it and its first sentence ends on it, also with a full-width 16:9 lead image; the
contents' numbers sit on their items' first lines; "2 min read" never breaks."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}

# Where the first sentence of the story's first paragraph ends: the bottom of its full stop.
FIRST_SENTENCE_END = """async () => {
    await document.fonts.ready;
    const text = document.querySelector('.story section p').firstChild;
    const stop = text.textContent.search(/[.?!](\\s|$)/);
    const range = document.createRange();
    range.setStart(text, stop);
    range.setEnd(text, stop + 1);
    return range.getBoundingClientRect().bottom;
}"""

# A lead image as pictures will add it (issue 10, part 1): 16:9 across the whole width of the
# screen, between the story's header and its text. Built here until stories have images.
ADD_LEAD_IMAGE = """() => {
    const box = document.createElement('div');
    box.className = 'simulated-lead-image';
    box.style.cssText = 'margin: 0 -1rem 1rem; width: 100vw; aspect-ratio: 16 / 9;';
    document.querySelector('.story header').after(box);
    return box.getBoundingClientRect().height;
}"""


@pytest.fixture
def phone_page(live_server, new_context, transactional_db):
    def open_story(story):
        page = new_context(viewport=PHONE).new_page()
        page.goto(live_server.url + story.get_absolute_url())
        expect(page.locator(".story section p").first).to_be_visible()
        return page

    return open_story


def first_screen(page):
    first = page.locator(".story section p").first.bounding_box()
    return first["y"], page.evaluate(FIRST_SENTENCE_END)


def test_the_seed_storys_first_sentence_ends_on_the_first_screen(phone_page, seed_story):
    page = phone_page(seed_story)
    top, sentence_end = first_screen(page)
    assert top < PHONE["height"] and sentence_end <= PHONE["height"]
    page.screenshot(path=str(screenshot_path("story-phone.png")))


def test_it_still_does_with_a_full_width_16_9_lead_image(phone_page, seed_story):
    page = phone_page(seed_story)
    image_height = page.evaluate(ADD_LEAD_IMAGE)
    assert image_height == pytest.approx(390 * 9 / 16, abs=1)
    top, sentence_end = first_screen(page)
    assert top < PHONE["height"] and sentence_end <= PHONE["height"]


def test_the_contents_come_after_the_lead(phone_page, seed_story):
    page = phone_page(seed_story)
    lead = page.locator(".story section").first.bounding_box()
    contents = page.locator(".contents").bounding_box()
    assert contents["y"] >= lead["y"] + lead["height"]


def test_each_contents_number_sits_on_its_items_first_line(phone_page, seed_story):
    page = phone_page(seed_story)
    # The first item wraps to two lines at this width; its link must start on the item's
    # first line (the marker's line), not hang below it as an inline-block's baseline would.
    item = page.locator(".contents li").first
    link = item.locator("a")
    assert link.evaluate("a => a.getClientRects().length") >= 1
    line_height = item.evaluate("li => parseFloat(getComputedStyle(li).lineHeight)")
    assert link.bounding_box()["height"] > 1.5 * line_height  # it does wrap
    marker_line = item.evaluate(
        """li => { const r = document.createRange(); r.selectNodeContents(li);
        return r.getClientRects()[0].top; }"""
    )
    assert link.evaluate("a => a.getBoundingClientRect().top") == pytest.approx(marker_line, abs=2)
    assert link.evaluate("a => getComputedStyle(a).verticalAlign") == "top"


@pytest.mark.parametrize("width", [320, 390])
def test_min_read_stays_on_one_line_with_its_dot(
    live_server, new_context, transactional_db, seed_story, width
):
    page = new_context(viewport={"width": width, "height": 844}).new_page()
    page.goto(live_server.url + seed_story.get_absolute_url())
    tops = page.evaluate(
        """() => {
        const span = document.querySelector('.reading-time');
        const dot = span.previousSibling;  // "·" and a no-break space
        const range = document.createRange();
        range.setStart(dot, dot.textContent.lastIndexOf('·'));
        range.setEndAfter(span);
        return [...range.getClientRects()].map(r => Math.round(r.top));
    }"""
    )
    assert len(set(tops)) == 1


def screenshot_path(name):
    from pathlib import Path

    folder = Path(__file__).resolve().parent.parent / "reports" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name
