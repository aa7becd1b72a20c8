"""Search over published stories' headlines, standfirsts and section text.

On PostgreSQL it is real full-text search (django.contrib.postgres.search): the query reads like
a web search ("exact phrase", -exclude, or), words match by their English stem, results are ranked
by where they match (headline above standfirst above body), and the snippet is PostgreSQL's
ts_headline with the matches marked.

Elsewhere (SQLite, for local development) it is an honest, simpler fallback: every word of the
query must appear, as written, in the headline, the standfirst or a section. Matching ignores case
for ASCII letters only (SQLite's LIKE), there is no stemming and no ranking (newest first), and
the snippet is the text around the first matching word.

Both build the searched text at query time, which suits a newsroom of thousands of stories. Past
that, the next step is a stored, GIN-indexed SearchVectorField kept up to date on save.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, StringAgg, Subquery, TextField, Value
from django.db.models.functions import Coalesce, Concat
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import Section, Story

# Longer input is cut here: no real query needs more, and the database never sees 10,000 chars.
MAX_QUERY_CHARS = 200
MAX_FALLBACK_WORDS = 10
SNIPPET_CHARS = 220
TEXT_SEARCH_CONFIG = "english"
# Control characters mark the matches inside the database's snippet, so that the snippet can be
# HTML-escaped as a whole and only then given its <mark> tags. Queries never contain them.
MARK_START, MARK_STOP = "\x02", "\x03"
QUOTES = "\"'“”‘’«»"


@dataclass(frozen=True)
class Hit:
    """One search result: the story, and its headline and snippet as safe HTML with <mark>s."""

    story: Story
    headline: str
    snippet: str


def clean_query(raw):
    """The query as searched: control characters out (PostgreSQL refuses NUL), spaces collapsed,
    at most MAX_QUERY_CHARS characters."""
    printable = "".join(ch if ch.isprintable() else " " for ch in raw)
    return " ".join(printable.split())[:MAX_QUERY_CHARS].strip()


def find(query):
    """Published stories matching a cleaned `query`, best first; none for an empty query."""
    if not query:
        return Story.objects.none()
    if connection.vendor == "postgresql":
        return full_text_search(query)
    return containment_search(query)


def hits(stories, query):
    """[Hit] for the stories on one page of `find(query)`."""
    if connection.vendor == "postgresql":
        return [Hit(s, _marked(s.marked_headline), _marked(s.marked_snippet)) for s in stories]
    return containment_hits(stories, query)


# --- PostgreSQL ----------------------------------------------------------------------------


def full_text_search(query):
    search_query = SearchQuery(query, search_type="websearch", config=TEXT_SEARCH_CONFIG)
    body = Coalesce(Subquery(_section_text()), Value(""), output_field=TextField())
    document = (
        SearchVector("headline", weight="A", config=TEXT_SEARCH_CONFIG)
        + SearchVector("standfirst", weight="B", config=TEXT_SEARCH_CONFIG)
        + SearchVector(body, weight="C", config=TEXT_SEARCH_CONFIG)
    )
    marks = {"config": TEXT_SEARCH_CONFIG, "start_sel": MARK_START, "stop_sel": MARK_STOP}
    return (
        Story.objects.published()
        .annotate(document=document)
        .filter(document=search_query)
        .annotate(
            rank=SearchRank(F("document"), search_query),
            marked_headline=SearchHeadline("headline", search_query, highlight_all=True, **marks),
            marked_snippet=SearchHeadline(
                Concat("standfirst", Value("\n"), body, output_field=TextField()),
                search_query,
                max_words=24,
                min_words=12,
                max_fragments=2,
                fragment_delimiter=" … ",
                **marks,
            ),
        )
        .order_by("-rank", "-published_at", "-pk")
    )


def _section_text():
    """All of a story's section headings and bodies, in order, as one text."""
    return (
        Section.objects.filter(story=OuterRef("pk"))
        .order_by()
        .values("story")
        .annotate(
            text=StringAgg(
                Concat("heading", Value("\n"), "body", output_field=TextField()),
                Value("\n\n"),
                order_by="position",
            )
        )
        .values("text")
    )


def _marked(text):
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


# --- Fallback (SQLite) -----------------------------------------------------------------------


def query_words(query):
    """The words every result must contain: quotes around them dropped, repeats once."""
    words = [word.strip(QUOTES) for word in query.split()]
    return list(dict.fromkeys(word for word in words if word))[:MAX_FALLBACK_WORDS]


def containment_search(query):
    words = query_words(query)
    if not words:
        return Story.objects.none()
    stories = Story.objects.published()
    for word in words:
        in_sections = Section.objects.filter(
            Q(heading__icontains=word) | Q(body__icontains=word), story=OuterRef("pk")
        )
        stories = stories.filter(
            Q(headline__icontains=word) | Q(standfirst__icontains=word) | Exists(in_sections)
        )
    return stories.prefetch_related("sections").order_by("-published_at", "-pk")


def containment_hits(stories, query):
    """[Hit] for stories from `containment_search(query)`, with the query's words marked."""
    pattern = _word_pattern(query)
    return [Hit(s, _highlight(s.headline, pattern), _snippet(s, pattern)) for s in stories]


def _word_pattern(query):
    words = sorted(query_words(query), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)), re.IGNORECASE) if words else None


def _highlight(text, pattern):
    if pattern is None:
        return escape(text)
    html, start = [], 0
    for match in pattern.finditer(text):
        html += [escape(text[start : match.start()]), "<mark>", escape(match.group()), "</mark>"]
        start = match.end()
    html.append(escape(text[start:]))
    return mark_safe("".join(html))  # every piece of text is escaped above


def _snippet(story, pattern):
    """About SNIPPET_CHARS characters of the story's text around the first match."""
    parts = [story.standfirst]
    parts += [f"{section.heading} {section.body}" for section in story.sections.all()]
    text = " ".join(" ".join(parts).split())
    match = pattern.search(text) if pattern else None
    start = 0
    if match and match.start() > SNIPPET_CHARS // 3:
        start = text.rfind(" ", 0, match.start() - SNIPPET_CHARS // 3) + 1
    excerpt = text[start:]
    if len(excerpt) > SNIPPET_CHARS:
        cut = excerpt.rfind(" ", 0, SNIPPET_CHARS) + 1 or SNIPPET_CHARS  # at a word boundary
        excerpt = excerpt[:cut].rstrip() + " …"
    return _highlight(("… " if start else "") + excerpt, pattern)
