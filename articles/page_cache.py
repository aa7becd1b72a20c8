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
"""

import hashlib
import logging
import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, set_response_etag

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

# How long a CDN may serve a stale copy while it fetches a new one, or while this site is down.
STALE_WHILE_REVALIDATE = 30
STALE_IF_ERROR = 86400

CONDITIONAL_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")


def from_editor(request):
    """A request with a session: an editor, who gets pages from the views, never a copy."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def generation():
    """(token, ends) for the stored pages: `ends` is the next scheduled publication, or None."""
    state = cache.get(STATE_KEY)
    if state is None or (state[1] is not None and time.time() >= state[1]):
        state = new_generation()
    return state


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
    changes through PAGE_PURGE_HOOK), never past the next scheduled publication."""
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


def page_key(request, token):
    # Scheme and host are part of the page: canonical links and feeds hold absolute URLs.
    url = f"{request.scheme}://{request.META.get('HTTP_HOST', '')}{request.get_full_path()}"
    return f"pages:{token}:{hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()}"


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or request.path.startswith(BYPASS_PREFIXES):
            return self.get_response(request)
        if from_editor(request):
            return self.answer_editor(request)
        try:
            token, ends = generation()
            key = page_key(request, token)
            entry = cache.get(key) if settings.PAGE_CACHE else None
        except Exception:
            # Readers still get pages, from the views, while the cache is unreachable.
            logger.warning("Page cache unavailable; serving from the views", exc_info=True)
            return self.get_response(request)
        if not settings.PAGE_CACHE:
            response = self.get_response(request)
            if is_public_page(request, response):
                response["Cache-Control"] = cache_control(ends)
            return response
        if entry is not None:
            return self.answer_from(request, entry, ends)
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
            response["Cache-Control"] = cache_control(ends)
            if not response.has_header("ETag"):
                set_response_etag(response)  # ConditionalGetMiddleware leaves HEAD without one
            headers = [(k, v) for k, v in response.items() if k != "Cache-Control"]
            entry = (response.status_code, headers, response.content, response["ETag"])
            try:
                cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
            except Exception:
                logger.warning("Page cache unavailable; page not stored", exc_info=True)
            if request.method == "HEAD":
                response.content = b""  # stored whole; a HEAD answer has no body
        if conditions and response.has_header("ETag"):
            return get_conditional_response(request, etag=response["ETag"], response=response)
        return response

    def answer_from(self, request, entry, ends):
        status, headers, body, etag = entry
        response = HttpResponse(b"" if request.method == "HEAD" else body, status=status)
        for name, value in headers:
            response[name] = value
        response["Content-Length"] = str(len(body))
        response["Cache-Control"] = cache_control(ends)
        if etag and "HTTP_IF_NONE_MATCH" in request.META:
            # 304 (keeping ETag, Cache-Control and Vary) when the reader's copy is this one.
            return get_conditional_response(request, etag=etag, response=response)
        return response
