"""The story admin in real Chromium: reordering by drag and drop and by keyboard (saved), both
inlines within a 1280 px screen, the live-slug warning, and axe on the change form."""

import os
from pathlib import Path

import pytest

from articles.models import Story
from tests.page_checkers import axe_violations
from tests.test_browser_editing import editor_page as editor_page_fixture
from tests.test_browser_editing import open_story, save

# The same logged-in editor's page as the other editing tests.
editor_page = editor_page_fixture

pytestmark = pytest.mark.browser

# Screenshots for a person to look at; set SCREENSHOTS=/some/dir to keep them.
SCREENSHOTS = Path(os.environ.get("SCREENSHOTS", "")) if os.environ.get("SCREENSHOTS") else None


def snap(page, name, full_page=True):
    if SCREENSHOTS:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)


@pytest.fixture
def story(transactional_db, make_story):
    story = make_story("A story to reorder", sections=4, links=3)
    # Long, unbreakable text in every column: what once pushed the links past the screen.
    long_url = "https://example.org/" + "a-very-long-path-segment-" * 8 + "end"
    story.related_links.filter(position=2).update(url=long_url, title="T" * 120)
    target = make_story("A linked story whose headline goes on " + "and on " * 20)
    story.related_links.filter(position=3).update(target=target)
    return story


def headings(story):
    return list(Story.objects.get(pk=story.pk).sections.values_list("heading", "position"))


def test_an_editor_drags_a_section_and_the_new_order_is_saved(live_server, editor_page, story):
    ana = editor_page("ana")
    # Tall enough to hold both rows: a real browser scrolls while dragging near the edge.
    ana.set_viewport_size({"width": 1280, "height": 3400})
    open_story(ana, live_server, story)
    ana.locator("#sections-3 .drag-handle").drag_to(
        ana.locator("#sections-0 h3"), target_position={"x": 20, "y": 2}
    )
    order = ana.eval_on_selector_all(
        "#sections-group .inline-related:not(.empty-form)",
        "rows => rows.map(r => [r.id, r.querySelector('input[name$=-position]').value])",
    )
    assert order == [
        ["sections-3", "1"],
        ["sections-0", "2"],
        ["sections-1", "3"],
        ["sections-2", "4"],
    ]
    assert "Moved the section to place 1 of 4." in ana.locator("#order-status").inner_text()
    save(ana)
    assert headings(story) == [("Heading 4", 1), ("", 2), ("Heading 2", 3), ("Heading 3", 4)]


def test_an_editor_reorders_links_with_the_keyboard_and_it_is_saved(
    live_server, editor_page, story
):
    ana = editor_page("ana")
    open_story(ana, live_server, story)
    up = ana.get_by_role("button", name="Move related link 3 up")
    up.focus()
    ana.keyboard.press("Enter")
    # The focus stays on the moved row's button, now the second row's.
    assert ana.evaluate("document.activeElement.getAttribute('aria-label')") == (
        "Move related link 2 up"
    )
    ana.keyboard.press("Enter")
    assert "place 1 of 3" in ana.locator("#order-status").inner_text()
    save(ana)
    titles = Story.objects.get(pk=story.pk).related_links.values_list("title", flat=True)
    assert list(titles) == ["Related 3", "Related 1", "T" * 120]


def test_a_section_added_in_the_browser_gets_the_next_position(live_server, editor_page, story):
    ana = editor_page("ana")
    open_story(ana, live_server, story)
    ana.get_by_role("button", name="Add another Section").click()
    assert ana.input_value("input[name='sections-4-position']") == "5"
    ana.fill("textarea[name='sections-4-body']", "A postscript.")
    save(ana)
    assert Story.objects.get(pk=story.pk).sections.last().body == "A postscript."


@pytest.mark.parametrize("width", [1280])
def test_both_inlines_fit_a_1280px_screen(live_server, editor_page, story, width):
    ana = editor_page("ana")
    ana.set_viewport_size({"width": width, "height": 900})
    open_story(ana, live_server, story)
    snap(ana, f"change-form-{width}")
    if SCREENSHOTS:
        ana.locator("#related_links-group").screenshot(path=str(SCREENSHOTS / "links-inline.png"))
        ana.locator("#sections-1").screenshot(path=str(SCREENSHOTS / "section-row.png"))
    widths = ana.evaluate(
        """() => ['#sections-group', '#related_links-group'].map(s => {
            const box = document.querySelector(s).getBoundingClientRect();
            return box.right;
        })"""
    )
    assert all(right <= width for right in widths), widths
    assert ana.evaluate("document.documentElement.scrollWidth") <= width


def test_a_live_storys_slug_change_is_warned_about_before_saving(live_server, editor_page, story):
    ana = editor_page("ana")
    open_story(ana, live_server, story)
    warning = ana.locator("#slug-warning")
    assert warning.is_hidden()
    ana.locator("summary", has_text="Address and credits").click()
    ana.fill("#id_slug", "a-new-address")
    assert warning.is_visible()
    assert "Saving moves this live story" in warning.inner_text()
    snap(ana, "slug-warning")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_story_change_form_has_no_axe_violations(live_server, editor_page, story, scheme):
    ana = editor_page("ana")
    ana.emulate_media(color_scheme=scheme)
    open_story(ana, live_server, story)
    assert axe_violations(ana) == []


def test_the_change_form_works_from_the_keyboard_alone(live_server, editor_page, story):
    """Every reorder button is reachable with Tab, and shows where the focus is."""
    ana = editor_page("ana")
    open_story(ana, live_server, story)
    reached = set()
    for _ in range(200):
        ana.keyboard.press("Tab")
        label = ana.evaluate("document.activeElement.getAttribute('aria-label') || ''")
        if label.startswith("Move "):
            outline = ana.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none"
            reached.add(label)
    assert {"Move section 1 down", "Move related link 3 up"} <= reached


def test_the_second_editor_sees_who_else_has_the_story_open(live_server, editor_page, story):
    ana, bea = editor_page("ana"), editor_page("bea")
    open_story(ana, live_server, story)
    open_story(bea, live_server, story)
    notice = bea.get_by_role("status").filter(has_text="Someone else may be editing")
    assert notice.is_visible()
    assert "Ana opened it" in notice.inner_text()
    snap(bea, "presence", full_page=False)
