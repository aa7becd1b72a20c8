"""Search over published stories: PostgreSQL full-text search and SQLite FTS5 promise the same
things (syntax, stems, ranking, snippets, bounds), so every test runs on both (CI runs the suite
on both databases)."""

from contextlib import contextmanager
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import page_cache, search
from articles.models import Story
from articles.views import SearchView
from tests.conftest import HOSTILE_TEXT
from tests.html_text import elements, main_content


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
    lead = stories["budget"].sections.get()
    lead.body = "The budget includes money for the harbour wall and new street lights."
    lead.save()  # as the admin saves a section: the story's search document follows
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


def test_a_query_longer_than_the_cap_is_refused_with_a_message_not_cut(client, corpus):
    long_query = "harbour " + "x" * 300
    response = client.get("/search/", {"q": long_query})
    assert response.status_code == 200
    html = response.content.decode()
    assert f"This search is {len(long_query)} characters long; searches may be up to 200." in html
    assert "story-card" not in html  # nothing was searched
    assert len(result_headlines(client, "harbour " + "x" * 192)) == 0  # 200 exactly: searched
    assert search.clean_query("a\x00b\tc\n") == "a b c"


def test_results_stop_at_the_depth_cap_and_say_so(client, make_story, settings, monkeypatch):
    monkeypatch.setattr(search, "MAX_RESULTS", 12)
    for n in range(15):
        make_story(f"Lighthouse keeper {n:02d}")
    html = client.get("/search/?q=lighthouse").content.decode()
    assert "15 stories match “lighthouse”. The best 12 are shown; add words" in html
    assert len(result_headlines(client, "lighthouse", page=2)) == 2
    assert client.get("/search/?q=lighthouse&page=3").status_code == 404


def test_past_the_candidates_the_count_says_more_than(client, make_story, monkeypatch):
    monkeypatch.setattr(search, "CANDIDATES", 4)
    monkeypatch.setattr(search, "MAX_RESULTS", 3)
    for n in range(6):
        make_story(f"Lighthouse keeper {n}")
    html = client.get("/search/?q=lighthouse").content.decode()
    assert "More than 4 stories match “lighthouse”. The best 3 are shown" in html


def test_a_search_past_its_time_bound_gets_a_clear_page_not_a_500(client, make_story, settings):
    # On SQLite a deadline already passed stops the first statement that runs more than
    # PROGRESS_STEPS steps, which matching 30 stories does. On PostgreSQL (1 ms at least) a
    # lock held elsewhere makes the wait certain; there this test's own transaction must hold
    # no lock on the table, so it writes no stories.
    if connection.vendor == "sqlite":
        for n in range(30):
            make_story(f"Harbour {n}")
    settings.SEARCH_TIMEOUT = 0.000_001
    # A running site's page cache knows its generation already (learning it reads the story
    # table, which this test's transaction must not touch before the lock).
    page_cache.new_generation(reschedule=False)
    with held_story_table_lock():
        response = client.get("/search/?q=harbour")
    assert response.status_code == 503
    assert "This search took too long, so it was stopped." in response.content.decode()
    settings.SEARCH_TIMEOUT = 2
    assert client.get("/search/?q=harbour").status_code == 200  # the connection still works


@contextmanager
def held_story_table_lock():
    """On PostgreSQL, another connection holds a lock that makes any read of the story table
    wait, so a statement timeout is certain to fire. SQLite needs no help (see above)."""
    if connection.vendor != "postgresql":
        yield
        return
    import psycopg

    settings = connection.settings_dict
    with psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        password=settings["PASSWORD"] or None,
    ) as other:
        other.execute("SET lock_timeout = '5s'")
        other.execute("LOCK TABLE articles_story IN ACCESS EXCLUSIVE MODE")
        yield
        other.rollback()


# --- SQLite: FTS5 (the query rewriting is plain Python, so it is checked on both) ------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("harbour", '("harbour")'),
        ("harbour pier", '("harbour") AND ("pier")'),
        ('"rebuild the pier"', '("rebuild the pier")'),
        ("harbour -pier", '("harbour") NOT ("pier")'),
        ("fishermen or lights", '("fishermen" OR "lights")'),
        ("NEAR(a b) c*", '("NEAR a") AND ("b") AND ("c")'),
        ("headline:x ^y", '("headline x") AND ("y")'),
        ('"unclosed', '("unclosed")'),
        ("-only -excluded", None),
        ("!@#$%^&*()", None),
        ("or", None),
        ("东京 ü", '("东京") AND ("ü")'),
    ],
)
def test_fts_query_quotes_every_word_so_nothing_typed_is_an_operator(query, expected):
    assert search.fts_query(query) == expected


@pytest.mark.parametrize(
    "query",
    ['"', '""', "NEAR(", "a NOT", "AND OR NOT", "*", "^", "headline:", "a\x00b", "x" * 200],
)
def test_hostile_queries_answer_200(client, corpus, query):
    assert client.get("/search/", {"q": query}).status_code == 200


def test_ranks_headline_matches_above_body_matches(client, corpus):
    assert result_headlines(client, "harbour") == [
        corpus["harbour"].headline,  # older, but "harbour" is in its headline
        corpus["budget"].headline,
    ]


def test_matches_word_stems_and_web_search_syntax(client, corpus):
    assert result_headlines(client, "vote") == [corpus["harbour"].headline]  # "votes"
    assert result_headlines(client, "harbour -pier") == [corpus["budget"].headline]
    assert result_headlines(client, '"rebuild the pier"') == [corpus["harbour"].headline]
    assert result_headlines(client, '"the pier rebuild"') == []
    assert set(result_headlines(client, "fishermen or lights")) == {
        corpus["harbour"].headline,
        corpus["budget"].headline,
    }


def test_bylines_are_searched(client, make_story):
    story = make_story("Quiet day", byline="Ana Pérez")
    assert result_headlines(client, "Pérez") == [story.headline]


def test_search_follows_every_edit_and_delete(client, corpus):
    harbour = corpus["harbour"]
    harbour.headline = "Lighthouse restored"
    harbour.save()
    assert result_headlines(client, "lighthouse") == ["Lighthouse restored"]
    assert result_headlines(client, "pier") == []
    harbour.sections.get().delete()
    budget_lead = corpus["budget"].sections.get()
    budget_lead.delete()
    assert result_headlines(client, "lights") == []
    corpus["budget"].delete()
    assert result_headlines(client, "budget") == []


# --- PostgreSQL full-text search ----------------------------------------------------------------


def test_snippet_marks_the_word_as_written_when_its_stem_matched(client, corpus):
    html = client.get("/search/?q=light").content.decode()
    assert "<mark>lights</mark>" in html


def test_search_query_count_does_not_grow_with_the_results(client, make_story):
    def queries_for(results):
        Story.objects.all().delete()
        for n in range(results):
            make_story(f"Lighthouse {n}", sections=5)
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/search/?q=lighthouse").status_code == 200
        # Savepoints are the test's transaction showing through the search's own.
        return len([q for q in captured if "SAVEPOINT" not in q["sql"]])

    # PostgreSQL: the time bound, the ranked candidates, the page with its snippets.
    # SQLite: the count, the page, its snippets.
    assert queries_for(1) == queries_for(SearchView.paginate_by) == 3
