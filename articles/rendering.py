"""The story page rendered once per version of the story and stored, so that a miss of the
page cache runs one query (the story and its links) and renders only the related links.

Everything on a reader's story page comes from the story's own rows except its related links,
which show whether each linked story is live. So the page is rendered whole once, with a hole
where the links go, and stored in two halves per story and per scheme and host (absolute URLs
are part of the page). Each request renders only the links into the hole.

Each story has a version token in the cache, replaced by articles/purging.py whenever the
story, a section or a link of it changes. Stored halves count only under the token they were
rendered after, so a render that raced a save is never used. Page-cache generations leave them
alone: after an edit elsewhere, the other stories' pages are assembled from their halves
without reading their sections.
"""

import functools
import hashlib
import logging
import secrets
from datetime import UTC, datetime
from typing import NamedTuple

from django.core.cache import cache
from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import quote_etag
from django.utils.safestring import mark_safe

from .compiled import CompiledQuery
from .models import RelatedLink, Story
from .recent import RecentCopies
from .release import release

logger = logging.getLogger(__name__)

# Marks where the related links go; page text is escaped, so it can't contain this.
HOLE = "<!--related-links-->"
RELATED_LINKS_TEMPLATE = "articles/includes/related_links.html"
# Unread halves fall out after a day; a story read again is rendered again.
STORED_SECONDS = 86400


def version_key(story_id):
    return f"story-version:{story_id}"


def halves_key(story_id, updated_at, request):
    # The row's save time too: a database restored or rebuilt under the same cache (its ids
    # reused, no save to replace the version token) can't pick up pages of other rows.
    # And the release: a page the old code rendered is not this code's page.
    origin = f"{release()} {updated_at.timestamp()} {request.scheme}://{request.get_host()}"
    origin = origin.encode()
    return f"story-page:{story_id}:{hashlib.md5(origin, usedforsecurity=False).hexdigest()}"


# This process's copies of the halves it read lately, by key: (version, halves). The halves of a
# version never change, so only the version token is read from the shared cache for them.
recent_halves = RecentCopies(
    16 * 1024 * 1024, size=lambda stored: len(stored[1].before) + len(stored[1].after)
)


def new_version(story_id):
    """The story changed: pages stored for it are out of date, on every worker."""
    cache.set(version_key(story_id), secrets.token_hex(8), timeout=None)


def stored_halves(story_id, updated_at, request, render_page):
    """Halves: the page's bytes before and after the related links, stored ones when current,
    else `render_page(hole)` now (reading the story's rows) and stored."""
    keys = [version_key(story_id), halves_key(story_id, updated_at, request)]
    try:
        version = cache.get(keys[0])
        remembered = recent_halves.get(keys[1])
        if version is not None and remembered is not None and remembered[0] == version:
            return remembered[1]
        stored = cache.get(keys[1])
    except Exception:
        logger.warning("Cache unavailable; story page rendered whole", exc_info=True)
        return split(render_page(mark_safe(HOLE)))
    if version is not None and stored is not None and stored[0] == version:
        recent_halves.put(keys[1], stored)
        return stored[1]
    if version is None:
        # add, not set: a token a save set meanwhile must win over this one.
        version = secrets.token_hex(8)
        if not cache.add(keys[0], version, timeout=None):
            version = cache.get(keys[0])
    halves = split(render_page(mark_safe(HOLE)))  # rows read only now
    if version is not None:
        cache.set(keys[1], (version, halves), STORED_SECONDS)
    return halves


class LinkShown(NamedTuple):
    """What the related links' template reads of a link."""

    title: str
    href: str
    url: str


@functools.lru_cache(maxsize=4096)
def related_links_html(links):
    """The related links' HTML for a tuple of LinkShown: the same links give the same HTML, so
    each process renders a story's links again only when one of them changes."""
    return render_to_string(RELATED_LINKS_TEMPLATE, {"links": links}).encode()


class Halves(NamedTuple):
    """A page's bytes before and after its related links, and a digest of both (taken once,
    when rendered: hashing a long story's whole page costs more than the rest of a miss)."""

    before: bytes
    after: bytes
    digest: bytes


def split(page):
    before, after = (part.encode() for part in page.split(HOLE, 1))
    digest = hashlib.md5(before, usedforsecurity=False).digest()
    return Halves(before, after, digest + hashlib.md5(after, usedforsecurity=False).digest())


# One row per related link (or one row of NULLs): the links and whether each target is live.
LINK_COLUMNS = [
    f"related_links__{name}"
    for name in ("title", "url", "target", "target__slug", "target__status", "target__published_at")
]


# Every column of the story but its search document (large, and read only by the database).
STORY_COLUMNS = tuple(
    field.attname for field in Story._meta.concrete_fields if field.attname != "search_document"
)


@functools.cache
def story_with_links():
    """The columns and joins, set up once per process (setting up six joins costs more than
    running the query); each request adds published() and the slug to a copy."""
    columns = (*STORY_COLUMNS, *LINK_COLUMNS)
    return Story.objects.order_by("related_links__position").values_list(*columns)


# The one query of a stored page, compiled once per connection (articles/compiled.py).
PUBLISHED_STORY_WITH_LINKS = CompiledQuery(
    lambda slug, now: story_with_links().published(at=now).filter(slug=slug),
    slug=("sentinel:slug", Story._meta.get_field("slug")),
    now=(datetime(1970, 1, 1, 0, 0, 0, 1, tzinfo=UTC), Story._meta.get_field("published_at")),
)


def reader_story_page(request, slug, render_around):
    """(body, etag) of a published story's page, in one query when its version's halves are
    stored (three when they must be rendered: `render_around(story, hole)` with its sections and
    corrections too); None when no published story has this slug.

    The ETag is a digest of the body, made from the halves' stored digest and the related
    links' HTML: the same bytes always get the same ETag, without hashing the whole body."""
    rows = PUBLISHED_STORY_WITH_LINKS.rows(slug=slug, now=timezone.now())
    if not rows:
        return None  # not a published story: the view's usual path says what it is
    width = len(STORY_COLUMNS)
    story = Story.from_db(Story.objects.db, STORY_COLUMNS, rows[0][:width])

    def render_page(hole):
        prefetch_related_objects([story], "sections", "corrections")
        return render_around(story, hole)

    halves = stored_halves(story.pk, story.updated_at, request, render_page)
    links = [
        RelatedLink(
            title=title,
            url=url,
            target=Story(pk=target, slug=target_slug, status=status, published_at=published_at)
            if target
            else None,
        )
        for title, url, target, target_slug, status, published_at in (row[width:] for row in rows)
        if title is not None
    ]
    links_html = related_links_html(tuple(LinkShown(x.title, x.href, x.url) for x in links))
    digest = hashlib.md5(halves.digest + links_html, usedforsecurity=False).hexdigest()
    return b"".join((halves.before, links_html, halves.after)), quote_etag(digest)
