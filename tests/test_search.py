"""Search over published stories: full-text on PostgreSQL, a documented fallback on SQLite.

Tests of what both backends promise run everywhere. Ranking and stemming are PostgreSQL's and run
only there (CI runs the suite on both). The fallback is plain ORM, so it is tested on both.
"""

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import search
from articles.models import Section, Story
from articles.views import SearchView
from tests.conftest import HOSTILE_TEXT
from tests.html_text import elements, main_content

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL full-text search needs PostgreSQL; this run's database is SQLite",
)


def result_headlines(client, query, **params):
    response = client.get("/search/?" + urlencode({"q": query, **params}))
    assert response.status_code == 200
    html = main_content(response.content.decode())
    return [text for tag, _, text in elements(html, "h2")]


@pytest.fixture
def corpus(make_story):
    now = timezone.now()
    stories = {
        "harbour": make_story(
            "Harbour council votes to rebuild the pier",
            standfirst="Fishermen welcome the decision.",
            published_at=now - timedelta(days=3),
        ),
        "budget": make_story("City budget passes", published_at=now - timedelta(days=1)),
        "draft": make_story("Harbour draft", status=Story.Status.DRAFT),
        "scheduled": make_story("Harbour scheduled", published_at=now + timedelta(hours=1)),
    }
    Section.objects.filter(story=stories["budget"]).update(
        body="The budget includes money for the harbour wall and new street lights."
    )
    return stories


def test_search_finds_words_in_headline_standfirst_and_sections(client, corpus):
    assert result_headlines(client, "fishermen") == [corpus["harbour"].headline]
    assert result_headlines(client, "lights") == [corpus["budget"].headline]
    assert set(result_headlines(client, "harbour")) == {
        corpus["harbour"].headline,
        corpus["budget"].headline,
    }


def test_search_ignores_case(client, corpus):
    assert result_headlines(client, "FISHERMEN") == [corpus["harbour"].headline]


def test_every_word_must_match(client, corpus):
    assert result_headlines(client, "harbour pier") == [corpus["harbour"].headline]
    assert result_headlines(client, "harbour unicorn") == []


def test_drafts_and_scheduled_stories_are_never_found(client, corpus):
    for query in ["harbour", "draft", "scheduled"]:
        found = result_headlines(client, query)
        assert "Harbour draft" not in found and "Harbour scheduled" not in found


def test_matches_are_highlighted_and_the_snippet_is_shown(client, corpus):
    html = client.get("/search/?q=lights").content.decode()
    (snippet,) = [
        text for tag, attrs, text in elements(html, "p") if attrs.get("class") == "snippet"
    ]
    assert "new street lights" in snippet
    assert "<mark>lights</mark>" in html


def test_result_count_and_query_are_shown(client, corpus):
    html = client.get("/search/?q=fishermen").content.decode()
    assert "1 story matches “fishermen”." in html
    assert 'value="fishermen"' in html


def test_no_query_shows_the_form_and_no_results(client, corpus):
    response = client.get("/search/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<input id="q" type="search" name="q" value=""' in html
    assert "result-count" not in html


def test_results_are_paginated_and_keep_the_query(client, make_story):
    for n in range(SearchView.paginate_by + 3):
        make_story(f"Lighthouse keeper {n:02d}")
    assert len(result_headlines(client, "lighthouse")) == SearchView.paginate_by
    assert len(result_headlines(client, "lighthouse", page=2)) == 3
    html = client.get("/search/?q=lighthouse").content.decode()
    assert 'rel="next" href="?q=lighthouse&amp;page=2"' in html
    assert client.get("/search/?q=lighthouse&page=3").status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "",
        " ",
        "x" * 10_000,
        '"unclosed quote',
        "'",
        "%",
        "100%_",
        "a\x00b",
        "\x00",
        "<script>alert(1)</script>",
        HOSTILE_TEXT,
        "東京の記者会見",
        "emoji 🦀 ü",
        "-",
        "or or or",
        "!@#$^&*()[]{}|\\:;<>,.?/~`",
        "\ufffd\u202e",
    ],
)
def test_any_query_answers_200_with_the_query_escaped(client, corpus, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "\x00" not in html


def test_the_database_never_sees_more_than_200_characters(client, corpus):
    assert search.clean_query("harbour " + "x" * 10_000) == ("harbour " + "x" * 10_000)[:200]
    assert search.clean_query("a\x00b\tc\n") == "a b c"


def test_highlighting_escapes_story_text(client, make_story):
    make_story("Lighthouse <b>bold</b> & more")
    html = client.get("/search/?q=lighthouse").content.decode()
    assert "<mark>Lighthouse</mark> &lt;b&gt;bold&lt;/b&gt; &amp; more" in html


# --- The SQLite fallback (plain ORM, so it is checked on both databases) ----------------------


def test_fallback_matches_words_as_written_newest_first(corpus):
    found = list(search.containment_search("harbour"))
    assert found == [corpus["budget"], corpus["harbour"]]  # newest first, no ranking
    assert list(search.containment_search('"Fishermen"')) == [corpus["harbour"]]
    assert list(search.containment_search("100%")) == []  # "%" is a character, not a wildcard


def test_fallback_snippet_is_the_text_around_the_first_match(make_story):
    story = make_story("Long read")
    words = [f"word{n}" for n in range(200)]
    Section.objects.filter(story=story).update(
        body=" ".join([*words[:150], "Lighthouse", *words[150:]])
    )
    (hit,) = search.containment_hits(search.containment_search("lighthouse"), "lighthouse")
    assert hit.story == story
    assert hit.snippet.startswith("… ") and hit.snippet.endswith(" …")
    assert "<mark>Lighthouse</mark>" in hit.snippet
    assert "word0 " not in hit.snippet and len(hit.snippet) < search.SNIPPET_CHARS + 40


# --- PostgreSQL full-text search ----------------------------------------------------------------


@needs_postgresql
def test_postgresql_ranks_headline_matches_above_body_matches(client, corpus):
    assert result_headlines(client, "harbour") == [
        corpus["harbour"].headline,  # older, but "harbour" is in its headline
        corpus["budget"].headline,
    ]


@needs_postgresql
def test_postgresql_matches_word_stems_and_web_search_syntax(client, corpus):
    assert result_headlines(client, "vote") == [corpus["harbour"].headline]  # "votes"
    assert result_headlines(client, "harbour -pier") == [corpus["budget"].headline]
    assert result_headlines(client, '"rebuild the pier"') == [corpus["harbour"].headline]
    assert set(result_headlines(client, "fishermen or lights")) == {
        corpus["harbour"].headline,
        corpus["budget"].headline,
    }


@needs_postgresql
def test_postgresql_snippet_is_marked_by_ts_headline(client, corpus):
    html = client.get("/search/?q=light").content.decode()
    assert "<mark>lights</mark>" in html  # the stem matched, the word as written is marked


def test_search_query_count_does_not_grow_with_the_results(client, make_story):
    def queries_for(results):
        Story.objects.all().delete()
        for n in range(results):
            make_story(f"Lighthouse {n}", sections=5)
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/search/?q=lighthouse").status_code == 200
        return len(captured)

    assert queries_for(1) == queries_for(SearchView.paginate_by) <= 3
