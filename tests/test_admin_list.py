"""The admin's story list and search box at scale: an index lookup in the stored search
document (never LIKE scans), no full-table counts, no date hierarchy."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Story

LIST = reverse("admin:articles_story_changelist")


def listed(admin_client, term):
    response = admin_client.get(LIST, {"q": term})
    assert response.status_code == 200
    return sorted(story.headline for story in response.context["cl"].result_list)


@pytest.fixture
def stories(make_story):
    harbour = make_story("Harbour council votes", byline="Ana Pérez")
    draft = make_story("Budget draft", status=Story.Status.DRAFT, standfirst="Ferries cost more.")
    lead = draft.sections.get()
    lead.body = "The lighthouse needs a new lamp."
    lead.save()
    return {"harbour": harbour, "draft": draft}


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("harbour", ["Harbour council votes"]),
        ("votes", ["Harbour council votes"]),
        ("Pérez", ["Harbour council votes"]),
        ("ferries", ["Budget draft"]),  # drafts too: editors look for their own work
        ("lighthouse lamp", ["Budget draft"]),
        ("budget-draft", ["Budget draft"]),  # a slug, exactly
        ("unicorn", []),
        ('"', []),  # no words: only a slug could match
        ("NEAR( * ^ headline:", []),
        ("x" * 5000, []),
    ],
)
def test_admin_search_finds_words_anywhere_in_a_story(admin_client, stories, term, expected):
    assert listed(admin_client, term) == expected


def test_admin_list_and_search_use_no_like_scan_no_full_count_and_no_date_hierarchy(
    admin_client, stories
):
    for params in [{}, {"q": "harbour"}]:
        with CaptureQueriesContext(connection) as captured:
            response = admin_client.get(LIST, params)
        assert response.status_code == 200
        sql = " ".join(query["sql"] for query in captured).upper()
        assert " LIKE " not in sql
        assert "DATE_TRUNC" not in sql and "DJANGO_DATE_TRUNC" not in sql
        assert sql.count("COUNT(") == 1  # the list's own count, not also the table's
        assert 'class="xfull"' not in response.content.decode()


def test_admin_list_query_count_does_not_grow_with_stories(admin_client, make_story):
    def queries_for(count):
        Story.objects.all().delete()
        for n in range(count):
            make_story(f"Story {n}")
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(LIST).status_code == 200
        return len(captured)

    assert queries_for(1) == queries_for(30)


@pytest.fixture
def two_pages_of_two(monkeypatch):
    """The list and its search stop at two pages of two stories."""
    from articles import admin as story_admin

    monkeypatch.setattr(story_admin, "ADMIN_SEARCH_PAGES", 2)
    monkeypatch.setattr(story_admin, "ADMIN_LIST_PAGES", 2)
    monkeypatch.setattr(story_admin.StoryAdmin, "list_per_page", 2)


def test_a_search_matching_many_stories_counts_only_the_newest_pages(
    admin_client, make_story, two_pages_of_two
):
    for n in range(7):
        make_story(f"Harbour {n}")
    searched = admin_client.get(LIST, {"q": "harbour"}).context["cl"]
    assert searched.result_count == 4  # two pages of the newest matches, not all seven


def test_the_list_stops_at_its_newest_pages_and_says_how_to_reach_older_stories(
    admin_client, make_story, two_pages_of_two
):
    for n in range(5):
        make_story(f"Story {n}")
    response = admin_client.get(LIST)
    assert response.context["cl"].result_count == 4
    assert [story.headline for story in response.context["cl"].result_list] == [
        "Story 4",
        "Story 3",
    ]
    text = " ".join(response.content.decode().split())
    assert "The newest 4 stories are listed; search, or filter by date, for older ones." in text
    assert admin_client.get(LIST, {"p": "3"}).status_code == 302  # past the cap: page 1 again
    Story.objects.filter(headline="Story 0").delete()
    text = " ".join(admin_client.get(LIST).content.decode().split())
    assert "4 stories" in text and "older ones" not in text


@pytest.mark.parametrize("headline", ["Plain", 'Quotes "and" <tags> & more', "Ünïcode ‘quoted’"])
def test_the_lists_checkbox_is_djangos_own_markup(headline):
    from django.contrib import admin

    story = Story(pk=12, headline=headline)
    story_admin = admin.site._registry[Story]
    assert story_admin.action_checkbox(story) == admin.ModelAdmin.action_checkbox(
        story_admin, story
    )
