"""The production WSGI application answers page-cache hits before Django handles the request:
the same bytes and headers as the first answer, no query, no request signal; anything else
(an editor, the admin, a page not stored, a stale generation) goes through Django."""

import io
import sys
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client

from articles import page_cache
from articles.models import Section
from articles.recent import RecentCopies
from newsroom.wsgi import application


class Answer:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, dict(headers), body
        self.code = int(status.split()[0])


def call(path, method="GET", **headers):
    """One request through the WSGI application, as the server makes it."""
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "wsgi.input": io.BytesIO()}
    environ |= {"wsgi.errors": sys.stderr, "HTTP_HOST": "testserver"}
    environ |= {f"HTTP_{name.upper()}": value for name, value in headers.items()}
    setup_testing_defaults(environ)
    started = []
    result = application(environ, lambda status, headers: started.append((status, headers)))
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return Answer(*started[0], body)


@pytest.fixture(autouse=True)
def test_transaction_kept_open():
    """As Django's test client does: the end of a request must not close the connection that
    holds the test's transaction."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def requests_django_handled():
    seen = []

    def count(**kwargs):
        seen.append(1)

    request_started.connect(count)
    yield seen
    request_started.disconnect(count)


@pytest.fixture
def story(make_story):
    return make_story("Served before Django", sections=2, links=1)


def test_a_hit_is_the_stored_answer_with_no_query_and_no_django_request(
    story, requests_django_handled, django_assert_num_queries
):
    url = story.get_absolute_url()
    first = call(url)
    assert first.code == 200 and requests_django_handled == [1]
    with django_assert_num_queries(0):
        hit = call(url)
    assert requests_django_handled == [1], "the hit went through Django's handler"
    assert hit.status == first.status and hit.body == first.body
    assert hit.headers == first.headers  # ETag, CSP, Cache-Control and the rest, as stored
    assert hit.headers["Content-Length"] == str(len(hit.body))


def test_a_matching_etag_is_a_304_and_a_head_has_no_body(story, requests_django_handled):
    url = story.get_absolute_url()
    first = call(url)
    not_modified = call(url, if_none_match=first.headers["ETag"])
    assert not_modified.code == 304 and not_modified.body == b""
    assert not_modified.headers["ETag"] == first.headers["ETag"]
    head = call(url, method="HEAD")
    assert head.code == 200 and head.body == b""
    assert head.headers["Content-Length"] == str(len(first.body))
    assert requests_django_handled == [1]


def test_an_editor_is_answered_by_django_never_from_the_cache(
    story, editor, requests_django_handled
):
    client = Client()
    client.force_login(editor)
    session = client.cookies["sessionid"].value
    url = story.get_absolute_url()
    call(url)
    answer = call(url, cookie=f"sessionid={session}")
    assert requests_django_handled == [1, 1]
    assert answer.headers["Cache-Control"] == "private, no-cache"


def test_a_change_is_served_on_the_next_request(story, requests_django_handled):
    url = story.get_absolute_url()
    call(url)
    call(url)
    section = Section.objects.get(story=story, position=2)
    section.body = "A sentence written after the page was stored."
    section.save()
    assert b"A sentence written after the page was stored." in call(url).body


def test_the_admin_and_pages_not_stored_go_to_django(story, requests_django_handled):
    call("/search/?q=served")
    call("/search/?q=served")
    call("/admin/login/")
    assert requests_django_handled == [1, 1, 1]


def test_each_process_keeps_a_bounded_amount_of_recent_pages(make_story, monkeypatch):
    monkeypatch.setattr(page_cache, "recent_pages", RecentCopies(1, page_cache.recent_pages.size))
    for number in range(3):
        url = make_story(f"Story {number}").get_absolute_url()
        call(url)
        assert call(url).code == 200
        # Over the bound, the process forgets what it kept and keeps only the latest page.
        [((_, _, body, _), _)] = page_cache.recent_pages.values()
        assert f"Story {number}".encode() in body
