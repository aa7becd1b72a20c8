"""Readable, escaped, side-by-side differences between two texts, for editors, and the
words that name what differs (a section's label, a value as an editor reads it).

Texts are first lined up paragraph by paragraph (line by line), then each changed stretch is
compared word by word, with stdlib difflib: removed words are marked <del> on the left,
added words <ins> on the right. Lining up paragraphs first keeps a megabyte-long body fast;
a changed stretch too long to compare word by word is marked as a whole.
"""

import re
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import mark_safe

from ..models import Story
from .display import editor_time

# Above this many words in a changed stretch, it is marked whole rather than word by word.
WORD_DIFF_LIMIT = 5_000

# A word with the spaces after it, so that runs of words match as runs.
WORDS = re.compile(r"\S+\s*|\s+")


def opcodes(old_tokens, new_tokens):
    # Tokens match whatever line ending follows them, so a last line with no newline still
    # matches itself. difflib's autojunk skips tokens that are everywhere (blank lines,
    # "the "), which keeps long or repetitive texts from taking quadratic time; the
    # differences it finds stay exact.
    old_keys = [token.rstrip("\r\n") for token in old_tokens]
    new_keys = [token.rstrip("\r\n") for token in new_tokens]
    return SequenceMatcher(None, old_keys, new_keys).get_opcodes()


def mark(tag, text):
    return f"<{tag}>{escape(text)}</{tag}>" if text else ""


def compare_words(old, new, left, right):
    old_words, new_words = WORDS.findall(old), WORDS.findall(new)
    if len(old_words) + len(new_words) > WORD_DIFF_LIMIT:
        left.append(mark("del", old))
        right.append(mark("ins", new))
        return
    for tag, i1, i2, j1, j2 in opcodes(old_words, new_words):
        removed, added = "".join(old_words[i1:i2]), "".join(new_words[j1:j2])
        if tag == "equal":
            append_unchanged(removed, added, left, right)
        else:
            left.append(mark("del", removed))
            right.append(mark("ins", added))


def append_unchanged(old, new, left, right):
    left.append(escape(old))
    right.append(escape(new))


def side_by_side(old, new):
    """(old as HTML, new as HTML), each with its differences marked. Everything is escaped."""
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    left, right = [], []
    for tag, i1, i2, j1, j2 in opcodes(old_lines, new_lines):
        removed, added = "".join(old_lines[i1:i2]), "".join(new_lines[j1:j2])
        if tag == "equal":
            append_unchanged(removed, added, left, right)
        else:
            compare_words(removed, added, left, right)
    # Safe: every piece of text above went through escape().
    return mark_safe("".join(left)), mark_safe("".join(right))


PART_NAMES = {"sections": "Section", "related_links": "Related link"}


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
