"""Stored text that can't break a page, a feed or a sitemap.

XML 1.0 (feeds, sitemaps) has no way to write most control characters, so none may be stored:
C0 controls except tab, line feed and carriage return; DEL and the C1 controls (U+007F to
U+009F, including NEL U+0085: in news text they only ever come from mis-decoded Windows text);
lone surrogates; and the non-characters U+FFFE and U+FFFF.

A Word soft return (U+000B, "vertical tab") is the one exception: pasted from Word it means a
line break inside a paragraph, which this plain-text format shows as a space anyway, so it
becomes a space instead of being refused. Editors can't see it to remove it.
"""

import re

from django.core.exceptions import ValidationError

SOFT_RETURN = "\x0b"
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def soft_returns_to_spaces(text):
    return text.replace(SOFT_RETURN, " ") if isinstance(text, str) else text


def first_control_character(text):
    """(position counting from 1, character) of the first forbidden character, or None."""
    match = CONTROL_CHARACTERS.search(text)
    return (match.start() + 1, match.group()) if match else None


def describe(found):
    position, character = found
    return f"contains a control character (U+{ord(character):04X}) at position {position}"


def refuse_control_characters(text):
    """Validator for every stored text field: the message names the character and where."""
    if isinstance(text, str) and (found := first_control_character(text)):
        raise ValidationError(
            f"This text {describe(found)}. Delete it (it may be invisible: retype the "
            "characters around it) and save again.",
            code="control_character",
        )


def without_control_characters(text, replacement=" "):
    """For output and search terms: soft returns and every forbidden character replaced."""
    return CONTROL_CHARACTERS.sub(replacement, text) if text else text
