"""Heading anchors and reading time: computed from the story's own text."""

import pytest

from articles.anatomy import WORDS_PER_MINUTE, heading_anchors, reading_minutes


@pytest.mark.parametrize(
    ("headings", "anchors"),
    [
        (["Why the Focus on Large Language Models?"], ["why-the-focus-on-large-language-models"]),
        (
            ["Conclusion", "Conclusion", "conclusion"],
            ["conclusion", "conclusion-2", "conclusion-3"],
        ),
        (["東京の記者会見", "Ça va"], ["東京の記者会見", "ça-va"]),
        (["!!!", "“…”"], ["section", "section-2"]),
        (["2025 in review"], ["section-2025-in-review"]),
        (["Main", "Related", "Contents"], ["main-2", "related", "contents-2"]),
    ],
)
def test_heading_anchors_are_readable_unique_and_clear_of_the_pages_own_ids(headings, anchors):
    assert heading_anchors(headings) == anchors


def test_heading_anchor_stays_short_for_a_long_heading():
    (anchor,) = heading_anchors(["word " * 100])
    assert len(anchor) <= 60 and not anchor.endswith("-")


@pytest.mark.parametrize(
    ("words", "minutes"),
    [(0, 1), (1, 1), (WORDS_PER_MINUTE, 1), (WORDS_PER_MINUTE + 1, 2), (10 * WORDS_PER_MINUTE, 10)],
)
def test_reading_time_rounds_up_to_whole_minutes_and_is_never_zero(words, minutes):
    assert reading_minutes(["word " * words]) == minutes


def test_anchors_do_not_depend_on_database_ids(make_story):
    """The same story, stored twice, gets the same anchors: they come from the headings."""
    first, second = make_story("One", sections=3), make_story("Two", sections=3)
    assert [s.anchor for s in first.body] == [s.anchor for s in second.body]
    assert [s.anchor for s in first.body] == ["", "heading-2", "heading-3"]
