"""Story rules held by the model and the database: slugs, status, positions, visibility."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import RelatedLink, Section, Story
from articles.slugs import SLUG_MAX_LENGTH


@pytest.mark.parametrize(
    ("headline", "slug"),
    [
        ("“Curly” quotes and ‘apostrophes’ aren’t kept", "curly-quotes-and-apostrophes-arent-kept"),
        ("東京の記者会見", "東京の記者会見"),
        ("!!! ??? … — “”", "story"),
    ],
)
def test_slug_is_unicode_aware_and_never_empty(db, headline, slug):
    assert Story.objects.create(headline=headline).slug == slug


def test_same_headline_gets_distinct_slugs(db):
    slugs = {Story.objects.create(headline="!!!").slug for _ in range(3)}
    assert slugs == {"story", "story-2", "story-3"}


def test_slug_is_bounded_even_with_a_suffix(db):
    first = Story.objects.create(headline="word " * 50)
    second = Story.objects.create(headline="word " * 50)
    assert len(first.slug) <= SLUG_MAX_LENGTH and len(second.slug) <= SLUG_MAX_LENGTH
    assert second.slug.endswith("-2") and first.slug != second.slug


def test_database_refuses_duplicate_slug(db):
    Story.objects.create(headline="One", slug="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        Story.objects.create(headline="Two", slug="same")


def test_database_refuses_invalid_status(db):
    story = Story.objects.create(headline="One")
    with pytest.raises(IntegrityError), transaction.atomic():
        Story.objects.filter(pk=story.pk).update(status="archived")


def test_database_refuses_duplicate_positions(make_story):
    story = make_story(sections=1, links=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Section.objects.create(story=story, position=1, body="again")
    with pytest.raises(IntegrityError), transaction.atomic():
        RelatedLink.objects.create(story=story, position=1, title="again")


def test_related_link_has_at_most_one_destination(make_story):
    story = make_story()
    with pytest.raises(IntegrityError), transaction.atomic():
        RelatedLink.objects.create(
            story=story, position=1, title="x", url="https://example.com/", target=story
        )


def test_published_means_published_and_its_time_has_come(make_story):
    live = make_story("Live")
    make_story("Draft", status=Story.Status.DRAFT)
    make_story("Future", published_at=timezone.now() + timedelta(minutes=5))
    assert list(Story.objects.published()) == [live]


def test_publishing_without_a_time_means_now(db):
    story = Story.objects.create(headline="Now", status=Story.Status.PUBLISHED)
    assert story.published_at is not None and story.is_live


def test_str_and_absolute_url(make_story):
    story = make_story("Hello world")
    assert str(story) == "Hello world"
    assert story.get_absolute_url() == "/stories/hello-world/"
    assert str(story.sections.get()) == "Lead"


def test_paragraphs_split_on_blank_lines(make_story):
    section = Section(body="One.\r\n\r\nTwo.\n\n\n\nThree.")
    assert section.paragraphs == ["One.", "Two.", "Three."]
