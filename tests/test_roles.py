"""Who may do what with stories: the Reporters and Editors groups, staff, and everyone else."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from articles.editing import history, workflow
from articles.models import Story
from tests.test_admin import change_form_data, inline_management

PEOPLE = ["anonymous", "non-staff", "reporter", "editor", "superuser"]

# What each person gets: "ok" (done), "denied" (403, or the action is not offered and
# nothing changes), "login" (sent to the admin login page, nothing changes).
MATRIX = {
    #               anonymous non-staff reporter  editor superuser
    "list": ["login", "login", "ok", "ok", "ok"],
    "add": ["login", "login", "ok", "ok", "ok"],
    "change a draft": ["login", "login", "ok", "ok", "ok"],
    "change a live story": ["login", "login", "denied", "ok", "ok"],
    "delete": ["login", "login", "denied", "ok", "ok"],
    "history": ["login", "login", "ok", "ok", "ok"],
    "restore": ["login", "login", "denied", "ok", "ok"],
    "publish": ["login", "login", "denied", "ok", "ok"],
    "unpublish": ["login", "login", "denied", "ok", "ok"],
}


@pytest.fixture
def client_for(make_user):
    def login(person):
        client = Client()
        if person != "anonymous":
            client.force_login(
                {
                    "non-staff": lambda: make_user("nina", staff=False),
                    "reporter": lambda: make_user("rui", "Reporters"),
                    "editor": lambda: make_user("ana", "Editors"),
                    "superuser": lambda: make_user("sam", superuser=True),
                }[person]()
            )
        return client

    return login


def new_story_data():
    data = {
        "headline": "Filed by someone",
        "slug": "filed",
        "status": "published",
        "published_at_0": "2025-01-01",
        "published_at_1": "10:00:00",
    }
    return data | inline_management("sections", 0, 0) | inline_management("related_links", 0, 0)


def attempt(action, client, make_story):
    """Try `action`; return (response, whether it took effect)."""
    draft = make_story("A draft", status=Story.Status.DRAFT)
    live = make_story("A live story")
    admin = "admin:articles_story_"
    if action == "list":
        response = client.get(reverse(admin + "changelist"))
        return response, response.status_code == 200 and "A draft" in response.content.decode()
    if action == "add":
        response = client.post(reverse(admin + "add"), new_story_data())
        return response, Story.objects.filter(slug="filed").exists()
    if action in {"change a draft", "change a live story"}:
        story = draft if action == "change a draft" else live
        client.get(reverse(admin + "change", args=[story.pk]))
        data = change_form_data(Story.objects.get(pk=story.pk)) | {"headline": "Changed"}
        response = client.post(reverse(admin + "change", args=[story.pk]), data)
        return response, Story.objects.filter(headline="Changed").exists()
    if action == "delete":
        response = client.post(reverse(admin + "delete", args=[live.pk]), {"post": "yes"})
        return response, not Story.objects.filter(pk=live.pk).exists()
    if action == "history":
        response = client.get(reverse(admin + "history", args=[live.pk]))
        return response, response.status_code == 200
    if action == "restore":
        version = live_version(live)
        response = client.get(reverse(admin + "revision", args=[live.pk, version.pk]))
        return response, response.status_code == 200
    story, name = (draft, "publish_now") if action == "publish" else (live, "unpublish")
    response = client.post(
        reverse(admin + "changelist"), {"action": name, "_selected_action": [story.pk]}
    )
    return response, Story.objects.get(pk=story.pk).is_live == (action == "publish")


def live_version(story):
    history.record_baseline(story.pk)
    return history.story_versions(story.pk).first()


@pytest.mark.parametrize("action", list(MATRIX))
@pytest.mark.parametrize("person", PEOPLE)
def test_permission_matrix(client_for, make_story, person, action):
    expected = MATRIX[action][PEOPLE.index(person)]
    response, took_effect = attempt(action, client_for(person), make_story)
    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    elif expected == "denied":
        # 403, or for a list action that is not offered, the list again with nothing done.
        assert response.status_code == (200 if "publish" in action else 403)
    else:
        assert response.status_code in {200, 302}
    assert took_effect == (expected == "ok")


def test_groups_have_no_power_over_users_groups_or_permissions(db):
    for name in ["Reporters", "Editors"]:
        apps = set(
            Group.objects.get(name=name).permissions.values_list(
                "content_type__app_label", flat=True
            )
        )
        assert apps == {"articles"}


def test_publishing_comes_from_one_custom_permission(db):
    publish = Permission.objects.get(codename="publish_story")
    assert list(publish.group_set.values_list("name", flat=True)) == ["Editors"]


def test_a_reporters_story_is_a_draft_whatever_the_post_says(client_for, db):
    client = client_for("reporter")
    assert client.post(reverse("admin:articles_story_add"), new_story_data()).status_code == 302
    assert Story.objects.get(slug="filed").status == Story.Status.DRAFT


def test_reporters_see_status_and_time_read_only_and_no_publish_actions(client_for, make_story):
    client = client_for("reporter")
    story = make_story(status=Story.Status.DRAFT)
    change = client.get(reverse("admin:articles_story_change", args=[story.pk]))
    assert "status" not in change.context["adminform"].form.fields
    assert "published_at" not in change.context["adminform"].form.fields
    changelist = client.get(reverse("admin:articles_story_changelist"))
    assert changelist.context["action_form"] is None  # no actions for them at all
    editor_list = client_for("editor").get(reverse("admin:articles_story_changelist"))
    actions = [value for value, _ in editor_list.context["action_form"].fields["action"].choices]
    assert {"publish_now", "unpublish"} <= set(actions)


def test_reporters_open_a_live_story_read_only(client_for, make_story):
    client = client_for("reporter")
    story = make_story()
    response = client.get(reverse("admin:articles_story_change", args=[story.pk]))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False


def test_a_reporters_draft_published_meanwhile_is_not_saved_but_his_text_is_shown(
    client_for, make_story
):
    story = make_story("Rui's draft", status=Story.Status.DRAFT, sections=2)
    rui = client_for("reporter")
    url = reverse("admin:articles_story_change", args=[story.pk])
    rui.get(url)
    typed = change_form_data(Story.objects.get(pk=story.pk)) | {
        "sections-1-body": "Rui's late paragraph."
    }
    del typed["status"], typed["published_at_0"], typed["published_at_1"]  # read-only for him
    workflow.publish_now(story.pk, user=None)  # an editor publishes it from the list
    response = rui.post(url, typed)
    assert response.status_code == 403
    html = response.content.decode()
    assert "Only editors can change a story once it is published" in html
    assert "Rui&#x27;s late paragraph." in html
    [clash] = response.context["edit_clashes"]
    assert clash.label == "Section 2 “Heading 2”: body"
    assert Story.objects.get(pk=story.pk).sections.get(position=2).body.startswith("Paragraph")
