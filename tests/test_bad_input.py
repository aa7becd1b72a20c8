"""Every public URL answers any path or query string with 200, 301, 304 or 404: never a 500.

The test client re-raises any exception a view lets escape, so a crash fails loudly here.
"""

import pytest
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.test import Client

from articles.models import PreviewLink, Story
from tests.conftest import HOSTILE_TEXT

ANSWERS = {200, 301, 304, 404}

JUNK_QUERIES = [
    "",
    "?",
    "?page=abc",
    "?page=-1",
    "?page=0",
    "?page=99999",
    "?page=1e9999",
    "?page=%00",
    "?p=%00",
    "?q=%00",
    "?q=" + "x" * 10_000,
    "?q=%ff%fe",
    "?q=%E6%9D%B1%E4%BA%AC",
    "?q=%27%22%25%3Cscript%3E",
    "?%00=%00",
    "?a=1&a=2&a=3",
    "?<script>=1",
    "?page=2&page=%00",
]

PUBLIC_PATHS = [
    "/",
    "/search/",
    "/feeds/rss/",
    "/feeds/atom/",
    "/sitemap.xml",
    "/sitemap-news.xml",
    "/robots.txt",
    "/favicon.ico",
    "STORY",
]


@pytest.mark.parametrize("query", JUNK_QUERIES)
@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_public_urls_answer_junk_query_strings(client, seed_story, path, query):
    path = seed_story.get_absolute_url() if path == "STORY" else path
    assert client.get(path + query).status_code in ANSWERS


@pytest.mark.parametrize(
    "path",
    [
        "/stories/no-such-story/",
        "/stories/%00/",
        "/stories/a%00b/",
        "/stories/%E6%9D%B1%E4%BA%AC/",
        "/stories/%ff%fe/",
        "/stories/" + "x" * 10_000 + "/",
        "/stories/../admin/",
        "/stories/",
        "/stories",
        "/search",
        "/feeds/",
        "/feeds/rss",
        "/feeds/unknown/",
        "/%00",
        "/sitemap.xml/",
        "/sitemap-news.xml?p=2",
        "/" + "é" * 500,
        "/stories/seed/%3Cscript%3E/",
    ],
)
def test_odd_paths_are_404_or_a_redirect(client, seed_story, path):
    assert client.get(path).status_code in ANSWERS


def test_head_never_crashes(client, seed_story):
    for path in ["/", seed_story.get_absolute_url(), "/search/?q=a", "/feeds/rss/"]:
        assert client.head(path).status_code in ANSWERS


def test_hostile_search_query_is_escaped_in_every_place_it_is_shown(client, db):
    html = client.get("/search/", {"q": HOSTILE_TEXT}).content.decode()
    assert "</script><script>" not in html
    assert "&lt;/script&gt;&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


# --- Page numbers are ASCII digits only ----------------------------------------------------

NOT_PAGE_NUMBERS = ["١", "²", "１", "%20" + "1", "1%20", "+1", "01x", "1.0"]


@pytest.mark.parametrize("page", NOT_PAGE_NUMBERS)
@pytest.mark.parametrize("path", ["/?page=", "/search/?q=story&page="])
def test_a_page_number_in_other_digits_is_a_404_not_a_duplicate_page(
    client, make_story, path, page
):
    make_story("A story")
    assert client.get(path + "1").status_code == 200
    assert client.get(path + page).status_code == 404


# --- Reader URLs answer GET and HEAD; anything else is a 405 ------------------------------

READER_PATHS = [*PUBLIC_PATHS, "/search/?q=a", "PREVIEW"]
OTHER_METHODS = ["POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND"]


@pytest.fixture
def csrf_client():
    """A client that checks CSRF as browsers meet it: without this, a POST would skip it."""
    return Client(enforce_csrf_checks=True)


def reader_path(path, story, make_story):
    if path == "STORY":
        return story.get_absolute_url()
    if path == "PREVIEW":
        draft = make_story("A draft", status=Story.Status.DRAFT)
        return PreviewLink.objects.create(story=draft).get_absolute_url()
    return path


@pytest.mark.parametrize("method", OTHER_METHODS)
@pytest.mark.parametrize("path", READER_PATHS)
def test_reader_urls_answer_other_methods_with_405_not_a_csrf_403(
    csrf_client, seed_story, make_story, path, method
):
    response = csrf_client.generic(method, reader_path(path, seed_story, make_story))
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    try:
        get_template("405.html")
    except TemplateDoesNotExist:  # until the styled error pages are merged
        assert b"answers GET and HEAD only" in response.content
    else:
        assert "405.html" in [template.name for template in response.templates]


@pytest.mark.parametrize("path", READER_PATHS)
def test_reader_urls_answer_get_and_head(client, seed_story, make_story, path):
    path = reader_path(path, seed_story, make_story)
    assert client.get(path).status_code in {200, 301}
    assert client.head(path).status_code in {200, 301}
