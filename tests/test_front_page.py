"""The front page: published stories, newest first, paginated, and never a 500."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Story
from articles.views import FrontPageView


def test_front_page_lists_published_stories_newest_first(client, make_story):
    now = timezone.now()
    make_story("Older", published_at=now - timedelta(days=2))
    make_story("Newer", published_at=now - timedelta(days=1))
    make_story("Draft", status=Story.Status.DRAFT)
    make_story("Scheduled", published_at=now + timedelta(days=1))
    html = client.get(reverse("articles:front")).content.decode()
    assert html.index("Newer") < html.index("Older")
    assert "Draft" not in html and "Scheduled" not in html


def test_front_page_paginates(client, make_story):
    for n in range(FrontPageView.paginate_by + 1):
        make_story(f"Story number {n:02d}")
    first = client.get("/")
    assert first.context["page_obj"].paginator.num_pages == 2
    assert 'rel="next" href="?page=2"' in first.content.decode()
    assert client.get("/?page=2").status_code == 200


@pytest.mark.parametrize(
    "page", ["abc", "-1", "0", "3", "99999999999999999999999", "%00", "1.5", ""]
)
def test_any_page_value_is_200_or_404(client, make_story, page):
    make_story()
    assert client.get(f"/?page={page}").status_code in {200, 404}


def test_empty_front_page_says_so(client, db):
    assert "No stories have been published yet." in client.get("/").content.decode()


@pytest.mark.parametrize("stories", [1, FrontPageView.paginate_by])
def test_front_page_runs_two_queries_however_many_stories(
    client, make_story, django_assert_num_queries, stories
):
    for n in range(stories):
        make_story(f"Story {n}", sections=3)
    with django_assert_num_queries(2):  # the (capped) count, the page with stored summaries
        assert client.get("/").status_code == 200


def test_front_page_stops_at_its_depth_cap_and_points_to_search(
    client, make_story, monkeypatch, settings, django_assert_num_queries
):
    monkeypatch.setattr(FrontPageView, "MAX_PAGES", 2)
    settings.PAGE_CACHE = False  # the queries of a miss
    for n in range(2 * FrontPageView.paginate_by + 1):
        make_story(f"Story number {n:02d}")
    last = client.get("/?page=2")
    assert last.context["paginator"].num_pages == 2
    assert 'rel="next"' not in last.content.decode()
    assert 'Older stories are in the archive: <a href="/search/">search it</a>.' in (
        last.content.decode()
    )
    assert "Older stories are in the archive" not in client.get("/").content.decode()
    assert client.get("/?page=3").status_code == 404
    with django_assert_num_queries(2):  # the deepest page costs what the first does
        assert client.get("/?page=2").status_code == 200


def test_front_page_cards_follow_edits_to_the_lead(client, make_story):
    story = make_story("Edited")
    lead = story.sections.get()
    lead.body = "A corrected opening.\n\nMore."
    lead.save()
    assert "<p>A corrected opening.</p>" in client.get("/").content.decode()


def test_front_page_cards_show_the_standfirst_or_the_lead(client, make_story):
    make_story("With standfirst", standfirst="The short version.")
    make_story("Without")
    html = client.get("/").content.decode()
    assert "<p>The short version.</p>" in html
    assert "<p>Paragraph 1a.</p>" in html
