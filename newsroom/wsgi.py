"""WSGI entry point for production servers (newsroom/server.py serves it with granian)."""

import os

from django.core.wsgi import get_wsgi_application


def without_head_bodies(app):
    """Answer HEAD with a GET's status and headers (Content-Length included) and no body, as
    RFC 9110 asks. Django leaves that to the server, and servers differ (gunicorn dropped the
    body but logged a warning for every HEAD). Done here, outside everything, so any response
    (a cached page too) obeys."""

    def application(environ, start_response):
        result = app(environ, start_response)
        if environ.get("REQUEST_METHOD") != "HEAD":
            return result
        if hasattr(result, "close"):
            result.close()  # Django's end of request: request_finished, connections released.
        return []

    return application


os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
django_application = get_wsgi_application()  # sets Django up, so articles can be imported

from articles.page_cache import serving_stored_pages  # noqa: E402

application = without_head_bodies(serving_stored_pages(django_application))
