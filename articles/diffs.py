"""Readable, escaped, side-by-side differences between two texts, for editors.

Prose is compared word by word (stdlib difflib): removed words are marked <del> on the left,
added words <ins> on the right. Very long texts are compared line by line instead, which
stays fast at any length.
"""

import re
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import mark_safe

# Above this many words in the two texts together, word-by-word matching gets slow.
WORD_DIFF_LIMIT = 20_000

WORDS = re.compile(r"\s+|[^\s]+")


def tokens(old, new):
    if len(old) + len(new) <= WORD_DIFF_LIMIT * 6:  # a cheap bound before splitting
        old_words, new_words = WORDS.findall(old), WORDS.findall(new)
        if len(old_words) + len(new_words) <= WORD_DIFF_LIMIT:
            return old_words, new_words
    return old.splitlines(keepends=True), new.splitlines(keepends=True)


def side_by_side(old, new):
    """(old as HTML, new as HTML), each with its differences marked. Everything is escaped."""
    old_tokens, new_tokens = tokens(old, new)
    left, right = [], []
    matcher = SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        removed, added = escape("".join(old_tokens[i1:i2])), escape("".join(new_tokens[j1:j2]))
        if tag == "equal":
            left.append(removed)
            right.append(added)
            continue
        if removed:
            left.append(f"<del>{removed}</del>")
        if added:
            right.append(f"<ins>{added}</ins>")
    # Safe: every piece of text above went through escape().
    return mark_safe("".join(left)), mark_safe("".join(right))
