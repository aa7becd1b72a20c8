"""Error responses: the styled 500, the 503 a database fault becomes, the CSRF 403 and the 405.

A database that refuses connections, takes longer than the connect timeout to answer, or runs a
statement past the statement timeout raises OperationalError or InterfaceError. Readers and
editors then get a 503 with Retry-After and no-store (come back soon, keep no copy), never a 500
with a stack trace. Every page here renders without the database.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.log import log_response

DATABASE_FAULTS = (OperationalError, InterfaceError)
# Seconds a client (a crawler, a CDN, a load balancer) should wait before asking again.
RETRY_AFTER_SECONDS = 30

logger = logging.getLogger("newsroom.faults")


def render_error(request, template_name, status, context=None):
    """The styled error page, with the request's context (the site's name and links). If even
    that fails, a plain-text page with the same status, so an error never becomes a crash."""
    try:
        body = render_to_string(template_name, context, request=request)
        content_type = None
    except Exception:
        logger.exception("Could not render %s", template_name)
        body, content_type = f"Error {status}\n", "text/plain; charset=utf-8"
    return HttpResponse(body, status=status, content_type=content_type)


def database_unavailable(request, exception):
    """503 for a database fault. Logged as one warning line per request: an outage is reported
    by /readyz and the database's own monitoring, not by a traceback and an email per request."""
    in_admin = request.path.startswith(reverse("admin:index"))
    response = render_error(request, "503.html", 503, {"in_admin": in_admin})
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    log_response(
        "Database unavailable: %s: %s: %s",
        request.path,
        type(exception).__name__,
        " ".join(str(exception).split())[:300],
        response=response,
        request=request,
        logger=logger,
        level="warning",
    )
    return response


def server_error(request):
    """handler500. Called inside Django's `except` block, so the exception is at hand: a
    database fault raised outside a view (a session saved by middleware, say) is still a 503."""
    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_FAULTS):
        return database_unavailable(request, exception)
    return render_error(request, "500.html", 500)


def bad_request(request, exception):
    """handler400: Django's own renders the template without the request, so without the
    site's name; this one renders it with the request's context like every other error page."""
    return render_error(request, "400.html", 400)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the styled 403, saying what to do about an expired or foreign form."""
    return render_error(request, "403.html", 403, {"csrf_failure": True})


class ErrorPagesMiddleware:
    """Database faults in views become the 503 page; a bare 405 gets the styled 405 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.streaming and not response.content:
            styled = render_error(
                request, "405.html", 405, {"allowed_methods": response.get("Allow", "")}
            )
            styled["Allow"] = response.get("Allow", "")
            return styled
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_FAULTS):
            return database_unavailable(request, exception)
        return None
