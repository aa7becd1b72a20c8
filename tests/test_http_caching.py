"""Conditional GET over real HTTP: readers' pages carry an ETag and answer 304 when unchanged."""

from urllib.error import HTTPError
from urllib.request import Request, urlopen

import pytest
from django.core.management import call_command

from articles.models import Section, Story


def fetch(url, **headers):
    try:
        with urlopen(Request(url, headers=headers)) as response:
            return response.status, response.headers, response.read()
    except HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture
def story_url(live_server, transactional_db):
    call_command("loaddata", "seed", verbosity=0)
    return live_server.url + Story.objects.get().get_absolute_url()


def test_story_page_has_an_etag_and_an_unchanged_page_is_304(story_url):
    status, headers, body = fetch(story_url)
    assert status == 200 and body
    etag = headers["ETag"]
    assert etag
    status, _, body = fetch(story_url, **{"If-None-Match": etag})
    assert (status, body) == (304, b"")


def test_an_edit_changes_the_etag_so_readers_get_the_new_text(story_url):
    _, headers, _ = fetch(story_url)
    section = Section.objects.get(position=2)
    section.body = "A rewritten paragraph."
    section.save()  # every writer saves; a queryset update() would bypass the purge signals
    status, new_headers, body = fetch(story_url, **{"If-None-Match": headers["ETag"]})
    assert status == 200 and b"A rewritten paragraph." in body
    assert new_headers["ETag"] != headers["ETag"]


@pytest.mark.parametrize("path", ["/", "/feeds/rss/", "/sitemap.xml", "/robots.txt"])
def test_other_reader_urls_answer_304_when_unchanged(live_server, transactional_db, path):
    _, headers, _ = fetch(live_server.url + path)
    status, _, _ = fetch(live_server.url + path, **{"If-None-Match": headers["ETag"]})
    assert status == 304


def test_previews_get_no_etag_and_are_never_stored(admin_client, make_story):
    draft = make_story(status=Story.Status.DRAFT)
    response = admin_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "ETag" not in response
    assert "no-store" in response["Cache-Control"]
