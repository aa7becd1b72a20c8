"""Reader URLs answer GET and HEAD only: pages, feeds, sitemaps, robots.txt and share links.

Anything else (POST, TRACE, OPTIONS, ...) is a 405 with `Allow: GET, HEAD` on the styled
405 page. These views change nothing, so they are CSRF-exempt: otherwise CSRF's check would
run first and answer a POST with its bare 403 instead.
"""

from functools import wraps

from django.http import HttpResponseNotAllowed
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.views.decorators.csrf import csrf_exempt

READ_METHODS = ("GET", "HEAD")


def method_not_allowed(request):
    try:
        body, content_type = render_to_string("405.html", request=request), None
    except TemplateDoesNotExist:
        body = "405 Method Not Allowed: this address answers GET and HEAD only.\n"
        content_type = "text/plain; charset=utf-8"
    return HttpResponseNotAllowed(READ_METHODS, body, content_type=content_type)


def read_only(view):
    """Wrap a reader view: GET and HEAD reach it, every other method gets the 405 page."""

    @csrf_exempt
    @wraps(view)
    def read_only_view(request, *args, **kwargs):
        if request.method not in READ_METHODS:
            return method_not_allowed(request)
        return view(request, *args, **kwargs)

    return read_only_view
