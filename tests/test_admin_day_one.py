"""Day-one friction in the story admin: positions fill themselves, the byline defaults to its
author, and the story list shows who saved what, newest first."""

from datetime import timedelta

import pytest
import reversion
from django.urls import reverse
from django.utils import timezone

from articles.editing.display import editor_time
from articles.models import Story
from tests.test_admin import change_form_data, inline_management

ADD_URL = reverse("admin:articles_story_add")
LIST_URL = reverse("admin:articles_story_changelist")


def new_story_data(sections, links=()):
    """The add form with sections and links typed in and no position given to any of them."""
    data = {
        "headline": "New story",
        "slug": "new-story",
        "standfirst": "",
        "byline": "",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
    }
    data |= inline_management("sections", len(sections), 0)
    data |= inline_management("related_links", len(links), 0)
    for i, (heading, body) in enumerate(sections):
        data |= {f"sections-{i}-position": "", f"sections-{i}-heading": heading}
        data |= {f"sections-{i}-body": body}
    for i, title in enumerate(links):
        data |= {f"related_links-{i}-position": "", f"related_links-{i}-title": title}
        data |= {f"related_links-{i}-url": "", f"related_links-{i}-target": ""}
    return data


def test_new_sections_and_links_get_the_next_positions_by_themselves(admin_client, db):
    sections = [("", "Lead."), ("Why", "Because."), ("What next", "We see.")]
    data = new_story_data(sections, links=["One", "Two"])
    response = admin_client.post(ADD_URL, data)
    assert response.status_code == 302, response.context["errors"]
    story = Story.objects.get(slug="new-story")
    assert list(story.sections.values_list("position", "heading")) == [
        (1, ""),
        (2, "Why"),
        (3, "What next"),
    ]
    assert list(story.related_links.values_list("position", "title")) == [(1, "One"), (2, "Two")]


def test_a_section_added_to_a_saved_story_goes_after_the_others(admin_client, seed_story):
    data = change_form_data(seed_story)
    data |= inline_management("sections", 7, 6)
    data |= {"sections-6-position": "", "sections-6-heading": "Postscript"}
    data |= {"sections-6-body": "One more thing."}
    url = reverse("admin:articles_story_change", args=[seed_story.pk])
    assert admin_client.post(url, data).status_code == 302
    assert seed_story.sections.last().heading == "Postscript"
    assert seed_story.sections.last().position == 7


def test_a_typed_position_is_still_kept(admin_client, db):
    data = new_story_data([("", "Lead."), ("Why", "Because.")])
    data["sections-0-position"], data["sections-1-position"] = "5", ""
    assert admin_client.post(ADD_URL, data).status_code == 302
    story = Story.objects.get(slug="new-story")
    assert list(story.sections.values_list("position", flat=True)) == [5, 6]


# --- Byline ---------------------------------------------------------------------------------


def test_a_new_storys_byline_defaults_to_its_authors_full_name(client, make_user):
    user = make_user("ana", "Editors")
    user.first_name, user.last_name = "Ana", "Pérez"
    user.save()
    client.force_login(user)
    form = client.get(ADD_URL).context["adminform"].form
    assert form.initial["byline"] == "Ana Pérez"
    assert 'value="Ana Pérez"' in client.get(ADD_URL).content.decode()


def test_no_full_name_means_no_byline_default_rather_than_a_login_name(client, make_user):
    user = make_user("bo", "Editors")
    user.first_name = ""
    user.save()
    client.force_login(user)
    assert client.get(ADD_URL).context["adminform"].form.initial.get("byline", "") == ""


# --- The story list -------------------------------------------------------------------------


def test_the_story_list_shows_who_last_saved_each_story_and_when(admin_client, make_story, editor):
    story = make_story("Saved by Ana")
    with reversion.create_revision():
        reversion.set_user(editor)
        story.save()
    make_story("Never saved in the admin")
    saved_at = timezone.now() - timedelta(days=1)
    Story.objects.update(updated_at=saved_at)
    rows = {str(row.headline): row for row in admin_client.get(LIST_URL).context["cl"].result_list}
    when = editor_time(saved_at)
    html = admin_client.get(LIST_URL).content.decode()
    assert "Last saved" in html
    assert f"{when} by Ana" in html
    assert rows["Never saved in the admin"].last_saver is None


def test_the_story_list_runs_the_same_queries_however_many_stories(
    admin_client, make_story, editor, django_assert_max_num_queries
):
    for n in range(3):
        with reversion.create_revision():
            reversion.set_user(editor)
            make_story(f"Story {n}").save()
    admin_client.get(LIST_URL)
    with django_assert_max_num_queries(12) as few:
        admin_client.get(LIST_URL)
    for n in range(3, 13):
        with reversion.create_revision():
            reversion.set_user(editor)
            make_story(f"Story {n}").save()
    with django_assert_max_num_queries(len(few.captured_queries)):
        admin_client.get(LIST_URL)


def test_the_story_list_puts_the_newest_stories_first(admin_client, make_story):
    old = make_story("Old one", published_at=timezone.now() - timedelta(days=3))
    draft = make_story("New draft", status=Story.Status.DRAFT)
    stories = list(admin_client.get(LIST_URL).context["cl"].result_list)
    assert stories.index(draft) < stories.index(old)


@pytest.mark.parametrize("query", ["bubble", "LLM Bubble"])
def test_the_story_list_searches_headlines(admin_client, seed_story, make_story, query):
    make_story("Something else")
    result = admin_client.get(LIST_URL, {"q": query}).context["cl"].result_list
    assert list(result) == [seed_story]
