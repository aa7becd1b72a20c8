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

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import models
from django.utils.functional import cached_property

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
    """For search terms: every forbidden character (soft returns too) replaced."""
    return CONTROL_CHARACTERS.sub(replacement, text) if text else text


def clean_text(text):
    """Text as it should have been stored: soft returns as spaces, other forbidden characters
    dropped. For output that must be well-formed XML whatever the database holds, and for
    cleaning old rows."""
    return without_control_characters(soft_returns_to_spaces(text), "")


# --- Fields: every stored text field of a story, its sections and its links -----------------


class SoftReturnsToSpaces:
    """For a form or model field: a Word soft return becomes a space before validation."""

    def to_python(self, value):
        return soft_returns_to_spaces(super().to_python(value))


class PlainFormFieldMixin(SoftReturnsToSpaces):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One message for every control character, NUL included: which one, and where.
        self.validators = [
            validator
            for validator in self.validators
            if not isinstance(validator, ProhibitNullCharactersValidator)
        ] + [refuse_control_characters]


class PlainFormCharField(PlainFormFieldMixin, forms.CharField):
    pass


class PlainFormURLField(PlainFormFieldMixin, forms.URLField):
    pass


class PlainTextMixin(SoftReturnsToSpaces):
    """Model text that the admin's forms and `full_clean` both clean: soft returns become
    spaces, other control characters are refused with a message that names them."""

    form_class = PlainFormCharField

    @cached_property
    def validators(self):
        return [*super().validators, refuse_control_characters]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": self.form_class, **kwargs})


class PlainCharField(PlainTextMixin, models.CharField):
    pass


class PlainTextField(PlainTextMixin, models.TextField):
    pass


class PlainURLField(PlainTextMixin, models.URLField):
    form_class = PlainFormURLField
