"""The seed fixture: loads with loaddata, never duplicates, and agrees with the importer."""

from django.core.management import call_command

from articles.importer import parse_article
from articles.models import RelatedLink, Section, Story
from tests.conftest import SEED_PATH


def test_loading_the_seed_twice_leaves_one_story(db):
    call_command("loaddata", "seed", verbosity=0)
    call_command("loaddata", "seed", verbosity=0)
    story = Story.objects.get()
    assert story.sections.count() == 6
    assert story.related_links.count() == 4
    assert Section.objects.count() == 6 and RelatedLink.objects.count() == 4


def test_seed_story_is_published_and_visible(seed_story):
    assert Story.objects.published().get() == seed_story


def test_fixture_and_importer_agree(seed_story):
    article = parse_article(SEED_PATH)
    assert seed_story.headline == article.headline
    assert [(s.heading, s.body) for s in seed_story.sections.all()] == [
        (s.heading, s.body) for s in article.sections
    ]
    assert [link.title for link in seed_story.related_links.all()] == article.related


def test_seed_file_is_kept_verbatim_with_its_typographic_quotes():
    raw = SEED_PATH.read_bytes()
    assert "‘LLM Bubble’".encode() in raw
    assert not raw.endswith(b"\n")  # the source ends without a newline, and so does the copy
    assert len(raw.decode("utf-8").splitlines()) == 20
