"""Three-way merge of story edits, so that two editors never silently overwrite each other.

Three versions of a story meet when an editor saves a form that was opened before someone
else's save: the *base* (what the form was opened on), *theirs* (what is saved now) and
*mine* (what the form sends). Plain data in, plain data out, no database; values are
compared as `normalize` gives them:

- a story's fields are a dict of values;
- each collection of parts ("sections", "related_links") is a dict of rows keyed by primary
  key, each row a dict of field values;
- in *mine*, a row mapped to None was deleted by the editor, a row left out was not touched,
  and rows the editor added come separately, since they have no key yet.

A field that only one side changed takes that side's value. A text field both sides changed
is merged line by line against the base, like `git merge-file` (a section body's paragraphs
are its lines): changes to different lines are both kept, and only overlapping changes are a
conflict, which names just those lines. Any other field both sides changed to different
values is a conflict. A row one side deleted while the other edited it is a
conflict too. When the base is unknown (an old tab, a crafted request, lost history), every
difference between theirs and mine is a conflict.
"""

from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter

from django.core.files import File
from django.db import models
from django.db.models.fields.files import FieldFile
from merge3 import Merge3

# Stands in for the base when it is not known, and is equal to no value.
UNKNOWN = type("Unknown", (), {"__repr__": lambda self: "UNKNOWN"})()


def normalize(value):
    """A value as merges compare it, whichever way it travelled: browsers send CRLF, forms
    strip surrounding spaces, time inputs and the revision store drop sub-second digits,
    a linked story is its id, and a picture its stored name."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if isinstance(value, datetime):
        return value.replace(microsecond=0)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, File):
        # A stored picture is its name; a new upload is never equal to a stored one.
        return (value.name or "") if isinstance(value, FieldFile) else f"(upload) {value.name}"
    return value


@dataclass(frozen=True)
class Snapshot:
    """One version of a story. `added` is used by *mine* only: rows with no key yet."""

    fields: dict
    parts: dict = field(default_factory=dict)
    added: dict = field(default_factory=dict)
    version: int | None = None


@dataclass(frozen=True)
class Conflict:
    """Both sides changed the same thing differently.

    `field` is None when the clash is over a whole row: one side deleted it (its value is
    None) while the other edited it.
    """

    collection: str | None
    key: object
    field: str | None
    theirs: object
    mine: object
    # Their whole row, for naming it ("Section 2 “Why now?”") when one field clashes.
    row: dict | None = field(default=None, compare=False)
    # For text: only the overlapping lines, (theirs, mine); `theirs` and `mine` are then the
    # whole merged text with their lines, or mine, at each overlap.
    shown: tuple | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Clash:
    """How one field clashed: their value (merged, for text) and the lines to show."""

    theirs: object
    shown: tuple | None = None


@dataclass
class MergedRow:
    key: object
    values: dict
    exists: bool
    delete: bool = False


@dataclass
class Merge:
    """The merged story. Where there are conflicts it holds *mine* at each conflict, so a
    refused form can come back with the editor's text intact."""

    fields: dict
    parts: dict
    conflicts: list

    @property
    def clean(self):
        return not self.conflicts


def merge_value(base, theirs, mine):
    """Return (value, conflicted) for one field."""
    if mine == theirs:
        return mine, False
    if mine == base:
        return theirs, False
    if theirs == base:
        return mine, False
    return mine, True


def merge_text(base, theirs, mine):
    """Merge three texts line by line (any line ending). Returns (merged with my lines at
    each overlap, merged with their lines at each overlap, [(theirs, mine) per overlap])."""
    with_mine, with_theirs, overlaps = [], [], []
    lines = [text.splitlines() for text in (base, theirs, mine)]
    for kind, *groups in Merge3(*lines).merge_groups():
        if kind == "conflict":
            _, their_lines, my_lines = groups
            with_mine += my_lines
            with_theirs += their_lines
            overlaps.append(("\n".join(their_lines).strip(), "\n".join(my_lines).strip()))
        else:
            with_mine += groups[0]
            with_theirs += groups[0]
    return "\n".join(with_mine).strip(), "\n".join(with_theirs).strip(), overlaps


def merge_field(base, theirs, mine):
    """Return (value, Clash or None) for one field; text is merged line by line."""
    value, conflicted = merge_value(base, theirs, mine)
    if not conflicted:
        return value, None
    if not all(isinstance(text, str) for text in (base, theirs, mine)):
        return value, Clash(theirs)
    with_mine, with_theirs, overlaps = merge_text(base, theirs, mine)
    if not overlaps:
        return with_mine, None
    shown = tuple("\n\n".join(side) for side in zip(*overlaps, strict=True))
    return with_mine, Clash(with_theirs, shown)


def merge_fields(base, theirs, mine):
    """Merge two dicts of field values. A field missing from `mine` was not submitted.

    Returns (merged values, {name: Clash} for conflicting fields).
    """
    merged, clashes = {}, {}
    for name, their_value in theirs.items():
        base_value = UNKNOWN if base is None else base.get(name, UNKNOWN)
        if name in mine:
            my_value = mine[name]
        else:
            my_value = their_value if base_value is UNKNOWN else base_value
        merged[name], clash = merge_field(base_value, their_value, my_value)
        if clash:
            clashes[name] = clash
    return merged, clashes


def merge_rows(collection, base, theirs, mine, added):
    """Merge one collection of rows. `base` is None when unknown.

    Returns (list of MergedRow, list of Conflict).
    """
    rows, conflicts = [], []
    for key in [*theirs, *(k for k in mine if k not in theirs)]:
        their_row = theirs.get(key)
        base_row = UNKNOWN if base is None else base.get(key)
        if key not in mine:
            if their_row is not None:
                rows.append(MergedRow(key, dict(their_row), exists=True))
        elif mine[key] is None:
            row, conflict = merge_my_deletion(collection, key, base_row, their_row)
            rows += [row] if row else []
            conflicts += [conflict] if conflict else []
        elif their_row is None:
            row, conflict = merge_their_deletion(collection, key, base_row, mine[key])
            rows += [row] if row else []
            conflicts += [conflict] if conflict else []
        else:
            known_base = base_row if isinstance(base_row, dict) else None
            values, clashes = merge_fields(known_base, their_row, mine[key])
            conflicts += [
                Conflict(collection, key, name, clash.theirs, values[name], their_row, clash.shown)
                for name, clash in clashes.items()
            ]
            rows.append(MergedRow(key, values, exists=True))
    rows += [MergedRow(("new", n), dict(row), exists=False) for n, row in enumerate(added)]
    renumber_clashing_positions(rows)
    return rows, conflicts


def merge_my_deletion(collection, key, base_row, their_row):
    """I deleted a row. Fine if they left it alone; a conflict if they edited it."""
    if their_row is None:
        return None, None
    row = MergedRow(key, dict(their_row), exists=True, delete=True)
    if isinstance(base_row, dict) and same_row(base_row, their_row):
        return row, None
    return row, Conflict(collection, key, None, their_row, None)


def merge_their_deletion(collection, key, base_row, my_row):
    """They deleted a row I have. Fine if I left it alone; a conflict if I edited it.

    My edited copy comes back as a new row, so keeping it is one more save.
    """
    if isinstance(base_row, dict) and same_row(base_row, my_row):
        return None, None
    values = {**base_row, **my_row} if isinstance(base_row, dict) else dict(my_row)
    row = MergedRow(key, values, exists=False)
    if base_row is None:
        # Not a row of this story when the form was opened (a crafted or stale key): it is
        # simply new, and nobody else's text is at stake.
        return row, None
    return row, Conflict(collection, key, None, None, values)


def same_row(a, b):
    """Rows are the same when every field `b` gives agrees with `a`."""
    return all(a.get(name, UNKNOWN) == value for name, value in b.items())


def renumber_clashing_positions(rows):
    """Two merged rows may claim one position (each editor inserted a row at 2, say).

    Then the kept rows are renumbered 1, 2, 3... in merged order, rows that were already
    saved coming first on a tie. Positions that are not whole numbers (a typing mistake the
    form will point out) are left alone.
    """
    kept = [row for row in rows if not row.delete]
    positions = [row.values.get("position") for row in kept]
    if len(set(positions)) == len(positions) or not all(type(p) is int for p in positions):
        return
    order = sorted(
        ((row.values["position"], not row.exists, n, row) for n, row in enumerate(kept)),
        key=itemgetter(0, 1, 2),
    )
    for number, (*_, row) in enumerate(order, start=1):
        row.values["position"] = number


def three_way(base, theirs, mine):
    """Merge *mine* into *theirs* from *base* (None when unknown). Returns a Merge."""
    base_fields = None if base is None else base.fields
    fields, clashes = merge_fields(base_fields, theirs.fields, mine.fields)
    conflicts = [
        Conflict(None, None, name, clash.theirs, fields[name], shown=clash.shown)
        for name, clash in clashes.items()
    ]
    parts = {}
    for collection, their_rows in theirs.parts.items():
        parts[collection], clashes = merge_rows(
            collection,
            None if base is None else base.parts.get(collection, {}),
            their_rows,
            mine.parts.get(collection, {}),
            mine.added.get(collection, []),
        )
        conflicts += clashes
    return Merge(fields, parts, conflicts)
