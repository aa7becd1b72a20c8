"""Corrections in real Chromium: an editor adds and publishes one and readers see it on the
story (the note under the dateline jumps to the notice at the end), on /corrections/ and in its
feed; a reporter drafts one, gets no publish button, and readers see nothing.

Every step waits for what it needs (`expect` retries; submits wait for the next page).
"""

import os

import pytest
from playwright.sync_api import expect

from articles.models import Correction

pytestmark = pytest.mark.browser

# Set to a folder to keep screenshots of each step, for a person to look at.
SCREENSHOTS = os.environ.get("CORRECTION_SCREENSHOTS")


@pytest.fixture
def story(transactional_db, make_story):
    return make_story("Council votes on the budget", sections=3)


def shot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


def write_correction(page, live_server, story, text):
    """From the story's change form, as an editor finds it: *Add a correction*."""
    page.goto(f"{live_server.url}/admin/articles/story/{story.pk}/change/")
    with page.expect_navigation():
        page.get_by_role("link", name="Add a correction").click()
    page.fill("textarea[name=text]", text)


def test_an_editor_publishes_a_correction_and_readers_see_it(
    live_server, staff_page, story, new_context
):
    ana = staff_page("ana", "Editors")
    write_correction(ana, live_server, story, "The vote was on Wednesday, not Tuesday.")
    shot(ana, "1-editor-adds")
    with ana.expect_navigation():
        ana.click("input[name=_publish_correction]")
    expect(ana.locator(".messagelist li").filter(has_text="Published: readers see")).to_be_visible()
    shot(ana, "2-editor-published")

    reader = new_context(viewport={"width": 390, "height": 844}).new_page()
    reader.goto(live_server.url + story.get_absolute_url())
    note = reader.locator(".correction-note")
    expect(note).to_be_in_viewport()
    expect(note).to_contain_text("Corrected")
    shot(reader, "3-reader-story")
    note.get_by_role("link", name="Read the correction").click()
    notice = reader.get_by_role("complementary", name="Correction")
    expect(notice).to_be_in_viewport()
    expect(notice).to_contain_text("The vote was on Wednesday, not Tuesday.")
    assert reader.url.endswith("#corrections")

    reader.goto(live_server.url + "/corrections/")
    expect(reader.get_by_role("link", name="Council votes on the budget")).to_be_visible()
    expect(reader.get_by_text("The vote was on Wednesday, not Tuesday.")).to_be_visible()
    shot(reader, "4-reader-corrections")
    feed = reader.request.get(live_server.url + "/feeds/corrections/atom/").text()
    assert "The vote was on Wednesday, not Tuesday." in feed

    # Published is final: the editor's form is read-only now, with no delete link.
    correction = Correction.objects.get()
    ana.goto(f"{live_server.url}/admin/articles/correction/{correction.pk}/change/")
    expect(ana.get_by_text("The vote was on Wednesday, not Tuesday.")).to_be_visible()
    expect(ana.locator("textarea[name=text]")).to_have_count(0)
    expect(ana.locator(".deletelink")).to_have_count(0)
    shot(ana, "5-editor-read-only")


def test_a_reporter_drafts_a_correction_and_cannot_publish_it(live_server, staff_page, story, page):
    rui = staff_page("rui", "Reporters")
    write_correction(rui, live_server, story, "Drafted by a reporter.")
    expect(rui.locator("input[name=_publish_correction]")).to_have_count(0)
    with rui.expect_navigation():
        rui.click("input[name=_save]")
    expect(rui.locator(".messagelist li").filter(has_text="was added successfully")).to_be_visible()
    shot(rui, "6-reporter-drafted")
    assert Correction.objects.get().published_at is None
    page.goto(live_server.url + story.get_absolute_url())
    expect(page.locator("h1")).to_have_text("Council votes on the budget")
    expect(page.locator(".corrections, .correction-note")).to_have_count(0)
