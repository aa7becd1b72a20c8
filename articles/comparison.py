"""What changed between two versions of a story, as labelled side-by-side diffs for editors.

Used by the history's "compare" and "restore" pages, and for the clashes a refused save
shows. Sections and links are matched by identity, so a moved or edited section is one
entry, not a deletion plus an addition.
"""

from dataclasses import dataclass

from .diffs import side_by_side
from .editing.display import editor_time
from .models import Story
from .snapshots import STORY_FIELDS

PART_NAMES = {"sections": "Section", "related_links": "Related link"}


@dataclass
class Change:
    label: str
    old_html: str
    new_html: str


def shown(value, choices=None):
    """A value as an editor reads it: a choice's label, a time in local time."""
    choices = dict(choices or [])
    if isinstance(value, str) and value in choices:
        return str(choices[value])
    raw = getattr(value, "raw", value)  # a formdata.Invalid keeps what was typed
    if isinstance(raw, list):
        return " ".join(str(part) for part in raw)
    if raw is None:
        return ""
    if hasattr(raw, "tzinfo"):
        return editor_time(raw)
    return str(raw)


def row_label(collection, row):
    """'Section 2 “Why now?”', 'Section 1 (lead)', 'Related link 3 “Meta buys…”'."""
    name = f"{PART_NAMES[collection]} {shown(row.get('position'))}"
    title = row.get("heading") or row.get("title")
    if title:
        return f"{name} “{shown(title)}”"
    return f"{name} (lead)" if collection == "sections" else name


def row_text(row):
    """A section or link as one text: heading or title, then body or address."""
    names = ("heading", "title", "body", "url")
    text = "\n\n".join(shown(row[name]) for name in names if row.get(name))
    if row.get("target"):
        target = Story.objects.filter(pk=row["target"]).first()
        text += f"\n\n→ {target or 'a deleted story'}"
    return text


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
    for collection in PART_NAMES:
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
