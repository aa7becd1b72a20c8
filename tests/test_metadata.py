"""What search engines and social sites read: canonical, OpenGraph, Twitter card, JSON-LD."""

import json
import re

import pytest
from django.conf import settings

from tests.conftest import HOSTILE_TEXT, HOSTILE_TEXT_ON_PAGE
from tests.html_text import elements

BASE = settings.SITE_URL


def head_of(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status
    html = response.content.decode()
    return html, elements(html[: html.index("</head>")], "meta", "link", "title", "script")


def meta(head, key):
    """Every content= for a <meta property=key> or <meta name=key>."""
    return [
        attrs["content"]
        for tag, attrs, _ in head
        if tag == "meta" and key in (attrs.get("property"), attrs.get("name"))
    ]


def json_ld_blocks(html):
    """The JSON-LD blocks, decoded; the pattern ends at the first </script>, as a browser does."""
    pattern = r'<script type="application/ld\+json">(.*?)</script>'
    return [json.loads(block) for block in re.findall(pattern, html, re.S)]


def test_story_page_has_canonical_opengraph_and_twitter_card(client, full_story):
    _, head = head_of(client, full_story.get_absolute_url())
    url = BASE + full_story.get_absolute_url()
    assert [a["href"] for t, a, _ in head if t == "link" and a.get("rel") == "canonical"] == [url]
    assert meta(head, "og:type") == ["article"]
    assert meta(head, "og:title") == [full_story.headline]
    assert meta(head, "og:url") == [url]
    assert meta(head, "og:description") == [full_story.summary]
    assert meta(head, "article:published_time") == [
        full_story.published_at.isoformat(timespec="seconds")
    ]
    assert meta(head, "article:modified_time") == [
        full_story.revised_at.isoformat(timespec="seconds")
    ]
    assert meta(head, "twitter:card") == ["summary"]
    assert meta(head, "twitter:title") == [full_story.headline]


def test_story_page_has_exactly_one_news_article_that_decodes_to_the_exact_text(client, full_story):
    html, _ = head_of(client, full_story.get_absolute_url())
    (article,) = json_ld_blocks(html)
    url = BASE + full_story.get_absolute_url()
    assert article["@type"] == "NewsArticle"
    assert article["headline"] == full_story.headline == HOSTILE_TEXT
    assert article["description"] == full_story.summary
    assert article["datePublished"] == full_story.published_at.isoformat(timespec="seconds")
    assert article["dateModified"] == full_story.revised_at.isoformat(timespec="seconds")
    assert article["author"] == [{"@type": "Person", "name": full_story.byline}]
    assert article["publisher"]["name"] == "Newsroom"
    assert article["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}


def test_json_ld_escapes_markup_characters_as_unicode_escapes(client, full_story):
    html, _ = head_of(client, full_story.get_absolute_url())
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    assert "<" not in block and ">" not in block and "&" not in block
    assert "\\u003C/script\\u003E" in block and "\\u0026" in block


def test_hostile_headline_stays_text_everywhere_on_the_page(client, full_story):
    html, head = head_of(client, full_story.get_absolute_url())
    # The only script elements are the JSON-LD one; the headline opened none of its own.
    assert html.count("<script") == 1
    assert "<!-- über" not in html
    assert [text for tag, _, text in head if tag == "title"] == [f"{HOSTILE_TEXT} · Newsroom"]
    assert [text for tag, _, text in elements(html, "h1")] == [HOSTILE_TEXT_ON_PAGE]


def test_story_without_byline_is_credited_to_the_publisher(client, seed_story):
    html, _ = head_of(client, seed_story.get_absolute_url())
    (article,) = json_ld_blocks(html)
    assert article["author"] == [
        {"@type": "NewsMediaOrganization", "name": "Newsroom", "url": BASE + "/"}
    ]
    assert article["dateModified"] == article["datePublished"] == "2025-11-21T09:00:00+00:00"


def test_front_page_has_website_json_ld_with_a_search_action(client, seed_story):
    html, head = head_of(client, "/")
    (website,) = json_ld_blocks(html)
    assert website["@type"] == "WebSite"
    assert website["url"] == BASE + "/"
    action = website["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == BASE + "/search/?q={search_term}"
    assert action["query-input"] == "required name=search_term"
    canonical = [a["href"] for t, a, _ in head if t == "link" and a.get("rel") == "canonical"]
    assert canonical == [BASE + "/"]


def test_later_front_pages_have_their_own_canonical_and_no_website_block(client, make_story):
    for n in range(21):
        make_story(f"Story {n}")
    html, head = head_of(client, "/?page=2&utm_source=junk")
    canonical = [a["href"] for t, a, _ in head if t == "link" and a.get("rel") == "canonical"]
    assert canonical == [BASE + "/?page=2"]
    assert json_ld_blocks(html) == []


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("front page", 200),
        ("story page", 200),
        ("story page with every part", 200),
        ("search page", 200),
        ("search page with a hostile query", 200),
        ("404 page", 404),
    ],
)
def test_every_page_has_a_meta_description(client, reader_pages, name, status):
    _, head = head_of(client, reader_pages[name], status)
    (description,) = meta(head, "description")
    assert description.strip()


def test_story_description_is_the_standfirst_or_else_the_lead(client, seed_story, full_story):
    _, head = head_of(client, full_story.get_absolute_url())
    assert meta(head, "description") == [full_story.summary]
    assert full_story.summary.startswith("Standfirst: ")
    _, head = head_of(client, seed_story.get_absolute_url())
    (description,) = meta(head, "description")
    assert description.startswith("Clem Delangue, co-founder and CEO of Hugging Face")
    assert len(description) <= 160


def test_search_results_are_kept_out_of_search_engines(client, db):
    _, head = head_of(client, "/search/?q=anything")
    assert meta(head, "robots") == ["noindex"]


def test_favicon_ico_redirects_to_the_svg_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/favicon.svg"
    icon = client.get(response["Location"])
    assert icon.status_code == 200 and icon["Content-Type"] == "image/svg+xml"
    html = client.get("/").content.decode()
    icons = [a["href"] for t, a, _ in elements(html, "link") if a.get("rel") == "icon"]
    assert icons == ["/static/favicon.svg"]
