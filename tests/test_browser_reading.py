"""A reader in real Chromium, with JavaScript off, reads the seed story."""

import pytest
from playwright.sync_api import expect

from articles.models import Story

pytestmark = pytest.mark.browser


def test_reader_without_javascript_reads_the_story(live_server, new_context, transactional_db):
    from django.core.management import call_command

    call_command("loaddata", "seed", verbosity=0)
    story = Story.objects.get()
    page = new_context(java_script_enabled=False).new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("link", name=story.headline).click()
    expect(page).to_have_url(live_server.url + story.get_absolute_url())
    expect(page.locator("h1")).to_have_text(story.headline)
    expect(page.get_by_role("heading", level=2, name="Conclusion")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="Meta Acquires 1 Gigawatt")).to_have_count(
        1
    )
