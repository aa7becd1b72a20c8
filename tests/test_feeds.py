"""RSS 2.0 and Atom feeds: well-formed for feedparser, latest published stories only."""

from datetime import timedelta

import feedparser
import pytest
from django.conf import settings
from django.utils import timezone

from articles.feeds import FEED_LENGTH
from articles.models import Story
from tests.html_text import elements

FEEDS = {"rss": ("/feeds/rss/", "rss20"), "atom": ("/feeds/atom/", "atom10")}


def parse(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return feedparser.parse(response.content)


@pytest.mark.parametrize("kind", FEEDS)
def test_feed_parses_cleanly_and_lists_published_stories_newest_first(client, make_story, kind):
    path, version = FEEDS[kind]
    now = timezone.now()
    older = make_story("Older story", published_at=now - timedelta(days=2), byline="Ana Pérez")
    newer = make_story("Newer & “better” <story>", published_at=now - timedelta(hours=1))
    feed = parse(client, path)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == version
    assert [entry.title for entry in feed.entries] == [newer.headline, older.headline]
    assert feed.entries[0].link == settings.SITE_URL + newer.get_absolute_url()
    assert feed.entries[1].summary == older.summary
    assert feed.entries[1].author == "Ana Pérez"
    assert feed.entries[0].published_parsed[:5] == newer.published_at.utctimetuple()[:5]


@pytest.mark.parametrize("kind", FEEDS)
def test_drafts_and_scheduled_stories_are_not_in_the_feed(client, make_story, kind):
    make_story("Live story")
    make_story("Draft story", status=Story.Status.DRAFT)
    make_story("Scheduled story", published_at=timezone.now() + timedelta(hours=1))
    feed = parse(client, FEEDS[kind][0])
    assert [entry.title for entry in feed.entries] == ["Live story"]


@pytest.mark.parametrize("kind", FEEDS)
def test_feed_holds_the_latest_stories_only(client, make_story, kind):
    for n in range(FEED_LENGTH + 2):
        make_story(f"Story {n}", published_at=timezone.now() - timedelta(minutes=n + 1))
    feed = parse(client, FEEDS[kind][0])
    assert len(feed.entries) == FEED_LENGTH
    assert feed.entries[0].title == "Story 0"


def test_atom_feed_gives_updated_time_from_substantive_updates(client, make_story):
    revised = timezone.now() - timedelta(minutes=5)
    make_story("Revised", published_at=revised - timedelta(days=1), revised_at=revised)
    feed = parse(client, "/feeds/atom/")
    assert feed.entries[0].updated_parsed[:5] == revised.utctimetuple()[:5]


@pytest.mark.parametrize("kind", FEEDS)
def test_empty_feed_is_still_valid(client, db, kind):
    feed = parse(client, FEEDS[kind][0])
    assert not feed.bozo and feed.entries == []


@pytest.mark.parametrize("kind", FEEDS)
@pytest.mark.parametrize(
    "junk", ["?page=abc", "?format=xml&format=%00", "?q=" + "x" * 10_000, "?%ff=%fe", "?<a>=1"]
)
def test_feed_ignores_junk_query_parameters(client, make_story, kind, junk):
    make_story("Live story")
    feed = parse(client, FEEDS[kind][0] + junk)
    assert not feed.bozo and len(feed.entries) == 1


@pytest.mark.parametrize("page", ["front", "story", "search", "404"])
def test_every_page_advertises_both_feeds(client, make_story, page):
    story = make_story()
    path = {"front": "/", "story": story.get_absolute_url(), "search": "/search/?q=a"}
    html = client.get(path.get(page, "/nowhere/")).content.decode()
    alternates = {
        (attrs["type"], attrs["href"])
        for tag, attrs, _ in elements(html, "link")
        if attrs.get("rel") == "alternate"
    }
    assert alternates == {
        ("application/rss+xml", "/feeds/rss/"),
        ("application/atom+xml", "/feeds/atom/"),
    }


def test_atom_feed_names_an_author_for_stories_without_a_byline(client, make_story):
    make_story("No byline")
    feed = parse(client, "/feeds/atom/")
    assert feed.feed.author == "Newsroom"
