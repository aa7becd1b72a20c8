"""The story page's cheap miss: rendered once per version of the story, stored, and completed
with its related links on each request in one query."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import RelatedLink, Section
from articles.recent import RecentCopies


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE = False  # every request reaches the view, as a miss does


@pytest.fixture
def story(make_story):
    return make_story("Stored story", sections=50, links=2)


def test_a_stored_story_page_costs_one_query_and_reads_no_section(
    client, story, django_assert_num_queries
):
    first = client.get(story.get_absolute_url())
    with django_assert_num_queries(1) as captured:
        again = client.get(story.get_absolute_url())
    assert again.content == first.content
    assert "articles_section" not in captured.captured_queries[0]["sql"]


def test_the_stored_page_is_the_page_rendered_whole(client, editor, story):
    reader = client.get(story.get_absolute_url()).content
    assert client.get(story.get_absolute_url()).content == reader
    client.force_login(editor)  # editors get it rendered whole, links and all
    assert client.get(story.get_absolute_url()).content == reader


def test_an_edit_elsewhere_does_not_re_render_this_story(
    client, story, make_story, django_assert_num_queries
):
    client.get(story.get_absolute_url())
    other = make_story("Another story")
    other.headline = "Another story, edited"
    other.save()
    with django_assert_num_queries(1):
        client.get(story.get_absolute_url())


def test_an_edit_to_the_story_re_renders_it(client, story):
    client.get(story.get_absolute_url())
    section = Section.objects.get(story=story, position=7)
    section.body = "Rewritten after it was stored."
    section.save()
    assert "Rewritten after it was stored." in client.get(story.get_absolute_url()).content.decode()


def test_links_show_their_targets_state_now(client, story, make_story):
    target = make_story("Later", published_at=timezone.now() + timedelta(days=1))
    link = RelatedLink.objects.get(story=story, position=1)
    link.target = target
    link.save()
    assert (
        f'href="{target.get_absolute_url()}"'
        not in client.get(story.get_absolute_url()).content.decode()
    )
    # Its time comes (no save tells anyone): the link appears, though the page was stored.
    type(target).objects.filter(pk=target.pk).update(published_at=timezone.now())
    assert (
        f'href="{target.get_absolute_url()}"'
        in client.get(story.get_absolute_url()).content.decode()
    )


def test_every_host_gets_the_sites_own_absolute_urls(client, story, settings):
    settings.ALLOWED_HOSTS = ["testserver", "news.example.com"]
    client.get(story.get_absolute_url())
    other = client.get(story.get_absolute_url(), HTTP_HOST="news.example.com").content.decode()
    assert f'<link rel="canonical" href="{settings.SITE_URL}{story.get_absolute_url()}">' in other


def test_a_process_remembers_halves_for_their_version_only(client, story, monkeypatch):
    from articles import rendering

    monkeypatch.setattr(
        rendering, "recent_halves", RecentCopies(10**6, rendering.recent_halves.size)
    )
    url = story.get_absolute_url()
    first = client.get(url).content  # rendered and stored
    assert client.get(url).content == first  # read from the cache, and remembered
    assert len(rendering.recent_halves) == 1
    assert client.get(url).content == first  # from this process's copy
    section = Section.objects.get(story=story, position=3)
    section.body = "Changed while this process remembered the old halves."
    section.save()
    assert "Changed while this process" in client.get(url).content.decode()


def test_the_remembered_halves_are_bounded(client, story, make_story, monkeypatch):
    from articles import rendering

    monkeypatch.setattr(rendering, "recent_halves", RecentCopies(1, rendering.recent_halves.size))
    other = make_story("Other stored story")
    for _ in range(2):
        for url in (story.get_absolute_url(), other.get_absolute_url()):
            assert client.get(url).status_code == 200
    assert len(rendering.recent_halves) == 1  # cleared before each new one past the bound


def test_the_etag_follows_the_bytes_of_the_page(client, story):
    url = story.get_absolute_url()
    first = client.get(url)
    assert client.get(url)["ETag"] == first["ETag"]  # read back from the stored halves
    story.save()  # a new version whose page is byte for byte the same
    again = client.get(url)
    assert (again.content, again["ETag"]) == (first.content, first["ETag"])
    link = RelatedLink.objects.get(story=story, position=2)
    link.title = "Retitled"
    link.save()  # only the links change
    retitled = client.get(url)
    assert retitled.content != first.content and retitled["ETag"] != first["ETag"]
    section = Section.objects.get(story=story, position=9)
    section.body = "Rewritten."
    section.save()  # only a half changes
    assert client.get(url)["ETag"] not in {first["ETag"], retitled["ETag"]}
