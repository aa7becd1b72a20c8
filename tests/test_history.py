"""History: every admin save is a revision of the whole story; editors compare any two and
restore one exactly; deleted stories come back; a restore that can't be done says why."""

from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from articles.editing import history
from articles.editing.versions import current, stored
from articles.models import RelatedLink, Section, Story
from tests.test_admin import change_form_data


@pytest.fixture
def client(editor):
    client = Client()
    client.force_login(editor)
    return client


def admin_url(name, *args):
    return reverse(f"admin:articles_story_{name}", args=args)


def edit(client, story, **changes):
    """Open the story's change form and save it with `changes`, as an editor does."""
    client.get(admin_url("change", story.pk))
    data = change_form_data(Story.objects.get(pk=story.pk)) | changes
    response = client.post(admin_url("change", story.pk), data)
    assert response.status_code == 302, response.context["errors"]


def versions(story):
    return list(history.story_versions(story.pk))


@pytest.fixture
def story(make_story):
    return make_story("First headline", sections=3, links=2)


def test_every_admin_save_records_the_whole_story_with_who_and_when(client, editor, story):
    edit(client, story, headline="Second headline", **{"sections-1-body": "Changed."})
    newest = versions(story)[0]
    assert newest.revision.user == editor
    assert newest.revision.get_comment().startswith("Changed Headline.")
    saved = stored(newest.revision, story.pk)
    assert saved.fields["headline"] == "Second headline"
    assert saved.version == 2
    assert [row["body"] for row in saved.parts["sections"].values()][1] == "Changed."
    assert len(saved.parts["related_links"]) == 2


def test_the_history_page_lists_versions_with_who_saved_them(client, story):
    edit(client, story, headline="Second headline")
    html = client.get(admin_url("history", story.pk)).content.decode()
    assert "Compare selected versions" in html
    assert html.count('name="old"') == 2  # the baseline and the save
    assert "by Ana" in html and "Restore version 2" in html


def test_comparing_two_versions_shows_an_escaped_word_diff(client, story):
    edit(client, story, **{"sections-1-body": "The <script>cat</script> sat."})
    edit(client, story, **{"sections-1-body": "The <script>dog</script> sat."})
    old, new = versions(story)[1], versions(story)[0]
    response = client.get(admin_url("compare", story.pk) + f"?old={old.pk}&new={new.pk}")
    assert response.status_code == 200
    [change] = response.context["changes"]
    assert change.label == "Section 2 “Heading 2”"
    assert "<del>&lt;script&gt;cat&lt;/script&gt; </del>" in change.old_html
    assert "<ins>&lt;script&gt;dog&lt;/script&gt; </ins>" in change.new_html
    assert "<script>dog" not in response.content.decode()


def test_comparing_without_choosing_two_versions_asks_for_them(client, story):
    response = client.get(admin_url("compare", story.pk) + "?old=nope", follow=True)
    assert "Choose two versions to compare." in response.content.decode()


def test_restore_brings_back_exact_sections_and_links_as_a_new_revision(client, editor, story):
    before = current(Story.objects.get(pk=story.pk))
    # Since then: a new headline, a section and a link deleted, a section added, two swapped.
    edit(
        client,
        story,
        headline="Rewritten",
        **{
            "sections-0-DELETE": "on",
            "sections-1-position": "3",
            "sections-2-position": "2",
            "related_links-1-DELETE": "on",
            "sections-TOTAL_FORMS": "4",
            "sections-3-position": "4",
            "sections-3-body": "Added later.",
        },
    )
    original = versions(story)[-1]  # the story as it was: recorded by the save that changed it
    page = client.get(admin_url("revision", story.pk, original.pk))
    assert page.status_code == 200
    assert "Restore this version" in page.content.decode()
    response = client.post(
        admin_url("revision", story.pk, original.pk), {"current_version": "2"}, follow=True
    )
    assert "restored the version saved" in response.content.decode()
    restored = Story.objects.get(pk=story.pk)
    after = current(restored)
    assert (after.fields, after.parts) == (before.fields, before.parts)
    assert restored.version == 3
    newest = versions(story)[0].revision
    assert newest.user == editor and newest.comment.startswith("Restored the version saved")


def test_a_restore_whose_slug_is_taken_now_says_so_and_changes_nothing(client, story, make_story):
    edit(client, story, slug="moved-away", headline="Moved")
    original = versions(story)[-1]
    make_story("Squatter", slug=story.slug)
    response = client.post(
        admin_url("revision", story.pk, original.pk), {"current_version": "2"}, follow=True
    )
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert f"Not restored: its address “{story.slug}” is now used by the story “Squatter”" in html
    assert Story.objects.get(pk=story.pk).slug == "moved-away"


def test_a_restore_over_a_newer_save_is_refused(client, story):
    edit(client, story, headline="Saved while the restore page was open")
    original = versions(story)[-1]
    response = client.post(
        admin_url("revision", story.pk, original.pk), {"current_version": "1"}, follow=True
    )
    assert "Not restored: the story was saved again" in response.content.decode()
    assert Story.objects.get(pk=story.pk).headline == "Saved while the restore page was open"


def test_a_deleted_story_is_recovered_with_its_sections_and_links(client, story):
    edit(client, story, standfirst="Worth keeping.")
    assert client.post(admin_url("delete", story.pk), {"post": "yes"}).status_code == 302
    assert not Story.objects.filter(pk=story.pk).exists()
    recover_list = client.get(admin_url("recoverlist")).content.decode()
    assert "First headline" in recover_list
    [deleted] = history.story_versions(story.pk)[:1]
    assert client.get(admin_url("recover", deleted.pk)).status_code == 200
    client.post(admin_url("recover", deleted.pk))
    recovered = Story.objects.get(pk=story.pk)
    assert recovered.standfirst == "Worth keeping."
    assert Section.objects.filter(story=recovered).count() == 3
    assert RelatedLink.objects.filter(story=recovered).count() == 2
    assert recovered.version == 3


def test_a_restored_link_to_a_story_deleted_since_becomes_plain_text(client, story, make_story):
    target = make_story("Linked")
    RelatedLink.objects.filter(story=story, position=1).update(target=target)
    edit(client, story, headline="Later")
    original = versions(story)[-1]
    target.delete()
    client.post(admin_url("revision", story.pk, original.pk), {"current_version": "2"})
    link = RelatedLink.objects.get(story=story, position=1)
    assert link.target is None and link.title == "Related 1"


def test_a_story_deleted_from_the_list_without_ever_being_opened_can_be_recovered(
    client, make_story
):
    story = make_story("Never opened", sections=2)
    client.post(
        reverse("admin:articles_story_changelist"),
        {"action": "delete_selected", "_selected_action": [story.pk], "post": "yes"},
    )
    assert not Story.objects.filter(pk=story.pk).exists()
    [deleted] = history.story_versions(story.pk)
    client.post(admin_url("recover", deleted.pk))
    assert Story.objects.get(pk=story.pk).sections.count() == 2


def test_restoring_an_older_version_keeps_a_live_story_live(client, make_story):
    story = make_story("Drafted", status=Story.Status.DRAFT, sections=2)
    edit(client, story, headline="Drafted again")
    draft_version = versions(story)[0]
    edit(client, story, headline="Published text", status="published")
    live = Story.objects.get(pk=story.pk)
    assert live.is_live

    page = client.get(admin_url("revision", story.pk, draft_version.pk)).content.decode()
    assert "readers will see the restored text at once" in unescape(page)
    response = client.post(
        admin_url("revision", story.pk, draft_version.pk),
        {"current_version": str(live.version)},
        follow=True,
    )
    restored = Story.objects.get(pk=story.pk)
    assert restored.headline == "Drafted again"
    assert (restored.status, restored.published_at) == (live.status, live.published_at)
    assert client.get(restored.get_absolute_url()).status_code == 200
    message = unescape(response.content.decode())
    assert "It stays live: readers see the restored text now." in message


def test_restoring_a_draft_says_readers_see_nothing_yet(client, make_story):
    story = make_story("Drafted", status=Story.Status.DRAFT, sections=2)
    edit(client, story, headline="Drafted again")
    first = versions(story)[-1]
    page = client.get(admin_url("revision", story.pk, first.pk)).content.decode()
    assert "It stays a draft: readers see nothing until it is published." in unescape(page)
