"""Unique, Unicode-aware slugs for stories: never empty, bounded in length."""

from django.utils.text import slugify

SLUG_MAX_LENGTH = 80
FALLBACK_SLUG = "story"


def unique_slug(text, taken):
    """Return a slug for `text` for which `taken(slug)` is false.

    Curly quotes and other punctuation drop out; letters in any script stay. A headline with
    nothing sluggable (all punctuation) falls back to "story". Clashes get "-2", "-3", ...
    while the whole slug stays within SLUG_MAX_LENGTH.
    """
    base = slugify(text, allow_unicode=True)[:SLUG_MAX_LENGTH].strip("-") or FALLBACK_SLUG
    candidate, n = base, 1
    while taken(candidate):
        n += 1
        suffix = f"-{n}"
        candidate = base[: SLUG_MAX_LENGTH - len(suffix)].rstrip("-") + suffix
    return candidate
