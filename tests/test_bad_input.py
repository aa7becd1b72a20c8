"""Every public URL answers any path, query string or header with 200, 301, 304 or 404 (400
for a Host not allowed, 405 for a method other than GET and HEAD): never a 500.

The inputs are tables, run on SQLite and on PostgreSQL (NUL bytes, regex syntax, huge and
non-ASCII numbers, hostile headers). The crafted admin URLs are in test_admin_bad_input.py.
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
    "?page=" + "9" * 25,
    "?page=%D9%A1",
    "?page=%C2%B2",
    "?page=last",
    "?page[]=1",
    "?q=(",
    "?q=%5C",
    "?q=a%00b",
    "?q=%E2%80%A8",
    "?q=%0B",
    "?q=%F0%9F%98%80",
    "?q=%C0%80",
    "?q=%22unclosed",
    "?q=-",
    "?q=or",
    "?q=%26%7C%21%3A*",
    "?headline__regex=(",
]

PUBLIC_PATHS = [
    "/",
    "/search/",
    "/feeds/rss/",
    "/feeds/atom/",
    "/corrections/",
    "/feeds/corrections/rss/",
    "/feeds/corrections/atom/",
    "/sitemap.xml",
    "/sitemap-news.xml",
    "/robots.txt",
    "/favicon.ico",
    "STORY",
]


def public_paths(story):
    return [story.get_absolute_url() if path == "STORY" else path for path in PUBLIC_PATHS]


# One test per input, looping over the paths: the seed is loaded once per input, not per URL.
@pytest.mark.parametrize("query", JUNK_QUERIES)
def test_public_urls_answer_junk_query_strings(client, seed_story, query):
    for path in public_paths(seed_story):
        response = client.get(path + query)
        assert response.status_code in ANSWERS, (path + query, response.status_code)


HOSTILE_HEADERS = [
    {"host": "127.0.0.1:99999"},
    {"host": "evil.example"},
    {"host": "%00"},
    {"if-none-match": '"' + "x" * 5000},
    {"if-none-match": "*"},
    {"if-modified-since": "yesterday"},
    {"if-modified-since": "Sat, 01 Jan 10000 00:00:00 GMT"},
    {"accept-encoding": "gzip;q=%00"},
    {"accept-language": "x" * 5000},
    {"cookie": "sessionid=%00; csrftoken=\u00e9"},
    {"x-forwarded-proto": "gopher"},
    {"range": "bytes=9999999999999999999-"},
]


@pytest.mark.parametrize("headers", HOSTILE_HEADERS)
def test_public_urls_answer_hostile_headers(client, seed_story, headers):
    for path in public_paths(seed_story):
        # 400 is the answer to a Host that is not in ALLOWED_HOSTS.
        response = client.get(path, headers=headers)
        assert response.status_code in {*ANSWERS, 400}, (path, headers, response.status_code)


@pytest.mark.parametrize(
    "path",
    [
        "/preview/x/",
        "/preview/%00/",
        "/preview/" + "9" * 25 + "/",
        "/preview/MQ:1tKZ6b:AAAA/",
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
        "/feeds/corrections/",
        "/corrections",
        "/corrections/%00/",
        "/corrections/1/",
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


@pytest.mark.parametrize("path", READER_PATHS)
def test_reader_urls_answer_other_methods_with_405_not_a_csrf_403(
    csrf_client, seed_story, make_story, path
):
    path = reader_path(path, seed_story, make_story)
    try:
        get_template("405.html")
        styled = True
    except TemplateDoesNotExist:  # until the styled error pages are merged
        styled = False
    for method in OTHER_METHODS:
        response = csrf_client.generic(method, path)
        assert response.status_code == 405, (method, path, response.status_code)
        assert response["Allow"] == "GET, HEAD"
        if styled:
            assert "405.html" in [template.name for template in response.templates]
        else:
            assert b"answers GET and HEAD only" in response.content


@pytest.mark.parametrize("path", READER_PATHS)
def test_reader_urls_answer_get_and_head(client, seed_story, make_story, path):
    path = reader_path(path, seed_story, make_story)
    assert client.get(path).status_code in {200, 301}
    assert client.head(path).status_code in {200, 301}
