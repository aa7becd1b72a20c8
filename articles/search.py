"""Search over published stories: headline, standfirst, sections and byline, read from a stored
search document (articles/derived.py keeps it current), so a search costs the same at any size
of archive. The database in use picks the engine; both take the same query syntax: words, a
"quoted phrase", -word to exclude, `or` between two words.

- PostgreSQL: `Story.search_document`, a GIN-indexed tsvector weighted headline A, standfirst
  B, sections C, byline D. Words match by their English stem. The newest CANDIDATES matches
  are ranked with ts_rank (then newest first), in one query that also counts them;
  ts_headline marks the matches, on the page's rows only.
- SQLite: an FTS5 table (FTS_TABLE, Porter stemming), with the query rewritten so that every
  word is quoted and nothing the reader typed is an FTS5 operator. Ranked by bm25 with the same
  column weights; FTS5's highlight() and snippet() mark the matches, on the page's rows only.

Both: every query is bounded in time (settings.SEARCH_TIMEOUT; past it, SearchTimeout), results
stop at MAX_RESULTS (MAX_RESULTS / page size pages), and the view refuses a query longer than
MAX_QUERY_CHARS instead of cutting it.
"""

import re
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import OperationalError, connection, transaction
from django.db.models import F, OuterRef, Q, StringAgg, Subquery, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Concat
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import Section, Story

# A longer query is refused with a message: no real search needs more.
MAX_QUERY_CHARS = 200
# How deep results go (10 pages of 10): past that, a reader adds words, not pages.
MAX_RESULTS = 100
# PostgreSQL ranks the newest this many matches of a query, so that ranking a word found in
# every story costs what ranking a rarer one does.
CANDIDATES = 1000
TEXT_SEARCH_CONFIG = "english"
FTS_TABLE = "articles_story_fts"
# bm25 weights of the FTS5 columns, in order: headline, standfirst, body, byline.
FTS_WEIGHTS = (10.0, 4.0, 1.0, 2.0)
# SQLite calls the time check every this many virtual-machine steps.
PROGRESS_STEPS = 1000
# Control characters mark the matches inside the database's snippet, so that the snippet can be
# HTML-escaped as a whole and only then given its <mark> tags. Queries never contain them.
MARK_START, MARK_STOP = "\x02", "\x03"


class SearchTimeout(Exception):
    """The database took longer than settings.SEARCH_TIMEOUT over a search."""


@dataclass(frozen=True)
class Hit:
    """One search result: the story, and its headline and snippet as safe HTML with <mark>s."""

    story: Story
    headline: str
    snippet: str


def clean_query(raw):
    """The query as searched: control characters out (PostgreSQL refuses NUL), spaces collapsed.

    Its length is the view's to judge: see MAX_QUERY_CHARS."""
    printable = "".join(ch if ch.isprintable() else " " for ch in raw)
    return " ".join(printable.split())


def find(query):
    """The published stories matching a cleaned `query`, as Results (count() and slices of
    Hits, best first, at most MAX_RESULTS). Read them inside `time_bound()`."""
    engine = PostgresSearch if connection.vendor == "postgresql" else SqliteSearch
    return Results(engine(query))


class Results:
    """What Django's Paginator wants: count() (at most MAX_RESULTS) and slices, here of Hits.

    `matches` is how many stories match, up to CANDIDATES; `more` is True past that.
    """

    def __init__(self, engine):
        self.engine = engine

    @cached_property
    def _matches(self):
        return self.engine.count(limit=CANDIDATES + 1)

    @property
    def matches(self):
        return min(self._matches, CANDIDATES)

    @property
    def more(self):
        return self._matches > CANDIDATES

    def count(self):
        return min(self._matches, MAX_RESULTS)

    def __len__(self):
        return self.count()

    def __getitem__(self, page):
        start, stop = page.start or 0, min(page.stop, MAX_RESULTS)
        if stop <= start:
            return []
        return self.engine.hits(start, stop)


@contextmanager
def time_bound():
    """Run the enclosed queries under settings.SEARCH_TIMEOUT seconds each; SearchTimeout past
    it. One bound covers a whole search (its count, its page and its snippets).

    PostgreSQL: a statement_timeout local to the search's own transaction. SQLite: a progress
    handler that interrupts the statement once the deadline has passed.
    """
    seconds = settings.SEARCH_TIMEOUT
    try:
        if connection.vendor == "postgresql":
            with transaction.atomic():
                with connection.cursor() as cursor:
                    timeout = f"{max(1, round(seconds * 1000))}ms"
                    cursor.execute("SELECT set_config('statement_timeout', %s, true)", [timeout])
                yield
        elif connection.vendor == "sqlite":
            connection.ensure_connection()
            deadline = time.monotonic() + seconds
            sqlite_connection = connection.connection
            sqlite_connection.set_progress_handler(
                lambda: time.monotonic() > deadline, PROGRESS_STEPS
            )
            try:
                yield
            finally:
                sqlite_connection.set_progress_handler(None, 0)
        else:
            yield
    except OperationalError as error:
        if _is_timeout(error):
            raise SearchTimeout(str(error)) from error
        raise


def _is_timeout(error):
    cause = error.__cause__
    if isinstance(cause, sqlite3.OperationalError):
        return cause.sqlite_errorcode == sqlite3.SQLITE_INTERRUPT
    return getattr(cause, "sqlstate", None) == "57014"  # PostgreSQL's query_canceled


# --- PostgreSQL ----------------------------------------------------------------------------


# The Section column holding a body's plain text (articles/markup.py), for search and summaries.
PLAIN_BODY = "body_text"


def section_text(body=PLAIN_BODY):
    """All of a story's section headings and bodies (their plain text, without Markdown), in
    order, as one text (an expression for a query over stories)."""
    text = (
        Section.objects.filter(story=OuterRef("pk"))
        .order_by()
        .values("story")
        .annotate(
            text=StringAgg(
                Concat("heading", Value("\n"), body, output_field=TextField()),
                Value("\n\n"),
                order_by="position",
            )
        )
        .values("text")
    )
    return Coalesce(Subquery(text), Value(""), output_field=TextField())


class PostgresSearch:
    """One query ranks the newest CANDIDATES matches (reading each document once); a second
    fetches the page's stories with their marked headlines and snippets."""

    def __init__(self, query):
        self.query = SearchQuery(query, search_type="websearch", config=TEXT_SEARCH_CONFIG)

    @cached_property
    def _candidates(self):
        """[(pk, rank, published_at)] of the newest CANDIDATES + 1 matches."""
        return list(
            Story.objects.published()
            .filter(search_document=self.query)
            .annotate(rank=SearchRank(F("search_document"), self.query))
            .order_by("-published_at", "-pk")
            .values_list("pk", "rank", "published_at")[: CANDIDATES + 1]
        )

    @cached_property
    def _ranked_ids(self):
        best_first = sorted(
            self._candidates[:CANDIDATES], key=lambda row: (-row[1], -row[2].timestamp(), -row[0])
        )
        return [pk for pk, _, _ in best_first]

    def count(self, limit):
        return min(len(self._candidates), limit)

    def hits(self, start, stop):
        ids = self._ranked_ids[start:stop]
        marks = {"config": TEXT_SEARCH_CONFIG, "start_sel": MARK_START, "stop_sel": MARK_STOP}
        stories = Story.objects.filter(pk__in=ids).annotate(
            marked_headline=SearchHeadline("headline", self.query, highlight_all=True, **marks),
            marked_snippet=SearchHeadline(
                Concat("standfirst", Value("\n"), section_text(), output_field=TextField()),
                self.query,
                max_words=24,
                min_words=12,
                max_fragments=2,
                fragment_delimiter=" … ",
                **marks,
            ),
        )
        by_pk = {story.pk: story for story in stories}
        return [
            Hit(story, marked_html(story.marked_headline), marked_html(story.marked_snippet))
            for story in map(by_pk.get, ids)
        ]


# --- SQLite: FTS5 --------------------------------------------------------------------------

# A "phrase" (its closing quote optional), or a run of anything else up to a space.
QUERY_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')
# The words of a term, as FTS5's unicode61 tokenizer splits them.
WORD = re.compile(r"\w+")


def fts_query(query):
    """The reader's query in FTS5's syntax, or None if it has no words to look for.

    Every word is put inside double quotes, so nothing the reader typed (NEAR, *, ^, column:,
    AND, parentheses, quotes) is an FTS5 operator. "A phrase" stays a phrase, -word excludes,
    and `or` between two terms is OR, as on PostgreSQL.
    """
    required, excluded, either = [], [], False
    for match in QUERY_TOKEN.finditer(query):
        phrase, word = match.groups()
        if word is not None and word.lower() == "or":
            either = bool(required)
            continue
        negative = word is not None and word.startswith("-")
        term = _quoted(phrase if phrase is not None else word.removeprefix("-"))
        if term is None:
            continue
        if negative:
            excluded.append(term)
        elif either:
            required[-1] = f"{required[-1]} OR {term}"
        else:
            required.append(term)
        either = False
    if not required:
        return None
    expression = " AND ".join(f"({term})" for term in required)
    if excluded:
        expression += f" NOT ({' OR '.join(excluded)})"
    return expression


def _quoted(text):
    words = WORD.findall(text)
    return '"' + " ".join(words) + '"' if words else None


class SqliteSearch:
    """FTS5 drives each query (CROSS JOIN keeps it the outer loop, so bm25's statistics are
    read once, not once per story); published()'s own WHERE clause picks what readers see."""

    def __init__(self, query):
        self.match = fts_query(query)

    def _from_matching(self):
        published = Story.objects.published().query
        where, params = published.get_compiler(connection=connection).compile(published.where)
        sql = (
            f"FROM {FTS_TABLE} CROSS JOIN articles_story "
            f"ON articles_story.id = {FTS_TABLE}.rowid "
            f"WHERE {FTS_TABLE} MATCH %s AND {where}"
        )
        return sql, [self.match, *params]

    def count(self, limit):
        if self.match is None:
            return 0
        matching, params = self._from_matching()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM (SELECT 1 {matching} LIMIT %s)", [*params, limit])
            return cursor.fetchone()[0]

    def hits(self, start, stop):
        if self.match is None:
            return []
        matching, params = self._from_matching()
        weights = ", ".join(map(str, FTS_WEIGHTS))
        page = list(
            Story.objects.raw(
                f"SELECT articles_story.* {matching} ORDER BY bm25({FTS_TABLE}, {weights}), "
                "articles_story.published_at DESC, articles_story.id DESC LIMIT %s OFFSET %s",
                [*params, stop - start, start],
            )
        )
        if not page:
            return []
        ids = ", ".join(str(story.pk) for story in page)
        # The snippet comes from the body (column 2): the headline is shown already.
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, highlight({FTS_TABLE}, 0, %s, %s), "
                f"snippet({FTS_TABLE}, 2, %s, %s, ' … ', 24) "
                f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND rowid IN ({ids})",
                [MARK_START, MARK_STOP, MARK_START, MARK_STOP, self.match],
            )
            by_pk = {pk: (headline, snippet) for pk, headline, snippet in cursor.fetchall()}
        return [Hit(story, *map(marked_html, by_pk[story.pk])) for story in page]


# --- Both ----------------------------------------------------------------------------------


def marked_html(text):
    """Escape the database's snippet, then turn well-paired marks into <mark> elements."""
    html, open_mark = [], False
    for piece in re.split(f"([{MARK_START}{MARK_STOP}])", " ".join((text or "").split())):
        if piece == MARK_START and not open_mark:
            html.append("<mark>")
            open_mark = True
        elif piece == MARK_STOP and open_mark:
            html.append("</mark>")
            open_mark = False
        elif piece not in (MARK_START, MARK_STOP):
            html.append(escape(piece))
    if open_mark:
        html.append("</mark>")
    return mark_safe("".join(html))  # every piece of text is escaped above


# --- The admin's search box ----------------------------------------------------------------


def admin_search(stories, term):
    """`stories` narrowed to those whose text holds the words of `term` (any status, the list's
    own order), or whose slug is `term`: the same stored document and syntax readers search,
    so it costs an index lookup, never a scan of every story."""
    term = clean_query(term)[:MAX_QUERY_CHARS]
    if not term:
        return stories
    by_slug = Q(slug=term)
    if connection.vendor == "postgresql":
        query = SearchQuery(term, search_type="websearch", config=TEXT_SEARCH_CONFIG)
        return stories.filter(Q(search_document=query) | by_slug)
    match = fts_query(term)
    if match is None:
        return stories.filter(by_slug)
    in_text = RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match])
    return stories.filter(Q(pk__in=in_text) | by_slug)
