"""What a story page computes from the story's own text: heading anchors and reading time.

Anchors come from the heading text, never from database ids, so a link to "#conclusion" keeps
working after sections are reordered, re-imported or copied between databases.
"""

import math

from django.utils.text import slugify

from .slugs import unique_slug

# Adult silent reading of non-fiction, a common newsroom figure.
WORDS_PER_MINUTE = 230

# Ids the page itself uses; a heading called "Main" or "Related" must not take them.
RESERVED_IDS = frozenset(
    {
        "main",
        "contents",
        "contents-heading",
        "related-heading",
        "share",
        "corrections",
        "corrections-heading",
    }
)
FALLBACK_ANCHOR = "section"
ANCHOR_MAX_LENGTH = 60


def heading_anchors(headings):
    """One unique, URL-safe id per heading, in order: "Why it matters?" -> "why-it-matters".

    Letters in any script stay. A heading with nothing sluggable becomes "section". Repeats and
    clashes with the page's own ids get "-2", "-3", ...
    """
    taken = set(RESERVED_IDS)
    anchors = []
    for heading in headings:
        if slugify(heading, allow_unicode=True)[:1].isdigit():
            heading = f"{FALLBACK_ANCHOR} {heading}"  # ids that start with a letter read better
        anchor = unique_slug(
            heading, taken.__contains__, max_length=ANCHOR_MAX_LENGTH, fallback=FALLBACK_ANCHOR
        )
        taken.add(anchor)
        anchors.append(anchor)
    return anchors


def reading_minutes(texts):
    """Minutes a reader needs for these texts, rounded up; never less than one."""
    words = sum(len(text.split()) for text in texts)
    return max(1, math.ceil(words / WORDS_PER_MINUTE))
