"""parse_id: only ASCII digits within the database's integer range are an id."""

import pytest

from articles.parsing import MAX_DB_INTEGER, parse_id


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", 0),
        ("7", 7),
        ("007", 7),
        (str(MAX_DB_INTEGER), MAX_DB_INTEGER),
        (str(MAX_DB_INTEGER + 1), None),
        ("9" * 25, None),
        ("", None),
        ("²", None),
        ("١", None),
        ("７", None),
        ("-1", None),
        ("+1", None),
        (" 1", None),
        ("1\n", None),
        ("1.5", None),
        ("1e3", None),
        ("0x1", None),
        ("1_000", None),
        ("\x00", None),
        (None, None),
        (7, None),
    ],
)
def test_parse_id_accepts_only_ascii_digits_in_range(value, expected):
    assert parse_id(value) == expected


def test_parse_id_takes_a_smaller_maximum():
    assert parse_id("2147483648", maximum=2**31 - 1) is None
    assert parse_id("2147483647", maximum=2**31 - 1) == 2**31 - 1
