"""sitemap.xml (an index of sitemap pages), the Google News sitemap and robots.txt."""

import xml.etree.ElementTree as ET
from collections import Counter
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.utils import timezone

from articles import sitemaps
from articles.models import Story

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
BASE = settings.SITE_URL


def urlset(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{{{NS['sm']}}}urlset"
    return root.findall("sm:url", NS)


def sitemap_pages(client):
    """The paths (with ?p=) of the sitemap pages that /sitemap.xml lists."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.tag == f"{{{NS['sm']}}}sitemapindex"
    locations = [loc.text for loc in root.findall("sm:sitemap/sm:loc", NS)]
    assert all(loc.startswith(BASE + "/sitemap-") for loc in locations)
    return [loc.removeprefix(BASE) for loc in locations]


def all_sitemap_urls(client):
    """Every <url> of every page the index lists."""
    return [url for page in sitemap_pages(client) for url in urlset(client, page)]


@pytest.fixture
def stories(make_story):
    now = timezone.now()
    return {
        "fresh": make_story("Fresh news", published_at=now - timedelta(hours=2)),
        "revised": make_story(
            "Revised news",
            published_at=now - timedelta(days=5),
            revised_at=now - timedelta(hours=3),
        ),
        "old": make_story("Old news", published_at=now - timedelta(days=3)),
        "draft": make_story("Draft news", status=Story.Status.DRAFT),
        "scheduled": make_story("Scheduled news", published_at=now + timedelta(hours=1)),
    }


def test_sitemap_lists_front_page_and_every_published_story_with_lastmod(client, stories):
    urls = {url.findtext("sm:loc", namespaces=NS): url for url in all_sitemap_urls(client)}
    expected = {BASE + "/"} | {
        BASE + stories[key].get_absolute_url() for key in ["fresh", "revised", "old"]
    }
    assert set(urls) == expected
    for key in ["fresh", "revised", "old"]:
        story = stories[key]
        lastmod = urls[BASE + story.get_absolute_url()].findtext("sm:lastmod", namespaces=NS)
        assert lastmod == timezone.localdate(story.modified_at).isoformat()


def test_sitemap_lastmod_follows_substantive_updates_not_publication(client, stories):
    story = stories["revised"]
    urls = {url.findtext("sm:loc", namespaces=NS): url for url in all_sitemap_urls(client)}
    lastmod = urls[BASE + story.get_absolute_url()].findtext("sm:lastmod", namespaces=NS)
    assert lastmod == timezone.localdate(story.revised_at).isoformat()
    assert lastmod != timezone.localdate(story.published_at).isoformat()


def test_news_sitemap_lists_only_stories_published_in_the_last_48_hours(client, stories):
    urls = urlset(client, "/sitemap-news.xml")
    assert [url.findtext("sm:loc", namespaces=NS) for url in urls] == [
        BASE + stories["fresh"].get_absolute_url()
    ]
    news = urls[0].find("news:news", NS)
    assert news.findtext("news:publication/news:name", namespaces=NS) == "Newsroom"
    assert news.findtext("news:publication/news:language", namespaces=NS) == "en"
    assert news.findtext("news:title", namespaces=NS) == "Fresh news"
    published = news.findtext("news:publication_date", namespaces=NS)
    assert published == timezone.localtime(stories["fresh"].published_at).isoformat(
        timespec="seconds"
    )


def test_news_sitemap_escapes_headlines(client, make_story):
    story = make_story("Q&A: <b>“Fish” & chips</b>")
    (url,) = urlset(client, "/sitemap-news.xml")
    assert url.findtext("news:news/news:title", namespaces=NS) == story.headline


def test_news_sitemap_holds_at_most_its_limit_newest_first(client, make_story, monkeypatch):
    monkeypatch.setattr(sitemaps, "NEWS_LIMIT", 2)
    monkeypatch.setattr(sitemaps.NewsSitemap, "limit", 2)
    now = timezone.now()
    for hours in [5, 1, 3]:
        make_story(f"{hours} hours ago", published_at=now - timedelta(hours=hours))
    titles = [
        url.findtext("news:news/news:title", namespaces=NS)
        for url in urlset(client, "/sitemap-news.xml")
    ]
    assert titles == ["1 hours ago", "3 hours ago"]
    assert client.get("/sitemap-news.xml?p=2").status_code == 404


def test_sitemap_index_pages_hold_every_story_exactly_once_within_the_page_limit(
    client, make_story, settings
):
    settings.SITEMAP_PAGE_URLS = 3
    published = [make_story(f"Story {n}") for n in range(8)]
    drafts = [make_story(f"Draft {n}", status=Story.Status.DRAFT) for n in range(2)]
    pages = sitemap_pages(client)
    assert pages[0] == "/sitemap-front.xml"
    story_pages = pages[1:]
    assert story_pages[0] == "/sitemap-stories.xml"
    assert story_pages[1:] == [
        f"/sitemap-stories.xml?p={n}" for n in range(2, len(story_pages) + 1)
    ]
    listed = Counter()
    for page in story_pages:
        urls = urlset(client, page)
        assert len(urls) <= 3
        listed.update(urlsplit(url.findtext("sm:loc", namespaces=NS)).path for url in urls)
    assert listed == Counter(story.get_absolute_url() for story in published)
    assert not any(draft.get_absolute_url() in listed for draft in drafts)


def test_a_sitemap_page_costs_the_same_few_queries_at_any_depth(
    client, make_story, settings, django_assert_num_queries
):
    settings.SITEMAP_PAGE_URLS = 2
    settings.PAGE_CACHE = False  # the queries of a miss
    for n in range(9):
        make_story(f"Story {n}")
    last = sitemap_pages(client)[-1]
    for page in ["/sitemap-stories.xml", last]:
        with django_assert_num_queries(2):  # the highest id (how many pages), the page's stories
            assert client.get(page).status_code == 200
    with django_assert_num_queries(1):  # the index: the highest id
        assert client.get("/sitemap.xml").status_code == 200


@pytest.mark.parametrize(
    "path", ["/sitemap-front.xml", "/sitemap-stories.xml", "/sitemap-news.xml"]
)
def test_drafts_and_scheduled_stories_are_in_no_sitemap(client, stories, path):
    body = client.get(path).content.decode()
    for key in ["draft", "scheduled"]:
        assert stories[key].get_absolute_url() not in body


@pytest.mark.parametrize(
    ("path", "urls"),
    [("/sitemap-front.xml", 1), ("/sitemap-stories.xml", 0), ("/sitemap-news.xml", 0)],
)
def test_empty_sitemaps_are_valid(client, db, path, urls):
    assert len(urlset(client, path)) == urls
    assert sitemap_pages(client) == ["/sitemap-front.xml", "/sitemap-stories.xml"]


@pytest.mark.parametrize("query", ["?p=abc", "?p=0", "?p=99", "?p=%00", "?junk=" + "x" * 10_000])
@pytest.mark.parametrize("path", ["/sitemap.xml", "/sitemap-stories.xml", "/sitemap-news.xml"])
def test_sitemap_pages_that_do_not_exist_are_404_not_500(client, stories, path, query):
    assert client.get(path + query).status_code in {200, 404}


@pytest.mark.parametrize("path", ["/sitemap-nope.xml", "/sitemap-.xml", "/sitemap-news.xml/"])
def test_unknown_sitemap_sections_are_404(client, db, path):
    assert client.get(path).status_code == 404


def test_robots_txt_names_the_sitemap_index_and_the_news_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert f"Sitemap: {BASE}/sitemap.xml" in lines
    assert f"Sitemap: {BASE}/sitemap-news.xml" in lines
