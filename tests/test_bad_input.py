"""Every public URL answers any path or query string with 200, 301, 304 or 404: never a 500.

The test client re-raises any exception a view lets escape, so a crash fails loudly here.
"""

import pytest

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


@pytest.mark.parametrize("method", ["head", "options"])
def test_other_safe_methods_never_crash(client, seed_story, method):
    for path in ["/", seed_story.get_absolute_url(), "/search/?q=a", "/feeds/rss/"]:
        assert getattr(client, method)(path).status_code in ANSWERS


def test_hostile_search_query_is_escaped_in_every_place_it_is_shown(client, db):
    html = client.get("/search/", {"q": HOSTILE_TEXT}).content.decode()
    assert "</script><script>" not in html
    assert "&lt;/script&gt;&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
