"""The story page's query compiled once per connection (articles/compiled.py) gives exactly the
rows the ORM gives, for every kind of slug and at every time, on each database connection."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from articles.compiled import CompiledQuery
from articles.models import Story
from articles.rendering import PUBLISHED_STORY_WITH_LINKS, STORY_COLUMNS, story_with_links


def orm_rows(slug, now):
    return list(story_with_links().published(at=now).filter(slug=slug))


@pytest.fixture
def stories(make_story):
    now = timezone.now()
    live = make_story("Live story", links=3)
    make_story("Scheduled story", published_at=now + timedelta(hours=1))
    make_story("Draft story", status=Story.Status.DRAFT)
    make_story("Unlinked story", links=0)
    return live


@pytest.mark.parametrize(
    "slug", ["live-story", "scheduled-story", "draft-story", "unlinked-story", "no-such-story"]
)
@pytest.mark.parametrize("hours", [0, 2, -24 * 365])
def test_the_compiled_query_gives_the_orms_rows(stories, slug, hours):
    now = timezone.now() + timedelta(hours=hours)
    expected = orm_rows(slug, now)
    assert PUBLISHED_STORY_WITH_LINKS.rows(slug=slug, now=now) == expected
    if slug == "live-story" and hours >= 0:
        assert len(expected) == 3  # one row per link, with typed values (a datetime, not text)
        published_at = STORY_COLUMNS.index("published_at")
        assert {row[published_at] for row in expected} == {stories.published_at}


def test_a_scheduled_story_appears_when_its_time_comes(stories):
    scheduled = Story.objects.get(slug="scheduled-story")
    assert PUBLISHED_STORY_WITH_LINKS.rows(slug=scheduled.slug, now=timezone.now()) == []
    later = scheduled.published_at + timedelta(seconds=1)
    assert PUBLISHED_STORY_WITH_LINKS.rows(slug=scheduled.slug, now=later)


@pytest.mark.django_db(transaction=True)
def test_each_threads_connection_compiles_its_own(make_story):
    make_story("Threaded story")
    query = CompiledQuery(
        lambda slug: Story.objects.filter(slug=slug).values_list("headline"),
        slug=("sentinel:slug", Story._meta.get_field("slug")),
    )
    found, used = [], []

    def read():
        found.append(query.rows(slug="threaded-story"))
        used.append(connections["default"])
        connection.close()

    thread = threading.Thread(target=read)
    thread.start()
    thread.join()
    assert query.rows(slug="threaded-story") == found[0] == [("Threaded story",)]
    assert used[0] is not connections["default"]
    assert used[0] in query.compiled and connections["default"] in query.compiled


def test_an_argument_the_query_does_not_hold_once_is_refused():
    query = CompiledQuery(
        lambda slug: Story.objects.filter(slug=slug, headline=slug),
        slug=("sentinel", Story._meta.get_field("slug")),
    )
    with pytest.raises(ValueError, match="slug 2 times"):
        query.rows(slug="x")
