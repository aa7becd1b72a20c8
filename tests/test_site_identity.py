"""The site's name and tagline are set once, in settings, and every page and the admin use them."""

import pytest
from django.conf import settings
from django.urls import reverse

from articles import structured_data
from articles.feeds import LatestStoriesFeed

pytestmark = pytest.mark.django_db


def test_defaults_are_set_in_settings():
    assert settings.SITE_NAME == "Newsroom"
    assert settings.SITE_TAGLINE


def test_the_admin_uses_the_sites_name_not_djangos(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert "Django administration" not in html and "Django site admin" not in html
    assert f"<title>Site administration | {settings.SITE_NAME} admin</title>" in html
    assert f'<a href="/admin/">{settings.SITE_NAME}</a>' in html


@pytest.mark.parametrize("path", ["/", "/search/?q=x", "/no/such/page/"])
def test_reader_pages_take_the_name_and_tagline_from_settings(client, settings, path):
    settings.SITE_NAME = "The Daily Test"
    settings.SITE_TAGLINE = "Tested daily."
    html = client.get(path).content.decode()
    assert "The Daily Test" in html and "Tested daily." in html
    assert "Newsroom" not in html


def test_story_pages_feeds_sitemaps_and_json_ld_take_the_name_from_settings(
    client, settings, make_story
):
    settings.SITE_NAME = "The Daily Test"
    story = make_story("Fresh news")  # published an hour ago: in the news sitemap too
    story_html = client.get(story.get_absolute_url()).content.decode()
    assert "Newsroom" not in story_html and "· The Daily Test</title>" in story_html
    assert "The Daily Test" in client.get("/sitemap-news.xml").content.decode()
    assert "Newsroom" not in client.get("/feeds/atom/").content.decode()
    assert LatestStoriesFeed().title() == "The Daily Test: latest stories"
    assert structured_data.publisher("https://x.test/")["name"] == "The Daily Test"


def test_the_site_name_is_typed_in_settings_only():
    """The name appears nowhere else in the code and templates a reader or editor sees."""
    root = settings.BASE_DIR
    offenders = [
        str(path.relative_to(root))
        for folder in ("articles", "templates")
        for path in (root / folder).rglob("*")
        if path.suffix in {".py", ".html", ".xml", ".txt"}
        and "migrations" not in path.parts
        and "Newsroom" in path.read_text(encoding="utf-8")
        and path.name != "500.html"  # rendered without a request, so without context processors
    ]
    assert offenders == []
