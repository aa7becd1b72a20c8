"""Editors in real Chromium: edit and publish a change, collide with each other (a merge and a
refusal), and preview a draft through a share link while logged out.

Every step waits for what it needs: a click that submits a form waits for the next page to
load, and assertions on the page retry (`expect`) until they hold.
"""

import re

import pytest
from playwright.sync_api import expect

from articles.models import PreviewLink, Section, Story

pytestmark = pytest.mark.browser


@pytest.fixture
def story(transactional_db, make_story):
    return make_story("A story to edit", sections=3, links=1)


@pytest.fixture
def editor_page(staff_page):
    """A logged-in editor's page, through the real admin login form."""
    return lambda username: staff_page(username, "Editors")


def open_story(page, live_server, story):
    page.goto(f"{live_server.url}/admin/articles/story/{story.pk}/change/")


def save(page):
    """Submit the form and wait for the page it leads to, not for the one already loaded."""
    with page.expect_navigation():
        page.click("input[name=_save]")


def message(page, text):
    """The admin's message containing `text`, once it is there."""
    found = page.locator(".messagelist li").filter(has_text=text)
    expect(found).to_have_count(1)
    return found.inner_text()


def test_an_editor_edits_a_section_and_readers_see_it(live_server, editor_page, story, page):
    ana = editor_page("ana")
    open_story(ana, live_server, story)
    ana.fill("textarea[name='sections-1-body']", "Rewritten in the browser.\n\nSecond line.")
    save(ana)
    message(ana, "was changed successfully")
    page.goto(live_server.url + story.get_absolute_url())
    expect(page.get_by_text("Rewritten in the browser.")).to_be_visible()
    expect(page.get_by_text("Second line.")).to_be_visible()


def test_two_editors_changing_different_text_are_merged(live_server, editor_page, story, page):
    ana, bea = editor_page("ana"), editor_page("bea")
    open_story(ana, live_server, story)
    open_story(bea, live_server, story)
    ana.fill("textarea[name='sections-0-body']", "Ana's new lead.")
    save(ana)
    bea.fill("input[name=headline]", "Bea's headline")
    save(bea)
    merged = message(bea, "Merged:")
    assert merged.startswith("Merged:")
    assert "Ana at " in merged and "both are kept" in merged
    page.goto(live_server.url + Story.objects.get(pk=story.pk).get_absolute_url())
    # Readers see the apostrophes typographic (articles/markup.py).
    expect(page.locator("h1")).to_have_text("Bea’s headline")
    expect(page.get_by_text("Ana’s new lead.")).to_be_visible()


def test_two_editors_changing_the_same_text_b_is_refused_keeps_hers_then_resolves(
    live_server, editor_page, story, page
):
    ana, bea = editor_page("ana"), editor_page("bea")
    open_story(ana, live_server, story)
    open_story(bea, live_server, story)
    ana.fill("textarea[name='sections-1-body']", "Ana's version of the second section.")
    save(ana)
    bea.fill("textarea[name='sections-1-body']", "Bea's version of the second section.")
    save(bea)

    # Refused: B's text is still in the field, A's is beside it, and B is told who and when.
    refusal = message(bea, "Not saved:")
    assert re.match(r"Not saved: Ana at \d+ \w+ \d{4}, \d\d:\d\d \w+, after you opened", refusal)
    expect(bea.locator("textarea[name='sections-1-body']")).to_have_value(
        "Bea's version of the second section."
    )
    clash = bea.locator(".edit-clash")
    expect(clash.locator("h3")).to_have_text("Section 2 “Heading 2”: body")
    expect(clash.locator(".edit-clash-theirs")).to_contain_text("Ana's version")
    expect(clash.locator(".edit-clash-mine")).to_contain_text("Bea's version")
    assert Story.objects.get(pk=story.pk).sections.get(position=2).body.startswith("Ana's")

    # B takes A's text, adds to it, and saves: this time it goes through.
    clash.get_by_role("button", name="Use their version").click()
    field = bea.locator("textarea[name='sections-1-body']")
    expect(field).to_have_value("Ana's version of the second section.")
    field.fill("Ana's version of the second section, with Bea's addition.")
    save(bea)
    message(bea, "was changed successfully")
    page.goto(live_server.url + story.get_absolute_url())
    expect(page.get_by_text("with Bea’s addition.")).to_be_visible()


def test_a_draft_is_previewed_through_a_share_link_while_logged_out(
    live_server, editor_page, new_context, make_story, transactional_db, settings
):
    settings.SITE_URL = live_server.url  # share addresses are on the site's public address
    draft = make_story("Embargoed draft", status=Story.Status.DRAFT, sections=2)
    ana = editor_page("ana")
    open_story(ana, live_server, draft)
    ana.get_by_role("link", name="Share a preview").click()
    ana.wait_for_url(re.compile(r"/admin/articles/previewlink/add/"))
    save(ana)
    expect(ana.locator("#share-address")).to_have_value(re.compile("/preview/"))
    address = ana.input_value("#share-address")
    assert address.startswith(live_server.url + "/preview/")

    reader = new_context().new_page()
    response = reader.goto(address)
    assert response.status == 200
    assert response.headers["cache-control"] == "private, no-store"
    expect(reader.locator(".preview-banner")).to_have_text(
        re.compile(r"^\s*Preview: not published\.")
    )
    expect(reader.locator("h1")).to_have_text("Embargoed draft")
    expect(reader.get_by_text("Paragraph 2b.")).to_be_visible()

    # Revoked in the admin: the same address now finds nothing.
    ana.check("input[name=revoke_now]")
    save(ana)
    message(ana, "was changed successfully")
    assert PreviewLink.objects.get().revoked_at is not None
    assert reader.goto(address).status == 404
    assert reader.goto(live_server.url + draft.get_absolute_url()).status == 404


def test_publish_now_saves_the_edit_and_the_story_goes_live(
    live_server, editor_page, make_story, transactional_db, page
):
    draft = make_story("A draft to publish", status=Story.Status.DRAFT, sections=2)
    ana = editor_page("ana")
    open_story(ana, live_server, draft)
    ana.fill("input[name=headline]", "Published with one click")
    ana.screenshot(path="/tmp/core/publish-now-button.png", full_page=True)
    ana.click("input[name=_publish_now]")
    message(ana, "was changed successfully")
    saved = Story.objects.get(pk=draft.pk)
    assert (saved.headline, saved.state) == ("Published with one click", Story.State.LIVE)
    page.goto(live_server.url + saved.get_absolute_url())
    assert page.get_by_role("heading", name="Published with one click").is_visible()


def test_two_editors_changing_one_paragraph_see_only_that_paragraph(
    live_server, editor_page, story
):
    Section.objects.filter(story=story, position=2).update(
        body="The first paragraph.\n\nThe second paragraph.\n\nThe third paragraph."
    )
    ana, bea = editor_page("ana"), editor_page("bea")
    open_story(ana, live_server, story)
    open_story(bea, live_server, story)
    body = "textarea[name='sections-1-body']"
    ana.fill(body, "The first paragraph.\n\nAna's second paragraph.\n\nThe third paragraph.")
    save(ana)
    bea.fill(body, "Bea's first.\n\nBea's second paragraph.\n\nThe third paragraph.")
    save(bea)
    clash = bea.locator(".edit-clash")
    assert clash.count() == 1
    bea.screenshot(path="/tmp/core/paragraph-clash.png", full_page=True)
    shown = clash.inner_text()
    assert "Ana's second" in shown and "Bea's second" in shown
    assert "first" not in shown and "third" not in shown
    assert bea.input_value(body) == (
        "Bea's first.\n\nBea's second paragraph.\n\nThe third paragraph."
    )


def test_an_editor_writes_a_link_emphasis_a_list_and_a_quote(
    live_server, editor_page, story, page, tmp_path
):
    ana = editor_page("ana")
    open_story(ana, live_server, story)
    body = (
        "The *new* plan, says [the council](https://example.org/minutes), is **final**.\n\n"
        '- homes first\n- roads later\n\n> "We\'re ready," the mayor said.'
    )
    ana.fill("textarea[name='sections-1-body']", body)
    save(ana)
    message(ana, "was changed successfully")

    page.goto(live_server.url + story.get_absolute_url())
    lead = page.locator("article.story section").nth(1)  # the form's sections-1 is the second
    expect(lead.locator("em")).to_have_text("new")
    expect(lead.locator("strong")).to_have_text("final")
    link = lead.get_by_role("link", name="the council")
    expect(link).to_have_attribute("href", "https://example.org/minutes")
    expect(link).to_have_attribute("rel", "noopener")
    expect(lead.locator("ul li")).to_have_text(["homes first", "roads later"])
    expect(lead.locator("blockquote")).to_have_text("“We’re ready,” the mayor said.")
    page.screenshot(path=tmp_path / "story-with-markup.png", full_page=True)
    stored = Section.objects.get(story=story, position=2).body
    assert stored.replace("\r\n", "\n") == body  # as typed (a browser sends CRLF line ends)


def test_an_editor_is_told_a_javascript_link_is_refused_and_keeps_the_text(
    live_server, editor_page, story
):
    ana = editor_page("ana")
    open_story(ana, live_server, story)
    body = "Click [here](javascript:alert(document.cookie)) for more."
    ana.fill("textarea[name='sections-1-body']", body)
    save(ana)
    expect(ana.locator(".errorlist").first).to_contain_text("is not allowed")
    expect(ana.locator("textarea[name='sections-1-body']")).to_have_value(body)
