"""What changed between two versions of a story, as labelled side-by-side diffs for editors.

Used by the history's "compare" and "restore" pages, and for the clashes a refused save
shows. Sections and links are matched by identity, so a moved or edited section is one
entry, not a deletion plus an addition.
"""

from dataclasses import dataclass

from ..models import Story
from .diffs import row_label, row_text, shown, side_by_side
from .fields import PART_FIELDS, STORY_FIELDS


@dataclass
class Change:
    label: str
    old_html: str
    new_html: str


def field_label(name):
    return str(Story._meta.get_field(name).verbose_name).capitalize()


def compare(old, new):
    """Changes from snapshot `old` to snapshot `new`, story fields first, then parts in order."""
    changes = []
    for name in STORY_FIELDS:
        before, after = old.fields.get(name), new.fields.get(name)
        if before != after:
            choices = Story._meta.get_field(name).choices
            changes.append(
                Change(
                    field_label(name), *side_by_side(shown(before, choices), shown(after, choices))
                )
            )
    for collection in PART_FIELDS:
        before, after = old.parts.get(collection, {}), new.parts.get(collection, {})
        for key in [*after, *(k for k in before if k not in after)]:
            old_row, new_row = before.get(key), after.get(key)
            if old_row == new_row:
                continue
            label = row_label(collection, new_row or old_row)
            if old_row and new_row and old_row.get("position") != new_row.get("position"):
                label += f" (moved from {shown(old_row['position'])})"
            elif old_row is None:
                label += " (added)"
            elif new_row is None:
                label += " (removed)"
            old_text = row_text(old_row) if old_row else ""
            new_text = row_text(new_row) if new_row else ""
            changes.append(Change(label, *side_by_side(old_text, new_text)))
    return changes
