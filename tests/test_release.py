"""After a deploy, no page the old code rendered is served: stored pages and stored story
halves are keyed by the release (RELEASE, or a digest of the files that shape a page)."""

import pytest

from articles.release import release


@pytest.fixture
def another_release(settings):
    def deploy(name):
        settings.RELEASE = name
        release.cache_clear()

    yield deploy
    release.cache_clear()


def test_a_new_release_renders_its_own_pages(
    client, make_story, another_release, django_assert_num_queries
):
    another_release("a1")
    url = make_story("Deployed", sections=2, links=1).get_absolute_url()
    client.get(url)
    with django_assert_num_queries(0):
        client.get(url)  # the stored page
    another_release("b2")
    with django_assert_num_queries(3):
        # Not the old release's page, nor its stored halves: the story and its links, then,
        # rendered whole, its sections and its corrections.
        assert client.get(url).status_code == 200
    with django_assert_num_queries(0):
        client.get(url)


def test_without_a_name_the_release_follows_the_files_that_shape_a_page(settings, tmp_path):
    settings.RELEASE = ""
    settings.BASE_DIR = tmp_path
    template = tmp_path / "templates" / "page.html"
    template.parent.mkdir()
    template.write_text("<p>one</p>")
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "notes.md").write_text("not part of a page")
    release.cache_clear()
    first = release()
    (tmp_path / "articles" / "notes.md").write_text("changed, still not part of a page")
    release.cache_clear()
    assert release() == first
    template.write_text("<p>two</p>")
    release.cache_clear()
    assert release() != first
    release.cache_clear()
