"""Error pages: styled, with no inline script or style, needing no database, and saying only
what is true; a 500 reaches someone (ADMINS email, the logs), a database fault is a 503."""

import json
import logging
import sys
from pathlib import Path

import pytest
from django.db import OperationalError
from django.template.loader import render_to_string
from django.test import Client, RequestFactory

from newsroom import errors, logs

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
ERROR_TEMPLATES = [
    "400.html",
    "403.html",
    "404.html",
    "405.html",
    "429.html",
    "500.html",
    "503.html",
]


@pytest.fixture
def failing_site(settings):
    settings.ROOT_URLCONF = "tests.error_urls"
    settings.ADMINS = ["ops@example.com"]
    return Client(raise_request_exception=False)


def test_404_page_is_friendly(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "We can’t find that page" in response.content.decode()


@pytest.mark.parametrize("name", ERROR_TEMPLATES)
def test_every_error_page_renders_without_the_database_and_with_no_inline_code(name):
    # No `db` fixture: pytest-django fails any query here.
    html = render_to_string(name, request=RequestFactory().get("/"))
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html
    assert "<h1>" in html and "{%" not in html
    assert "<style" not in html and "<script" not in html and " style=" not in html
    assert '<meta name="robots" content="noindex">' in html


def test_a_500_is_styled_tells_the_admins_and_says_only_what_is_true(
    failing_site, db, mailoutbox, caplog
):
    response = failing_site.get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html and "has been logged" in html
    assert "ZeroDivisionError" not in html
    [email] = mailoutbox
    assert email.to == ["ops@example.com"] and "ZeroDivisionError" in email.body
    assert any(r.levelno == logging.ERROR and r.exc_info for r in caplog.records)


def test_a_database_fault_in_a_view_is_a_503_logged_in_one_line(
    failing_site, db, mailoutbox, caplog
):
    response = failing_site.get("/database-gone/")
    assert response.status_code == 503
    assert response["Retry-After"] == str(errors.RETRY_AFTER_SECONDS)
    assert "no-store" in response["Cache-Control"]
    assert "We’ll be back in a moment" in response.content.decode()
    assert mailoutbox == []
    [record] = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert record.levelno == logging.WARNING and not record.exc_info
    assert "OperationalError" in record.getMessage()


def test_a_database_fault_outside_a_view_is_a_503_too():
    """handler500 runs inside Django's `except` block and sees the exception."""
    request = RequestFactory().get("/admin/")
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = errors.server_error(request)
    assert response.status_code == 503
    assert "nothing can be opened or saved" in response.content.decode()


def test_a_form_with_a_bad_csrf_token_gets_the_styled_403(db):
    response = Client(enforce_csrf_checks=True).post("/admin/login/", {"username": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "That isn’t allowed" in html and "nothing was changed" in html


def test_a_bare_405_gets_the_styled_page_and_keeps_allow(client, db):
    response = client.generic("TRACE", "/")
    assert response.status_code == 405
    assert "This address can only be read" in response.content.decode()
    assert response["Allow"]


def test_logs_are_one_json_object_a_line_with_the_request_and_the_traceback():
    request = RequestFactory().get("/stories/x/?page=2")
    try:
        raise ZeroDivisionError("division by zero")
    except ZeroDivisionError:
        record = logging.getLogger("django.request").makeRecord(
            "django.request",
            logging.ERROR,
            __file__,
            1,
            "Internal Server Error: %s",
            ("/stories/x/",),
            exc_info=sys.exc_info(),
            extra={"status_code": 500, "request": request},
        )
    line = logs.JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "ERROR" and entry["logger"] == "django.request"
    assert entry["message"] == "Internal Server Error: /stories/x/"
    assert (entry["method"], entry["path"], entry["status"]) == ("GET", "/stories/x/?page=2", 500)
    assert "ZeroDivisionError" in entry["exception"]


def test_a_disallowed_host_logs_one_warning_line_and_no_email(client, db, mailoutbox, settings):
    settings.ADMINS = ["ops@example.com"]
    handler = logging.getLogger("django.security.DisallowedHost").handlers[0]
    seen = []
    handler.addFilter(lambda record: seen.append(record) or True)
    response = client.get("/", headers={"host": "evil.example"})
    assert response.status_code == 400
    assert "We couldn’t understand that request" in response.content.decode()
    assert f"<title>Bad request · {settings.SITE_NAME}</title>" in response.content.decode()
    [record] = seen
    assert record.levelname == "WARNING" and record.exc_info is None
    assert "evil.example" in handler.format(record)
    assert "Traceback" not in handler.format(record)
    assert mailoutbox == []


def test_every_error_page_is_valid_html(tmp_path):
    from tests.page_checkers import nu_html_checker_errors

    request = RequestFactory().get("/")
    files = []
    for name in ERROR_TEMPLATES:
        file = tmp_path / name
        file.write_text(render_to_string(name, request=request), encoding="utf-8")
        files.append(file)
    assert nu_html_checker_errors(files) == {file.name: [] for file in files}
