"""Reading numbers that arrive as text from a URL or a form: ids, version numbers, page numbers.

`int()` and `str.isdigit()` are too generous for input from outside: `int()` reads an
Arabic-Indic one (U+0661) as 1 and ignores surrounding spaces, `"²".isdigit()` is True but
`int("²")` fails, and a 25-digit id overflows SQLite's and PostgreSQL's integers inside the
query. `parse_id` accepts exactly what a link the site made could hold.
"""

# The largest value of a 64-bit signed integer: SQLite's INTEGER and PostgreSQL's bigint.
MAX_DB_INTEGER = 2**63 - 1


def parse_id(value, *, maximum=MAX_DB_INTEGER):
    """`value` as a non-negative int if it is ASCII digits only and at most `maximum`, else None."""
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if number <= maximum else None
