"""An editor uploads a lead image in real Chromium, publishes, and readers see it: on a
desktop screen and on a 390 x 844 phone, which loads the small WebP rendition."""

import pytest
from playwright.sync_api import expect

from articles.models import Story
from tests.browser import wait_until
from tests.page_checkers import axe_violations
from tests.pictures import photo_bytes
from tests.test_browser_admin import snap
from tests.test_browser_editing import editor_page as editor_page_fixture
from tests.test_browser_editing import message, open_story

editor_page = editor_page_fixture

pytestmark = pytest.mark.browser


@pytest.fixture
def draft(transactional_db, make_story):
    return make_story("Harbour reopens after the storm", status=Story.Status.DRAFT, sections=3)


def test_an_editor_uploads_a_lead_image_publishes_and_readers_see_it(
    live_server, editor_page, new_context, draft, tmp_path
):
    photo = tmp_path / "harbour.jpg"
    photo.write_bytes(photo_bytes(2000, 1125, gps=True))
    ana = editor_page("ana")
    open_story(ana, live_server, draft)
    ana.set_input_files("#id_image", str(photo))
    ana.fill("#id_image_alt", "Fishing boats back at the harbour wall")
    ana.fill("#id_image_caption", "The first boats came back on Monday.")
    ana.fill("#id_image_credit", "Ana Pérez/Newsroom")
    snap(ana, "pictures-admin-upload")
    with ana.expect_navigation():
        ana.click("input[name=_publish_now]")
    message(ana, "was changed successfully")
    story = Story.objects.get(pk=draft.pk)
    assert story.is_live and story.image and story.image_width == 2000
    # The change form with a current picture (its link, the Clear box) and a section's picture
    # fold opened: still nothing for axe to report.
    open_story(ana, live_server, story)
    expect(ana.locator(".field-image a")).to_have_attribute("href", story.picture.fallback.url)
    ana.locator("#sections-1 details summary").first.click()
    assert axe_violations(ana) == []

    for name, viewport, expected_width in [
        ("desktop", {"width": 1280, "height": 900}, 720),
        ("phone", {"width": 390, "height": 844}, 360),
    ]:
        reader = new_context(viewport=viewport).new_page()
        reader.goto(live_server.url + story.get_absolute_url())
        lead = reader.locator("figure.picture img").first
        expect(lead).to_have_attribute("fetchpriority", "high")
        wait_until(reader, "document.querySelector('figure.picture img').complete")
        loaded = lead.evaluate("img => [img.naturalWidth, img.currentSrc]")
        # Chromium picks the WebP source, at the width the slot needs (1x screens).
        assert loaded[0] > 0, (name, loaded)
        assert loaded[1].endswith(f"/{expected_width}.webp"), (name, loaded)
        expect(reader.locator("figcaption")).to_contain_text("Ana Pérez/Newsroom")
        snap(reader, f"pictures-story-{name}", full_page=False)
