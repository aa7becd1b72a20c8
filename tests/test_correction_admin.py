"""Corrections in the admin: reporters draft them, editors publish them, and a published one
is read-only and undeletable for everyone, refused on POST and not only hidden."""

import pytest
from django.contrib.admin.sites import site
from django.contrib.auth.models import Group
from django.urls import reverse

from articles import corrections
from articles.editing import fields
from articles.models import Correction, Story
from tests.conftest import login

PUBLISH = "_publish_correction"


def url(name, *args):
    return reverse(f"admin:articles_correction_{name}", args=args)


@pytest.fixture
def story(make_story):
    return make_story("Council votes on the budget")


@pytest.fixture
def editor_client(editor):
    return login(editor)


@pytest.fixture
def reporter_client(reporter):
    return login(reporter)


def add(client, story, text="It was Wednesday, not Tuesday.", **extra):
    return client.post(url("add"), {"story": story.pk, "text": text, **extra})


def test_the_roles_draft_and_publish_as_the_migration_grants(reporter, editor):
    drafting = {"add_correction", "change_correction", "delete_correction", "view_correction"}
    for name, expected in [("Reporters", drafting), ("Editors", drafting | {"publish_correction"})]:
        codenames = set(
            Group.objects.get(name=name)
            .permissions.filter(codename__endswith="correction")
            .values_list("codename", flat=True)
        )
        assert codenames == expected, name


def test_a_reporter_drafts_a_correction_and_may_not_publish_it(reporter_client, reporter, story):
    form = reporter_client.get(url("add") + f"?story={story.pk}").content.decode()
    assert PUBLISH not in form
    assert f'<option value="{story.pk}" selected>' in form
    assert add(reporter_client, story).status_code == 302
    correction = Correction.objects.get()
    assert (correction.created_by, correction.published_at) == (reporter, None)
    # The button is not there, and sending its name anyway is refused, on add and on change.
    assert add(reporter_client, story, text="Another", **{PUBLISH: "1"}).status_code == 403
    change = {"text": "Reworded draft.", PUBLISH: "1"}
    assert reporter_client.post(url("change", correction.pk), change).status_code == 403
    assert list(Correction.objects.values_list("text", "published_at")) == [
        ("It was Wednesday, not Tuesday.", None)
    ]
    # A draft stays theirs to reword and delete.
    assert (
        reporter_client.post(url("change", correction.pk), {"text": "Reworded."}).status_code == 302
    )
    assert reporter_client.post(url("delete", correction.pk), {"post": "yes"}).status_code == 302
    assert not Correction.objects.exists()


def test_an_editor_publishes_from_the_form(editor_client, editor, story):
    assert add(editor_client, story, text="Drafted first.").status_code == 302
    correction = Correction.objects.get()
    form = editor_client.get(url("change", correction.pk)).content.decode()
    assert f'name="{PUBLISH}"' in form
    response = editor_client.post(
        url("change", correction.pk), {"text": "Drafted, then fixed.", PUBLISH: "1"}, follow=True
    )
    assert "Published: readers see this correction" in response.content.decode()
    correction.refresh_from_db()
    assert correction.text == "Drafted, then fixed."
    assert correction.published_by == editor and correction.published_at is not None
    assert Story.objects.get(pk=story.pk).revised_at == correction.published_at


def test_publishing_on_a_story_that_is_not_live_is_refused_with_the_text_kept(
    editor_client, make_story
):
    draft_story = make_story("Not out yet", status=Story.Status.DRAFT)
    response = add(editor_client, draft_story, text="Typed by the editor.", **{PUBLISH: "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "is not live" in html and "Typed by the editor." in html
    assert not Correction.objects.exists()


def test_a_published_correction_is_read_only_and_undeletable_in_the_admin(
    editor_client, make_user, story
):
    correction = corrections.publish(
        Correction.objects.create(story=story, text="Published text.").pk, None
    )
    superuser = login(make_user("root", superuser=True))
    for client in (editor_client, superuser):
        page = client.get(url("change", correction.pk))
        assert page.status_code == 200
        html = page.content.decode()
        assert 'name="text"' not in html and "Published text." in html
        assert PUBLISH not in html and 'class="deletelink"' not in html
        assert client.post(url("change", correction.pk), {"text": "Rewritten."}).status_code == 403
        assert client.get(url("delete", correction.pk)).status_code == 403
        assert client.post(url("delete", correction.pk), {"post": "yes"}).status_code == 403
        action = {"action": "delete_selected", "_selected_action": [correction.pk], "post": "yes"}
        client.post(url("changelist"), action)
    assert Correction.objects.get(pk=correction.pk).text == "Published text."


def test_a_story_with_a_published_correction_cannot_be_deleted_in_the_admin(
    editor_client, make_user, story
):
    corrections.publish(Correction.objects.create(story=story, text="Kept.").pk, None)
    delete_url = reverse("admin:articles_story_delete", args=[story.pk])
    superuser = login(make_user("root", superuser=True))
    for client in (editor_client, superuser):
        html = client.get(delete_url).content.decode()
        assert "protected" in html and "Correction to “Council votes on the budget”" in html
        client.post(delete_url, {"post": "yes"})
        action = {"action": "delete_selected", "_selected_action": [story.pk], "post": "yes"}
        client.post(reverse("admin:articles_story_changelist"), action)
    assert Story.objects.filter(pk=story.pk).exists()


def test_the_story_form_lists_its_corrections_and_links_to_add_one(
    editor_client, reporter_client, story
):
    Correction.objects.create(story=story, text="A draft correction.")
    for client in (editor_client, reporter_client):
        html = client.get(reverse("admin:articles_story_change", args=[story.pk])).content
        html = html.decode()
        assert f'href="{url("add")}?story={story.pk}">Add a correction</a>' in html
        assert "Draft: A draft correction." in html


@pytest.mark.parametrize(
    "query", ["?story=abc", "?story=%00", "?story=" + "9" * 25, "?story=-1", "?state=x", "?q=%00"]
)
def test_crafted_admin_urls_answer_without_a_server_error(editor_client, story, query):
    assert editor_client.get(url("add") + query).status_code == 200
    assert editor_client.get(url("changelist") + query).status_code in {200, 302}


def test_the_correction_form_edits_exactly_its_declared_fields(editor, story):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = editor
    model_admin = site._registry[Correction]
    form_class = model_admin.get_form(request, None, change=False)
    assert set(form_class.base_fields) == set(fields.CORRECTION_FIELDS)
    # Not a part of the story: its versions, merges and restores never hold corrections.
    assert "corrections" not in fields.PART_FIELDS
    assert Correction not in fields.PART_MODELS.values()
