"""Unique, Unicode-aware slugs, for stories and heading anchors: never empty, bounded in length."""

from django.utils.text import slugify

SLUG_MAX_LENGTH = 80
FALLBACK_SLUG = "story"


def unique_slug(text, taken, *, max_length=SLUG_MAX_LENGTH, fallback=FALLBACK_SLUG):
    """Return a slug for `text` for which `taken(slug)` is false.

    Curly quotes and other punctuation drop out; letters in any script stay. A text with
    nothing sluggable (all punctuation) falls back to `fallback`. Clashes get "-2", "-3", ...
    while the whole slug stays within `max_length`.
    """
    base = slugify(text, allow_unicode=True)[:max_length].strip("-") or fallback
    candidate, n = base, 1
    while taken(candidate):
        n += 1
        suffix = f"-{n}"
        candidate = base[: max_length - len(suffix)].rstrip("-") + suffix
    return candidate
