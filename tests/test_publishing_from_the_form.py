"""Publishing from the change form: *Published* with no time means now, and the Publish now
button does the same in one click, for editors only."""

import pytest
from django.utils import timezone

from articles.models import Story
from tests.test_admin import change_form_data
from tests.test_conflicts import change_url, login


@pytest.fixture
def draft(make_story):
    return make_story("A draft", status=Story.Status.DRAFT, sections=2)


def test_published_with_an_empty_time_publishes_now(editor, draft):
    before = timezone.now().replace(microsecond=0)
    data = change_form_data(draft) | {"status": "published"}
    response = login(editor).post(change_url(draft), data)
    assert response.status_code == 302, response.context["errors"]
    saved = Story.objects.get(pk=draft.pk)
    assert saved.state == Story.State.LIVE
    assert before <= saved.published_at <= timezone.now()


def test_the_publish_now_button_saves_the_edit_and_publishes(editor, make_story):
    later = timezone.now() + timezone.timedelta(days=2)
    story = make_story("Scheduled", published_at=later)
    client = login(editor)
    assert 'name="_publish_now"' in client.get(change_url(story)).content.decode()
    data = change_form_data(story) | {"headline": "Out now", "_publish_now": "Publish now"}
    response = client.post(change_url(story), data)
    assert response.status_code == 302, response.context["errors"]
    saved = Story.objects.get(pk=story.pk)
    assert (saved.headline, saved.state) == ("Out now", Story.State.LIVE)
    assert saved.published_at <= timezone.now()


def test_reporters_neither_see_nor_use_publish_now(reporter, draft):
    client = login(reporter)
    assert "_publish_now" not in client.get(change_url(draft)).content.decode()
    data = change_form_data(draft) | {"_publish_now": "Publish now", "status": "published"}
    response = client.post(change_url(draft), data)
    assert response.status_code == 403
    assert Story.objects.get(pk=draft.pk).status == Story.Status.DRAFT


def test_a_live_story_has_no_publish_now_button(editor, make_story):
    story = make_story("Live")
    assert "_publish_now" not in login(editor).get(change_url(story)).content.decode()
