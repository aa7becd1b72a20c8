"""Every absolute address on a page comes from settings.SITE_URL, never from the Host header
or port a client sent: canonical links, OpenGraph, JSON-LD, share links, feeds, sitemaps,
robots.txt, and the share-link address in the admin."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse

from articles.models import PreviewLink

HOSTILE_HOST = "127.0.0.1:99999"
SITE_URL = "https://news.example.com"


@pytest.fixture(autouse=True)
def site_url_and_a_lax_host_check():
    with override_settings(SITE_URL=SITE_URL, ALLOWED_HOSTS=["127.0.0.1", "testserver"]):
        yield


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "STORY",
        "/feeds/rss/",
        "/feeds/atom/",
        "/sitemap.xml",
        "/sitemap-news.xml",
        "/robots.txt",
    ],
)
def test_public_pages_use_the_site_url_not_the_host_header(client, make_story, path):
    story = make_story("A story", standfirst="Standfirst.")
    path = story.get_absolute_url() if path == "STORY" else path
    response = client.get(path, headers={"host": HOSTILE_HOST})
    assert response.status_code == 200
    body = response.content.decode()
    assert "99999" not in body
    assert f"{SITE_URL}/" in body


def test_story_page_canonical_opengraph_and_json_ld_use_the_site_url(client, make_story):
    story = make_story("A story")
    html = client.get(story.get_absolute_url(), headers={"host": HOSTILE_HOST}).content.decode()
    page_url = SITE_URL + story.get_absolute_url()
    assert f'<link rel="canonical" href="{page_url}">' in html
    assert f'<meta property="og:url" content="{page_url}">' in html
    assert f'"mainEntityOfPage":{{"@type":"WebPage","@id":"{page_url}"}}' in html


def test_the_admin_gives_share_link_addresses_on_the_site_url(admin_client, make_story):
    story = make_story("A draft", status="draft")
    response = admin_client.post(
        reverse("admin:articles_previewlink_add"),
        {"story": story.pk, "expires_at_0": "2099-01-01", "expires_at_1": "00:00:00"},
        headers={"host": HOSTILE_HOST},
        follow=True,
    )
    assert PreviewLink.objects.count() == 1
    html = response.content.decode()
    # The signed token carries the time it was signed, so match the address, not one token.
    assert re.search(re.escape(SITE_URL) + r"/preview/[\w:-]+/", html)
    assert "99999" not in html
