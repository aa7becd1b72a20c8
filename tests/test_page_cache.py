"""The page cache: hits and 304s cost no query and no middleware, a stale page is never served
after any kind of change, and editors never get or make a cached copy."""

import math
from datetime import timedelta
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from articles import page_cache, purging
from articles.editing import history
from articles.models import RelatedLink, Section, Story
from tests.conftest import SEED_PATH
from tests.test_history import admin_url, edit

PUBLIC_PATHS = ["/", "/feeds/rss/", "/feeds/atom/", "/sitemap.xml", "/sitemap-news.xml"]
PURGED = []


def remember_purge(urls):
    PURGED.append(urls)


@pytest.fixture
def story(make_story):
    return make_story("Cached headline", sections=2, links=1)


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client


def text(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_a_hit_runs_no_query_and_no_other_middleware(client, story, django_assert_num_queries):
    url = story.get_absolute_url()
    first = client.get(url)
    with django_assert_num_queries(0):
        hit = client.get(url)
    assert hit.content == first.content and hit["ETag"] == first["ETag"]
    # The session and auth middleware set these on every request they see.
    assert hasattr(first.wsgi_request, "user")
    assert not hasattr(hit.wsgi_request, "user") and not hasattr(hit.wsgi_request, "session")
    # Headers other middleware added are stored with the page.
    assert hit["X-Frame-Options"] == first["X-Frame-Options"] == "DENY"


def test_a_matching_etag_is_a_304_with_no_query(client, story, django_assert_num_queries):
    etag = client.get(story.get_absolute_url())["ETag"]
    with django_assert_num_queries(0):
        response = client.get(story.get_absolute_url(), headers={"If-None-Match": etag})
    assert response.status_code == 304 and response.content == b""
    assert response["ETag"] == etag and response["Cache-Control"].startswith("public")


def test_a_first_request_with_a_current_etag_is_a_304_and_fills_the_cache(
    client, story, django_assert_num_queries
):
    etag = client.get(story.get_absolute_url())["ETag"]
    story.save()  # a new generation: the next request is a miss
    response = client.get(story.get_absolute_url(), headers={"If-None-Match": etag})
    assert response.status_code == 304
    with django_assert_num_queries(0):
        assert client.get(story.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("sections", [1, 50])
def test_a_miss_runs_at_most_three_queries_at_any_size(
    client, make_story, sections, django_assert_max_num_queries
):
    story = make_story(sections=sections, links=4)
    with django_assert_max_num_queries(3):
        assert client.get(story.get_absolute_url()).status_code == 200


def test_a_head_miss_stores_the_whole_page_with_an_etag(client, story):
    head = client.head(story.get_absolute_url())
    hit = client.get(story.get_absolute_url())
    assert not hasattr(hit.wsgi_request, "user")  # the HEAD filled the cache
    assert hit["ETag"] == head["ETag"] and hit["Content-Length"] == head["Content-Length"]
    assert "Cached headline" in hit.content.decode()


def test_head_is_answered_from_the_cache_without_a_body(client, story):
    full = client.get(story.get_absolute_url())
    head = client.head(story.get_absolute_url())
    assert head.status_code == 200 and head.content == b""
    assert head["Content-Length"] == str(len(full.content)) and head["ETag"] == full["ETag"]


@pytest.mark.parametrize("path", [*PUBLIC_PATHS, "/robots.txt"])
def test_every_public_page_is_served_from_the_cache_with_cdn_headers(
    client, story, path, django_assert_num_queries
):
    first = client.get(path)
    with django_assert_num_queries(0):
        hit = client.get(path)
    assert hit.content == first.content
    control = hit["Cache-Control"]
    for part in ("public", "max-age=60", "s-maxage=300", "stale-while-revalidate=30"):
        assert part in control
    assert "stale-if-error=" in control


@pytest.mark.parametrize("path", ["/search/?q=Cached", "/no/such/page/", "/?page=99"])
def test_search_and_errors_are_not_stored(client, story, path):
    client.get(path)
    response = client.get(path)
    assert "public" not in response.get("Cache-Control", "")
    assert hasattr(response.wsgi_request, "user")  # answered by the views again


def test_an_editor_never_gets_a_cached_copy_and_never_fills_one(
    client, editor_client, story, django_assert_max_num_queries
):
    url = story.get_absolute_url()
    assert "Cached headline" in text(client, url)
    # A change no signal reports: only a page from the views can show it.
    Story.objects.filter(pk=story.pk).update(headline="Changed behind the cache")
    response = editor_client.get(url)
    assert "Changed behind the cache" in response.content.decode()
    assert response["Cache-Control"] == "private, no-cache"
    assert "Cached headline" in text(client, url)  # readers still get the stored copy
    # The editor's visit did not fill the cache for readers either.
    story.save()
    editor_client.get(url)
    assert hasattr(client.get(url).wsgi_request, "user")  # a miss, served by the views


def test_previews_and_share_links_are_never_stored(client, editor_client, make_story):
    draft = make_story("Secret draft", status=Story.Status.DRAFT)
    response = editor_client.get(draft.get_absolute_url())
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_no_stored_page_sets_a_cookie_or_holds_a_csrf_token(client, story):
    for path in [*PUBLIC_PATHS, story.get_absolute_url()]:
        client.get(path)
        hit = client.get(path)
        assert not hit.cookies and "csrfmiddlewaretoken" not in hit.content.decode()


# --- Never stale: every kind of change reaches readers on the next request -----------------


def test_admin_save_purges_the_story_page_and_every_list(client, editor_client, story):
    for path in [story.get_absolute_url(), *PUBLIC_PATHS]:
        client.get(path)
    edit(editor_client, story, headline="Saved in the admin")
    assert "Saved in the admin" in text(client, story.get_absolute_url())
    for path in ["/", "/feeds/rss/", "/feeds/atom/"]:
        assert "Saved in the admin" in text(client, path)


def test_a_section_edit_purges_the_story_page(client, story):
    text(client, story.get_absolute_url())
    section = story.sections.last()
    section.body = "A rewritten paragraph."
    section.save()
    assert "A rewritten paragraph." in text(client, story.get_absolute_url())


def test_unpublish_and_publish_from_the_list_reach_readers(client, editor_client, story):
    url = story.get_absolute_url()
    text(client, url)
    changelist = admin_url("changelist")
    editor_client.post(changelist, {"action": "unpublish", "_selected_action": [story.pk]})
    assert client.get(url).status_code == 404
    assert "Cached headline" not in text(client, "/")
    editor_client.post(changelist, {"action": "publish_now", "_selected_action": [story.pk]})
    assert "Cached headline" in text(client, url) and "Cached headline" in text(client, "/")


def test_delete_and_recover_reach_readers(client, editor_client, story):
    url = story.get_absolute_url()
    text(client, url)
    editor_client.get(admin_url("change", story.pk))  # records a baseline revision
    editor_client.post(admin_url("delete", story.pk), {"post": "yes"})
    assert client.get(url).status_code == 404
    assert "Cached headline" not in text(client, "/sitemap.xml") + text(client, "/")
    [deleted] = history.story_versions(story.pk)[:1]
    editor_client.post(admin_url("recover", deleted.pk))
    assert "Cached headline" in text(client, url)


def test_restore_reaches_readers(client, editor_client, story):
    editor_client.get(admin_url("change", story.pk))
    edit(editor_client, story, headline="A headline to undo")
    assert "A headline to undo" in text(client, story.get_absolute_url())
    original = list(history.story_versions(story.pk))[-1]
    editor_client.post(admin_url("revision", story.pk, original.pk), {"current_version": "2"})
    assert "Cached headline" in text(client, story.get_absolute_url())


def test_a_linked_story_going_offline_purges_the_pages_that_link_to_it(client, story, make_story):
    target = make_story("Linked story")
    RelatedLink.objects.filter(story=story).update(target=target)
    story.save()
    assert f'href="{target.get_absolute_url()}"' in text(client, story.get_absolute_url())
    target.status = Story.Status.DRAFT
    target.save()
    assert f'href="{target.get_absolute_url()}"' not in text(client, story.get_absolute_url())


def test_import_and_loaddata_reach_readers(client, db, tmp_path):
    assert "LLM Bubble" not in text(client, "/")  # the front page is stored without the seed
    call_command("loaddata", "seed", verbosity=0)
    assert "LLM Bubble" in text(client, "/")
    seed = Story.objects.get()
    url = seed.get_absolute_url()
    text(client, url)
    changed = tmp_path / "article.txt"
    lines = SEED_PATH.read_text(encoding="utf-8").splitlines()
    lines[2] = "An imported paragraph that replaced the old one."
    changed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    call_command("import_story", str(changed), "--replace", verbosity=0)
    assert "An imported paragraph that replaced the old one." in text(client, url)


def test_a_scheduled_story_appears_when_its_time_comes(
    client, make_story, django_capture_on_commit_callbacks
):
    publish_at = timezone.now() + timedelta(seconds=30)
    with django_capture_on_commit_callbacks(execute=True):  # as the commit would
        make_story("Already live")
        make_story("Coming soon", published_at=publish_at)
    page = client.get("/")
    assert "Coming soon" not in page.content.decode()
    control = dict(
        part.strip().split("=") for part in page["Cache-Control"].split(",") if "=" in part
    )
    # No browser or CDN keeps the page past the publication time.
    assert int(control["max-age"]) <= 30 and int(control["s-maxage"]) <= 30
    assert "Coming soon" not in text(client, "/")  # the stored copy, before the time
    # Move the clock a second past it: no job runs, the stored pages' generation just ends.
    later = publish_at + timedelta(seconds=1)
    with (
        mock.patch("django.utils.timezone.now", return_value=later),
        mock.patch("time.time", return_value=later.timestamp()),
    ):
        assert "Coming soon" in text(client, "/")


def test_the_purge_hook_gets_every_address_that_showed_the_story(
    client, story, make_story, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_PURGE_HOOK = "tests.test_page_cache.remember_purge"
    settings.SITE_URL = "https://news.example.com"
    linking = make_story("Linking story", links=1)
    RelatedLink.objects.filter(story=linking).update(target=story)
    PURGED.clear()
    purging.pending.__dict__.clear()  # changes of earlier tests, whose commits never came
    with django_capture_on_commit_callbacks(execute=True):
        Section.objects.filter(story=story).first().save()
        story.save()
    assert len(PURGED) == 1  # one call per transaction
    site = "https://news.example.com"
    page = math.ceil(story.pk / settings.SITEMAP_PAGE_URLS)
    assert set(PURGED[0]) == {
        site + story.get_absolute_url(),
        site + linking.get_absolute_url(),
        site + "/",
        site + "/feeds/rss/",
        site + "/feeds/atom/",
        site + "/corrections/",
        site + "/feeds/corrections/rss/",
        site + "/feeds/corrections/atom/",
        site + "/sitemap.xml",
        site + "/sitemap-news.xml",
        site + "/sitemap-front.xml",
        site + f"/sitemap-stories.xml?p={page}",  # the page holding the story's id
    } | ({site + "/sitemap-stories.xml"} if page == 1 else set())


def test_a_new_slug_purges_the_old_address_too(story, settings, django_capture_on_commit_callbacks):
    settings.PAGE_PURGE_HOOK = "tests.test_page_cache.remember_purge"
    old = settings.SITE_URL + story.get_absolute_url()
    PURGED.clear()
    purging.pending.__dict__.clear()
    with django_capture_on_commit_callbacks(execute=True):
        story.slug = "a-new-address"
        story.save()
    assert old in PURGED[0] and settings.SITE_URL + "/stories/a-new-address/" in PURGED[0]


def test_page_cache_false_serves_every_request_from_the_views(
    client, story, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE = False
    client.get(story.get_absolute_url())
    response = client.get(story.get_absolute_url())
    assert hasattr(response.wsgi_request, "user")
    assert response["Cache-Control"].startswith("public, max-age=60")


def test_readers_get_pages_while_the_cache_is_unreachable(client, story, settings):
    url = story.get_absolute_url()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        }
    }
    response = client.get(url)
    assert response.status_code == 200 and "Cached headline" in response.content.decode()


def test_health_checks_never_wait_on_the_page_cache(client, db, django_assert_num_queries):
    # With no generation known yet, learning one reads the database, which may be hanging.
    cache.delete(page_cache.STATE_KEY)
    with django_assert_num_queries(0):
        assert client.get("/healthz").status_code == 200
