"""Draft, scheduled, live: stories go live on time with nothing running, and editors see and
change the state from the admin list."""

from datetime import timedelta
from unittest import mock

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.editing import history
from articles.models import Story


def changelist(client, query=""):
    return client.get(reverse("admin:articles_story_changelist") + query)


def test_a_scheduled_story_goes_live_on_time_with_no_job_running(client, make_story):
    publish_at = timezone.now() + timedelta(minutes=5)
    story = make_story("Embargoed", published_at=publish_at)
    assert story.state == Story.State.SCHEDULED
    assert not Story.objects.published().filter(pk=story.pk).exists()
    assert client.get(story.get_absolute_url()).status_code == 404

    # Move the clock one second past the embargo: nothing else happens in between.
    with mock.patch("django.utils.timezone.now", return_value=publish_at + timedelta(seconds=1)):
        assert Story.objects.published().filter(pk=story.pk).exists()
        assert Story.objects.get(pk=story.pk).state == Story.State.LIVE
        response = client.get(story.get_absolute_url())
        assert response.status_code == 200
        assert "Embargoed" in response.content.decode()
        assert "Preview" not in response.content.decode()


def test_the_list_shows_each_state_at_a_glance(editor, make_story):
    client = Client()
    client.force_login(editor)
    make_story("Still a draft", status=Story.Status.DRAFT)
    soon = timezone.localtime(timezone.now() + timedelta(days=1)).replace(
        hour=9, minute=30, second=0, microsecond=0
    )
    make_story("Out tomorrow", published_at=soon)
    make_story("Out now")
    html = changelist(client).content.decode()
    rows = {line for line in html.splitlines() if "field-state" in line}
    assert any("Draft" in row for row in rows)
    assert any(f"Scheduled for {soon:%-d %b %Y}, 09:30" in row for row in rows)
    assert any(">Live<" in row for row in rows)


def test_the_state_filter_uses_the_one_definition_of_each_state(editor, make_story):
    client = Client()
    client.force_login(editor)
    make_story("Draft one", status=Story.Status.DRAFT)
    make_story("Scheduled one", published_at=timezone.now() + timedelta(hours=1))
    make_story("Live one")
    for state, headline in [
        ("draft", "Draft one"),
        ("scheduled", "Scheduled one"),
        ("live", "Live one"),
    ]:
        shown = [
            story.headline
            for story in changelist(client, f"?state={state}").context["cl"].result_list
        ]
        assert shown == [headline]


def test_publish_now_makes_drafts_and_scheduled_stories_live_and_records_it(editor, make_story):
    client = Client()
    client.force_login(editor)
    draft = make_story("Draft", status=Story.Status.DRAFT)
    scheduled = make_story("Scheduled", published_at=timezone.now() + timedelta(days=2))
    live = make_story("Live")
    response = client.post(
        reverse("admin:articles_story_changelist"),
        {"action": "publish_now", "_selected_action": [draft.pk, scheduled.pk, live.pk]},
        follow=True,
    )
    shown = [str(m) for m in response.context["messages"]]
    assert shown[0].startswith("Published 2 stories, live now: ")
    assert "“Draft”" in shown[0] and "“Scheduled”" in shown[0]
    assert shown[1] == "Left 1 story as it was: live now already."
    for story in (draft, scheduled):
        story.refresh_from_db()
        assert story.is_live and story.version == 2
        revision = history.story_versions(story.pk).first().revision
        assert (revision.user, revision.comment) == (editor, "Published from the story list.")
    assert Client().get(draft.get_absolute_url()).status_code == 200


def test_unpublish_takes_a_live_story_off_the_site(editor, make_story):
    client = Client()
    client.force_login(editor)
    story = make_story("Pulled")
    client.post(
        reverse("admin:articles_story_changelist"),
        {"action": "unpublish", "_selected_action": [story.pk]},
    )
    story.refresh_from_db()
    assert story.state == Story.State.DRAFT
    assert Client().get(story.get_absolute_url()).status_code == 404


def test_each_story_an_action_changes_gets_its_own_revision(editor, make_story):
    client = Client()
    client.force_login(editor)
    stories = [make_story(f"Draft {n}", status=Story.Status.DRAFT) for n in range(2)]
    client.post(
        reverse("admin:articles_story_changelist"),
        {"action": "publish_now", "_selected_action": [s.pk for s in stories]},
    )
    revisions = {history.story_versions(s.pk).first().revision_id for s in stories}
    assert len(revisions) == 2


def test_publishing_from_a_list_filtered_to_drafts_reports_what_it_did(editor, make_story):
    client = Client()
    client.force_login(editor)
    drafts = [make_story(f"Draft {n}", status=Story.Status.DRAFT) for n in range(2)]
    response = client.post(
        reverse("admin:articles_story_changelist") + "?state=draft",
        {"action": "publish_now", "_selected_action": [s.pk for s in drafts]},
        follow=True,
    )
    shown = [str(m) for m in response.context["messages"]]
    assert len(shown) == 1 and shown[0].startswith("Published 2 stories, live now: ")
