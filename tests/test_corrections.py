"""Corrections, in public: readers see them on the story and on /corrections/, machines in the
JSON-LD and two feeds, and once published one is never changed or deleted, by any writer."""

import json
from datetime import datetime, timedelta
from xml.etree import ElementTree

import pytest
from django.core import serializers
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import ProtectedError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import corrections, purging
from articles.corrections import CorrectionLocked
from articles.editing import history
from articles.models import Correction, Story
from tests.html_text import elements
from tests.test_history import edit
from tests.test_metadata import json_ld_blocks
from tests.test_page_cache import PURGED


@pytest.fixture
def story(make_story):
    return make_story("Council votes on the budget", sections=2)


def draft(story, text="It was Wednesday, not Tuesday.", user=None):
    return Correction.objects.create(story=story, text=text, created_by=user)


def published(story, text="It was Wednesday, not Tuesday.", user=None):
    return corrections.publish(draft(story, text, user).pk, user)


def page(client, story):
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


# --- What readers see -----------------------------------------------------------------------


def test_the_story_shows_its_published_corrections_oldest_first_at_the_end(client, story):
    draft(story, "A draft nobody sees.")
    first = published(story, "The vote was on Wednesday.")
    second = published(story, "The budget is £4m, not £5m.")
    html = page(client, story)
    (aside,) = [a for _, a, _ in elements(html, "aside")]
    assert aside == {
        "class": "corrections",
        "id": "corrections",
        "aria-labelledby": "corrections-heading",
    }
    assert '<h2 id="corrections-heading">Corrections</h2>' in html
    assert "A draft nobody sees." not in html
    notice = html[html.index('<aside class="corrections"') : html.index("</aside>")]
    assert notice.index("The vote was on Wednesday.") < notice.index("£4m, not £5m.")
    for correction in (first, second):
        iso = timezone.localtime(correction.published_at).isoformat(timespec="seconds")
        assert f'<time datetime="{iso}">' in notice
    # After the story's last section, before the share and related links.
    assert html.rindex("</section>") < html.index("<aside") < html.index('class="share"')


def test_a_note_under_the_dateline_links_to_the_corrections(client, story):
    published(story)
    html = page(client, story)
    start = html.index("<header>", html.index("<article"))
    header = html[start : html.index("</header>", start)]
    assert '<p class="correction-note">Corrected <time' in header
    assert '<a href="#corrections">Read the correction</a>' in header
    assert '<h2 id="corrections-heading">Correction</h2>' in html
    published(story, "And another.")
    assert "Read the 2 corrections" in page(client, story)


def test_a_story_without_published_corrections_shows_neither(client, story):
    draft(story)
    html = page(client, story)
    assert "correction-note" not in html and "<aside" not in html


def test_a_heading_called_corrections_does_not_take_the_notice_s_id(client, story):
    story.sections.filter(position=2).update(heading="Corrections")
    published(story)
    html = page(client, story)
    assert html.count('id="corrections"') == 1
    assert '<h2 id="corrections-2">Corrections</h2>' in html


# --- What machines see ----------------------------------------------------------------------


def test_json_ld_carries_each_correction_as_a_correction_comment(client, story):
    assert "correction" not in json_ld_blocks(page(client, story))[0]
    first = published(story, "The vote was on <Wednesday> & “not” Tuesday.")
    second = published(story, "Second fix.")
    (article,) = json_ld_blocks(page(client, story))
    assert article["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": correction.text,
            "datePublished": timezone.localtime(correction.published_at).isoformat(
                timespec="seconds"
            ),
        }
        for correction in (first, second)
    ]


def test_a_published_correction_is_a_substantive_update(client, story):
    correction = published(story)
    story.refresh_from_db()
    assert story.revised_at == correction.published_at
    iso = timezone.localtime(correction.published_at).isoformat(timespec="seconds")
    html = page(client, story)
    (article,) = json_ld_blocks(html)
    assert article["dateModified"] == iso
    assert f'Updated <time datetime="{iso}">' in html
    assert f'<meta property="article:modified_time" content="{iso}">' in html
    atom = ElementTree.fromstring(client.get("/feeds/atom/").content)
    (entry,) = atom.findall("{http://www.w3.org/2005/Atom}entry")
    updated = entry.find("{http://www.w3.org/2005/Atom}updated").text
    assert datetime.fromisoformat(updated) == correction.published_at


def test_a_draft_correction_changes_nothing_readers_see(client, story):
    before = page(client, story)
    draft(story)
    story.refresh_from_db()
    assert story.revised_at is None
    assert page(client, story) == before


def test_publishing_is_a_new_version_with_an_entry_in_the_history(story, editor):
    corrections.publish(draft(story, "The vote was on Wednesday.").pk, editor)
    story.refresh_from_db()
    assert story.version == 2
    newest = history.story_versions(story.pk)[0].revision
    assert newest.user == editor
    assert newest.get_comment() == "Published a correction: “The vote was on Wednesday.”"


def test_only_a_live_story_s_correction_is_published(make_story):
    for state in ("draft", "scheduled"):
        story = make_story(
            state,
            status=Story.Status.DRAFT if state == "draft" else Story.Status.PUBLISHED,
            published_at=None if state == "draft" else timezone.now() + timedelta(days=1),
        )
        correction = draft(story)
        with pytest.raises(corrections.CannotPublish, match="live"):
            corrections.publish(correction.pk, None)
        correction.refresh_from_db()
        assert correction.published_at is None


# --- /corrections/ and its feeds ------------------------------------------------------------


def test_the_corrections_page_lists_published_ones_newest_first(
    client, story, make_story, django_assert_num_queries
):
    older = published(story, "Older correction.")
    newer = published(make_story("Another story"), "Newer correction.")
    draft(story, "Draft correction.")
    gone = make_story("Unpublished later")
    published(gone, "On a story readers no longer see.")
    Story.objects.filter(pk=gone.pk).update(status=Story.Status.DRAFT)
    with django_assert_num_queries(2):  # the (capped) count, the page with its stories
        response = client.get("/corrections/")
    html = response.content.decode()
    assert html.index("Newer correction.") < html.index("Older correction.")
    assert "Draft correction." not in html and "no longer see" not in html
    assert f'<a href="{newer.get_absolute_url()}">Another story</a>' in html
    assert f'href="{older.story.get_absolute_url()}#corrections"' in html


def test_the_corrections_page_is_paginated_and_refuses_non_pages(client, story):
    for n in range(21):
        published(story, f"Correction number {n}.")
    first, second = client.get("/corrections/"), client.get("/corrections/?page=2")
    assert first.content.decode().count('class="story-card"') == 20
    assert second.content.decode().count('class="story-card"') == 1
    assert "Correction number 0." in second.content.decode()
    for bad in ("3", "0", "abc", "%D9%A1", "%00", "9" * 25):
        assert client.get(f"/corrections/?page={bad}").status_code == 404, bad


def test_the_corrections_page_says_when_there_are_none(client, db):
    assert "No corrections have been published." in client.get("/corrections/").content.decode()


@pytest.mark.parametrize("path", ["/feeds/corrections/rss/", "/feeds/corrections/atom/"])
def test_the_corrections_feeds_hold_each_published_correction(client, story, settings, path):
    published(story, "Older fix.")
    published(story, f"Newer fix with a control\x1b character {'<&>'}.")
    draft(story, "Draft fix.")
    body = client.get(path).content.decode()
    root = ElementTree.fromstring(body)  # well-formed, whatever the text holds
    texts = "".join(root.itertext())
    assert "Draft fix." not in texts
    assert texts.index("Newer fix with a control character <&>.") < texts.index("Older fix.")
    assert f"{settings.SITE_URL}{story.get_absolute_url()}#corrections" in body
    assert "Correction: Council votes on the budget" in texts


def test_the_corrections_pages_are_linked_from_every_page(client, story):
    html = page(client, story)
    assert '<a href="/corrections/">Corrections</a>' in html
    listing = client.get("/corrections/").content.decode()
    assert 'type="application/rss+xml" title="Newsroom: corrections (RSS)"' in listing or (
        'href="/feeds/corrections/rss/"' in listing
    )


def test_publishing_purges_the_story_and_the_corrections_pages(
    story, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_PURGE_HOOK = "tests.test_page_cache.remember_purge"
    correction = draft(story)
    PURGED.clear()
    purging.pending.__dict__.clear()
    with django_capture_on_commit_callbacks(execute=True):
        corrections.publish(correction.pk, None)
    (urls,) = PURGED
    site = settings.SITE_URL
    assert {
        site + story.get_absolute_url(),
        site + "/corrections/",
        site + "/feeds/corrections/rss/",
        site + "/feeds/corrections/atom/",
    } <= set(urls)


def test_cached_pages_show_a_correction_as_soon_as_it_is_published(client, story):
    for path in (story.get_absolute_url(), "/corrections/", "/feeds/corrections/rss/"):
        client.get(path)  # stored in the page cache
    published(story, "Now in public.")
    for path in (story.get_absolute_url(), "/corrections/", "/feeds/corrections/rss/"):
        assert "Now in public." in client.get(path).content.decode(), path


# --- Append-only, in the model layer --------------------------------------------------------


def test_a_draft_may_be_changed_and_deleted(story):
    correction = draft(story)
    correction.text = "Better wording."
    correction.save()
    correction.delete()
    assert not Correction.objects.exists()


def test_a_published_correction_is_never_rewritten(story):
    correction = published(story)
    correction.text = "Quietly rewritten."
    with pytest.raises(CorrectionLocked):
        correction.save()
    correction.refresh_from_db()
    correction.published_at = None  # "unpublished"
    with pytest.raises(CorrectionLocked):
        correction.save()
    with pytest.raises(CorrectionLocked):
        Correction.objects.filter(pk=correction.pk).update(text="Bulk rewrite.")
    correction = Correction.objects.get(pk=correction.pk)
    assert correction.text == "It was Wednesday, not Tuesday." and correction.published_at


def test_deleting_the_user_who_published_one_keeps_the_correction(story, make_user):
    user = make_user("leaver", "Editors")
    correction = published(story, user=user)
    user.delete()
    correction.refresh_from_db()
    assert correction.published_by is None and correction.created_by is None
    assert correction.text == "It was Wednesday, not Tuesday." and correction.published_at


def test_a_published_correction_is_never_deleted(story):
    correction = published(story)
    with pytest.raises(CorrectionLocked), transaction.atomic():
        correction.delete()
    with pytest.raises(CorrectionLocked), transaction.atomic():
        Correction.objects.all().delete()
    assert Correction.objects.filter(pk=correction.pk).exists()


def test_a_story_with_a_published_correction_cannot_be_deleted(story, make_story):
    published(story)
    with pytest.raises(ProtectedError):
        story.delete()
    with pytest.raises(ProtectedError):
        Story.objects.filter(pk=story.pk).delete()
    assert Story.objects.filter(pk=story.pk).exists()
    # Drafts alone don't hold a story: they go with it.
    other = make_story("Only drafts")
    draft(other)
    other.delete()
    assert not Correction.objects.filter(story_id=other.pk).exists()


def fixture_of(correction, **changes):
    fields = {
        "story": correction.story_id,
        "text": correction.text,
        "published_at": correction.published_at.isoformat(),
        "created_at": correction.created_at.isoformat(),
        "created_by": None,
        "published_by": None,
    }
    return json.dumps(
        [{"model": "articles.correction", "pk": correction.pk, "fields": fields | changes}]
    )


def test_loaddata_cannot_rewrite_a_published_correction(story, tmp_path):
    correction = published(story)
    fixture = tmp_path / "corrections.json"
    fixture.write_text(fixture_of(correction, text="Rewritten by a fixture."))
    with pytest.raises(CommandError):
        call_command("loaddata", str(fixture), verbosity=0)
    assert Correction.objects.get(pk=correction.pk).text == "It was Wednesday, not Tuesday."


def test_a_raw_save_from_a_fixture_cannot_rewrite_one_either(story):
    """Below `loaddata`'s own guard: deserialized objects save the raw way, past save()."""
    correction = published(story)
    (same,) = serializers.deserialize("json", fixture_of(correction))
    same.save()  # the same correction again: nothing to refuse
    (rewritten,) = serializers.deserialize("json", fixture_of(correction, text="Rewritten."))
    with pytest.raises(CorrectionLocked):
        rewritten.save()
    assert Correction.objects.get(pk=correction.pk).text == "It was Wednesday, not Tuesday."


def test_restoring_an_old_version_keeps_every_correction(story, editor):
    client = Client()
    client.force_login(editor)
    edit(client, story, headline="Second headline")
    original = list(history.story_versions(story.pk))[-1]
    kept = published(story, "Published after the version being restored.")
    drafted = draft(story, "A draft, also kept.")
    version = Story.objects.get(pk=story.pk).version
    response = client.post(
        reverse("admin:articles_story_revision", args=[story.pk, original.pk]),
        {"current_version": str(version)},
        follow=True,
    )
    assert "restored the version saved" in response.content.decode()
    restored = Story.objects.get(pk=story.pk)
    assert restored.headline == "Council votes on the budget"
    assert set(Correction.objects.filter(story=story)) == {kept, drafted}
    assert Correction.objects.get(pk=kept.pk).text == kept.text
    assert restored.revised_at == kept.published_at  # "Updated" is not rolled back either


def test_corrections_stay_out_of_the_story_s_versions(story, editor):
    published(story)
    for version in history.story_versions(story.pk):
        models = {v.content_type.model for v in version.revision.version_set.all()}
        assert "correction" not in models
