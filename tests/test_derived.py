"""The stored summary and search document follow every writer: admin saves with inlines,
the importer, loaddata, restore and recover, deletes. Each test checks both through what a
reader sees (search results, the front page's card) and the stored summary."""

from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from articles import derived, importer
from articles.models import SUMMARY_MAX_CHARS, Section, Story
from tests.conftest import SEED_PATH
from tests.html_text import elements, main_content
from tests.test_admin import add_form_data, change_form_data
from tests.test_history import admin_url, edit, versions


def found(query):
    html = main_content(Client().get("/search/?" + urlencode({"q": query})).content.decode())
    return [text for tag, _, text in elements(html, "h2")]


@pytest.fixture
def client(editor):
    client = Client()
    client.force_login(editor)
    return client


def test_summary_is_the_standfirst_or_the_lead_on_one_line_and_short(make_story):
    story = make_story("Headline", standfirst="  The short\n version. ")
    assert story.summary == "The short version."
    story.standfirst = ""
    story.save()
    assert story.summary == "Paragraph 1a."
    assert Story.objects.get(pk=story.pk).summary == "Paragraph 1a."
    lead = story.sections.get()
    lead.body = "word " * 100
    lead.save()
    summary = Story.objects.get(pk=story.pk).summary
    assert len(summary) == SUMMARY_MAX_CHARS and summary.endswith("…")
    lead.delete()
    assert Story.objects.get(pk=story.pk).summary == "Headline"


def test_an_admin_save_with_inlines_updates_summary_and_search(client, make_story):
    story = make_story("Harbour plan", sections=2)
    data = change_form_data(story) | {
        "sections-0-body": "Walruses arrive at the pier.",
        "sections-1-heading": "Penguins too",
        "sections-1-body": "They swim.",
    }
    assert client.post(admin_url("change", story.pk), data).status_code == 302
    assert Story.objects.get(pk=story.pk).summary == "Walruses arrive at the pier."
    assert found("walruses") == found("penguin") == ["Harbour plan"]
    assert found("paragraph") == []  # the replaced text is gone from the document


def test_a_story_added_in_the_admin_is_searchable_at_once(client, db):
    data = add_form_data("Ferry timetable", "ferry-timetable", "Otters.")
    assert client.post(reverse("admin:articles_story_add"), data).status_code == 302
    assert found("otters") == ["Ferry timetable"]
    assert Story.objects.get().summary == "Otters."


def test_import_and_loaddata_fill_summary_and_search(db, tmp_path):
    path = tmp_path / "article.txt"
    path.write_text("Lighthouse keepers strike\nKeepers walked out at dawn.\n", encoding="utf-8")
    importer.import_story(path)
    assert found("keepers") == ["Lighthouse keepers strike"]
    assert Story.objects.get().summary == "Keepers walked out at dawn."
    call_command("loaddata", "seed", verbosity=0)
    seed = Story.objects.get(slug__startswith="understanding")
    assert seed.summary.startswith("Clem Delangue, co-founder and CEO of Hugging Face")
    assert found("Delangue") == [seed.headline]
    assert SEED_PATH.exists()


def test_restore_and_recover_bring_the_old_text_back_into_search(client, make_story):
    story = make_story("Old headline", sections=2)
    edit(client, story, headline="New headline", **{"sections-0-body": "Kangaroos."})
    original = versions(story)[-1]  # the story as it was: recorded by the save that changed it
    assert found("kangaroos") == ["New headline"]
    client.post(admin_url("revision", story.pk, original.pk), {"current_version": "2"})
    assert found("kangaroos") == [] and found("old") == ["Old headline"]
    assert Story.objects.get(pk=story.pk).summary == "Paragraph 1a."
    client.post(admin_url("delete", story.pk), {"post": "yes"})
    assert found("old") == []
    [deleted] = versions(story)[:1]
    client.post(admin_url("recover", deleted.pk))
    assert found("old") == ["Old headline"]


def test_refresh_skips_stories_that_do_not_exist(db):
    assert derived.refresh([123456]) == {}


def test_a_section_deleted_with_its_story_refreshes_nothing(
    make_story, django_assert_max_num_queries
):
    story = make_story("Gone", sections=6)
    with django_assert_max_num_queries(12):  # not six refreshes of a story being deleted
        story.delete()
    assert not Section.objects.exists()
