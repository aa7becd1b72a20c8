"""The page cache: readers' pages stored as bytes, and served before any middleware runs.

`PageCacheMiddleware` is the first middleware. For an anonymous GET or HEAD it looks the page up
in the cache (two cache reads, no query); a hit is answered at once with the stored bytes and
headers, or with 304 when `If-None-Match` matches the ETag stored with them. A miss runs the
rest of the stack, and the response is stored when it is a public page (`CACHED_VIEWS`), a 200,
and carries no cookie, no `Vary: Cookie` and no `Cache-Control` of its own (previews and share
links set `private, no-store`). Requests carrying a session cookie (editors) are never answered
from the cache and never fill it.

Keys hold a *generation*: one token for the whole site, replaced whenever any story, section or
link changes (articles/purging.py), so every page that could show the change is out of date at
once. The generation also ends by itself when the next scheduled story's time comes.
A page whose words go stale at a known time (the front page's "3 hours ago") says when in its
Expires header: it is stored no longer, and Cache-Control lets no one keep it longer.

In production the WSGI application (newsroom/wsgi.py, `serving_stored_pages`) answers hits even
earlier, before Django handles the request at all. Every request reads the generation from the
shared cache; the pages of a generation never change (until their own Expires), so each process
keeps the ones it read lately in memory.
"""

import hashlib
import logging
import math
import secrets
import time
from http import HTTPStatus

from django.conf import settings
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIRequest
from django.db import DatabaseError
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.http import parse_http_date_safe

from .recent import RecentCopies
from .release import release

logger = logging.getLogger(__name__)

STATE_KEY = "pages:generation"

# The reader pages whose 200s are stored. Search is not: its addresses are unbounded (anyone
# could fill the cache with made-up queries and push the stories out) and no purge can name
# them; search is made cheap where it is built instead.
CACHED_VIEWS = frozenset(
    {
        "articles:front",
        "articles:story",
        "articles:rss",
        "articles:atom",
        "articles:corrections",
        "articles:corrections-rss",
        "articles:corrections-atom",
        "articles:sitemap",
        "articles:news-sitemap",
        "articles:sitemap-section",
        "articles:robots",
    }
)

# Never looked up: answered faster elsewhere (static files) or private by nature.
# The health checks too: a load balancer's probe must never wait on the database, which
# learning the page cache's generation can need.
# Uploaded pictures too (MEDIA_URL): files with cache headers of their own (articles/media.py).
BYPASS_PREFIXES = ("/admin/", "/preview/", "/static/", "/media/", "/healthz", "/readyz")

# Reader pages built without the database: served (and stored) while it is away.
VIEWS_WITHOUT_DATABASE = frozenset({"articles:robots"})
# While the database is away, how long a generation lasts before it is asked again.
PROVISIONAL_SECONDS = 10

# How long a CDN may serve a stale copy while it fetches a new one, or while this site is down.
STALE_WHILE_REVALIDATE = 30
STALE_IF_ERROR = 86400

# Each process keeps the pages it has read lately, up to this many bytes of bodies. Safe to
# share no further: a key names one generation, and a generation's pages never change (a change
# makes a new generation, which every process reads from the shared cache on every request).
recent_pages = RecentCopies(16 * 1024 * 1024, size=lambda kept: len(kept[0][2]))

CONDITIONAL_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")


def from_editor(request):
    """A request with a session: an editor, who gets pages from the views, never a copy."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def new_generation(*, reschedule=True):
    """Make every stored page out of date, everywhere the cache is shared.

    `reschedule` reads when the next scheduled story goes live (one query). A change made
    inside a transaction passes False: it keeps the known time, with no query per saved row;
    the bump when the transaction commits reads it again.
    """
    from .models import Story

    if reschedule:
        upcoming = Story.objects.scheduled().order_by("published_at").values_list("published_at")
        first = upcoming.first()
        ends = first[0].timestamp() if first else None
    else:
        known = cache.get(STATE_KEY)
        ends = known[1] if known else None
    state = (secrets.token_hex(8), ends)
    cache.set(STATE_KEY, state, timeout=None)
    return state


def cache_control(ends):
    """Cache-Control for a public page: short for browsers, longer for a CDN (which is told of
    changes through PAGE_PURGE_HOOK), never past `ends`: the next scheduled publication, or
    the page's own Expires when that comes first."""
    max_age, shared = settings.PAGE_MAX_AGE, settings.PAGE_SHARED_MAX_AGE
    revalidate = STALE_WHILE_REVALIDATE
    if ends is not None:
        left = max(0, int(ends - time.time()))
        max_age, shared = min(max_age, left), min(shared, left)
        if left < settings.PAGE_SHARED_MAX_AGE + revalidate:
            revalidate = 0
    return (
        f"public, max-age={max_age}, s-maxage={shared}, "
        f"stale-while-revalidate={revalidate}, stale-if-error={STALE_IF_ERROR}"
    )


def page_ends(ends, headers):
    """The earlier of the generation's end and the page's own Expires (a timestamp), or None."""
    expires = parse_http_date_safe(dict(headers).get("Expires", ""))
    return min((t for t in (ends, expires) if t is not None), default=None)


def is_public_page(request, response):
    match = request.resolver_match
    return (
        match is not None
        and match.view_name in CACHED_VIEWS
        and response.status_code == 200
        and "Cache-Control" not in response
    )


def can_store(request, response):
    return (
        is_public_page(request, response)
        and not response.streaming
        and not response.cookies
        and "cookie" not in response.get("Vary", "").lower()
    )


def stored_for(response):
    """Seconds to keep a page: PAGE_CACHE_SECONDS, or until its Expires if that comes first."""
    expires = parse_http_date_safe(response.get("Expires", ""))
    if expires is None:
        return settings.PAGE_CACHE_SECONDS
    return max(1, min(settings.PAGE_CACHE_SECONDS, math.ceil(expires - time.time())))


def page_key(request, token):
    # Scheme and host are part of the page: canonical links and feeds hold absolute URLs. The
    # release too: after a deploy, pages are the new code's (articles/release.py).
    url = f"{request.scheme}://{request.META.get('HTTP_HOST', '')}{request.get_full_path()}"
    origin = f"{release()} {url}".encode()
    return f"pages:{token}:{hashlib.md5(origin, usedforsecurity=False).hexdigest()}"


def is_reader_request(request):
    return request.method in ("GET", "HEAD") and not request.path.startswith(BYPASS_PREFIXES)


def read_page(key):
    """The stored page under `key`, from this process's recent pages or the shared cache."""
    entry, expires = recent_pages.get(key) or (None, None)
    if expires is not None and time.time() >= expires:  # its own Expires has come
        recent_pages.discard(key)
        entry = None
    if entry is None:
        entry = cache.get(key)
        if entry is not None:
            recent_pages.put(key, (entry, page_ends(None, entry[1])))
    return entry


def known_generation():
    """(token, ends) when the shared cache holds a current generation, else None."""
    state = cache.get(STATE_KEY)
    if state is None or (state[1] is not None and time.time() >= state[1]):
        return None
    return state


def generation():
    """(token, ends) for the stored pages: `ends` is the next scheduled publication, or None."""
    return known_generation() or new_generation()


def provisional_generation():
    """The generation while the database can't say when the next scheduled story goes live:
    the last one, whose pages are the best copy readers can get (stale beats a 503), or a new
    one; learned again from the database PROVISIONAL_SECONDS on."""
    known = cache.get(STATE_KEY)
    state = (known[0] if known else secrets.token_hex(8), time.time() + PROVISIONAL_SECONDS)
    cache.set(STATE_KEY, state, timeout=None)
    logger.warning("Database unavailable: page cache generation kept %s s", PROVISIONAL_SECONDS)
    return state


def needs_database(request):
    try:
        return resolve(request.path_info).view_name not in VIEWS_WITHOUT_DATABASE
    except Resolver404:
        return False  # the 404 page needs no database


def stored_entry(request):
    """(entry, ends) when the cache holds the page a reader asked for and knows its generation
    without the database; None for anything else (the middleware then deals with it)."""
    if not (settings.PAGE_CACHE and is_reader_request(request)) or from_editor(request):
        return None
    try:
        state = known_generation()
        entry = state and read_page(page_key(request, state[0]))
    except Exception:
        return None  # the middleware logs it, and serves from the views
    return (entry, state[1]) if entry else None


def serving_stored_pages(django_application):
    """The WSGI application, answering page-cache hits before Django handles the request.

    A hit needs none of Django's request handling: no request signals, no URL resolving, no
    middleware (the stored headers hold what the middleware added) and no response object.
    Served here, a hit costs a quarter of the CPU it costs from the first middleware, which
    still serves hits when Django is called another way (the test client, runserver).
    """

    def application(environ, start_response):
        if environ.get("PATH_INFO", "").startswith(BYPASS_PREFIXES):
            return django_application(environ, start_response)
        request = WSGIRequest(environ)
        found = stored_entry(request)
        if found is None:
            return django_application(environ, start_response)
        entry, ends = found
        if any(name in environ for name in CONDITIONAL_HEADERS):
            response = answer_from(request, entry, ends)  # 304 or 200, as the middleware decides
            start_response(f"{response.status_code} {response.reason_phrase}", [*response.items()])
            return [response.content]
        status, headers, body, _ = entry
        headers = [header for header in headers if header[0] != "Content-Length"]
        control = cache_control(page_ends(ends, headers))
        headers += [("Content-Length", str(len(body))), ("Cache-Control", control)]
        start_response(f"{status} {HTTPStatus(status).phrase}", headers)
        return [body]

    return application


def answer_from(request, entry, ends):
    status, headers, body, etag = entry
    response = HttpResponse(b"" if request.method == "HEAD" else body, status=status)
    for name, value in headers:
        response[name] = value
    response["Content-Length"] = str(len(body))
    response["Cache-Control"] = cache_control(page_ends(ends, headers))
    if etag and "HTTP_IF_NONE_MATCH" in request.META:
        # 304 (keeping ETag, Cache-Control and Vary) when the reader's copy is this one.
        return get_conditional_response(request, etag=etag, response=response)
    return response


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_reader_request(request):
            return self.get_response(request)
        if from_editor(request):
            return self.answer_editor(request)
        fault = None
        try:
            try:
                token, ends = generation()
            except DatabaseError as error:
                token, ends = provisional_generation()
                fault = error
            key = page_key(request, token)
            entry = read_page(key) if settings.PAGE_CACHE else None
        except Exception:
            # Readers still get pages, from the views, while the cache is unreachable.
            logger.warning("Page cache unavailable; serving from the views", exc_info=True)
            return self.get_response(request)
        if entry is None and fault is not None and needs_database(request):
            # The view would wait on the database again and fail the same way: the 503 now
            # (newsroom/errors.py turns a database fault into it).
            raise fault
        if not settings.PAGE_CACHE:
            response = self.get_response(request)
            if is_public_page(request, response):
                response["Cache-Control"] = cache_control(page_ends(ends, response.items()))
            return response
        if entry is not None:
            return answer_from(request, entry, ends)
        return self.fill(request, key, ends)

    def answer_editor(self, request):
        """Editors get the page from the views, and their browser must ask again next time."""
        response = self.get_response(request)
        if is_public_page(request, response):
            response["Cache-Control"] = "private, no-cache"
        return response

    def fill(self, request, key, ends):
        # The views render a full 200 to store; the reader's own conditions are applied after.
        conditions = {
            name: request.META.pop(name) for name in CONDITIONAL_HEADERS if name in request.META
        }
        response = self.get_response(request)
        request.META.update(conditions)
        if can_store(request, response):
            response["Cache-Control"] = cache_control(page_ends(ends, response.items()))
            if not response.has_header("ETag"):
                set_response_etag(response)  # ConditionalGetMiddleware leaves HEAD without one
            headers = [(k, v) for k, v in response.items() if k != "Cache-Control"]
            entry = (response.status_code, headers, response.content, response["ETag"])
            try:
                cache.set(key, entry, stored_for(response))
            except Exception:
                logger.warning("Page cache unavailable; page not stored", exc_info=True)
            if request.method == "HEAD":
                response.content = b""  # stored whole; a HEAD answer has no body
        if conditions and response.has_header("ETag"):
            return get_conditional_response(request, etag=response["ETag"], response=response)
        return response
