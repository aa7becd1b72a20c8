"""sitemap.xml, the Google News sitemap and robots.txt."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

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
    urls = {url.findtext("sm:loc", namespaces=NS): url for url in urlset(client, "/sitemap.xml")}
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
    urls = {url.findtext("sm:loc", namespaces=NS): url for url in urlset(client, "/sitemap.xml")}
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


@pytest.mark.parametrize("path", ["/sitemap.xml", "/sitemap-news.xml"])
def test_drafts_and_scheduled_stories_are_in_no_sitemap(client, stories, path):
    body = client.get(path).content.decode()
    for key in ["draft", "scheduled"]:
        assert stories[key].get_absolute_url() not in body


@pytest.mark.parametrize("path", ["/sitemap.xml", "/sitemap-news.xml"])
def test_empty_sitemaps_are_valid(client, db, path):
    assert len(urlset(client, path)) == (1 if path == "/sitemap.xml" else 0)


@pytest.mark.parametrize("query", ["?p=abc", "?p=0", "?p=99", "?p=%00", "?junk=" + "x" * 10_000])
def test_sitemap_pages_that_do_not_exist_are_404_not_500(client, stories, query):
    assert client.get("/sitemap.xml" + query).status_code in {200, 404}


def test_robots_txt_names_both_sitemaps_and_keeps_crawlers_out_of_the_admin(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert f"Sitemap: {BASE}/sitemap.xml" in lines
    assert f"Sitemap: {BASE}/sitemap-news.xml" in lines
