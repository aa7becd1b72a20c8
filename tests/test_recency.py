"""Relative times on the front page, and when each one stops being true (articles/recency.py)."""

from datetime import UTC, datetime, timedelta

import pytest

from articles import recency

NOW = datetime(2026, 6, 12, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("age", "words", "changes_after"),
    [
        (timedelta(seconds=0), "Just now", timedelta(minutes=1)),
        (timedelta(seconds=59), "Just now", timedelta(minutes=1)),
        (timedelta(minutes=1), "1 minute ago", timedelta(minutes=2)),
        (timedelta(minutes=59, seconds=59), "59 minutes ago", timedelta(hours=1)),
        (timedelta(hours=1), "1 hour ago", timedelta(hours=2)),
        (timedelta(hours=3, minutes=10), "3 hours ago", timedelta(hours=4)),
        (timedelta(hours=23, minutes=59), "23 hours ago", timedelta(days=1)),
        (timedelta(days=1), None, None),
        (timedelta(days=400), None, None),
        (timedelta(minutes=-5), None, None),  # a time still to come: no words, no expiry
    ],
)
def test_words_and_when_they_change(age, words, changes_after):
    published = NOW - age
    assert recency.ago(published, NOW) == words
    expected = published + changes_after if changes_after else None
    assert recency.changes_at(published, NOW) == expected
    if expected:
        # The words hold right up to the change, and read differently from it on.
        assert recency.ago(published, expected - timedelta(microseconds=1)) == words
        assert recency.ago(published, expected) != words


def test_a_page_expires_at_its_first_change():
    moments = [
        NOW - timedelta(hours=3, minutes=50),
        NOW - timedelta(minutes=2),
        NOW - timedelta(days=9),
    ]
    assert recency.expiry(moments, NOW) == NOW + timedelta(minutes=1)
    assert recency.expiry([NOW - timedelta(days=9)], NOW) is None
    assert recency.expiry([], NOW) is None
