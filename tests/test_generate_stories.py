"""manage.py generate_stories: scale data in bulk, repeatable, searchable, with stored fields."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles import generator, search
from articles.models import RelatedLink, Section, Story


def generate(*args):
    out = StringIO()
    call_command("generate_stories", *map(str, args), stdout=out)
    return out.getvalue()


def test_generates_stories_with_sections_links_and_stored_fields(db):
    assert "Generated 30 stories (6 sections and 4 related links each)" in generate(30)
    assert Story.objects.count() == 30
    assert Section.objects.count() == 180
    assert RelatedLink.objects.count() == 120
    assert not Story.objects.filter(summary="").exists()
    story = Story.objects.exclude(standfirst="").first()
    assert story.summary == story.standfirst
    assert story.sections.first().heading == ""  # the lead has no heading
    assert all(section.heading for section in story.sections.all()[1:])


def test_the_same_seed_gives_the_same_text_and_more_stories_never_collide(db):
    generate(5, "--seed", 3)
    first = list(Story.objects.order_by("pk").values_list("headline", "standfirst"))
    generate(5, "--seed", 3)  # into the same database: new slugs, same text
    second = list(Story.objects.order_by("pk").values_list("headline", "standfirst"))[5:]
    assert first == second
    assert Story.objects.values("slug").distinct().count() == 10


def test_publication_times_spread_over_the_years_asked_for(db):
    generate(200, "--years", 3, "--drafts", 0)
    times = sorted(Story.objects.values_list("published_at", flat=True))
    assert (times[-1] - times[0]).days > 365 * 2
    assert Story.objects.published().count() == 200


def test_publication_times_spread_over_the_days_asked_for(db):
    generate(200, "--days", 18, "--drafts", 0)
    times = sorted(Story.objects.values_list("published_at", flat=True))
    assert 17 <= (times[-1] - times[0]).days < 18


def test_generated_stories_are_found_by_the_benchmark_words(client, db):
    generate(50, "--drafts", 0)
    with search.time_bound():
        assert search.find(generator.COMMON_WORD).matches == 50
        assert search.find(generator.ABSENT_WORD).matches == 0


def test_options_shape_the_stories(db):
    generate(4, "--sections", 2, "--links", 0)
    assert Section.objects.count() == 8 and not RelatedLink.objects.exists()


@pytest.mark.parametrize(
    "args",
    [
        ["-3"],
        ["abc"],
        ["5", "--drafts", "2"],
        ["5", "--sections", "0"],
        ["5", "--years", "x"],
        ["5", "--days", "0"],
        ["5", "--years", "2", "--days", "3"],
    ],
)
def test_bad_arguments_exit_with_a_reason_and_change_nothing(db, args):
    with pytest.raises(CommandError):
        call_command("generate_stories", *args)
    assert not Story.objects.exists()
