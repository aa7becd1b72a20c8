"""The editable fields of a story and of each of its inlines, declared once.

The admin's story form and inlines, snapshots, merges, comparisons and restores all take
their lists from here (tests/test_field_lists.py checks they agree). A form field that is not
declared here is unknown to a merge, and a merged save with one is refused, never guessed.
"""

from ..models import RelatedLink, Section

# A picture and its words, on a story (its lead image) and on a section. The picture is its
# stored name: a restore brings back the old name, and originals are never deleted.
PICTURE_FIELDS = ("image", "image_alt", "image_caption", "image_credit")
# What the story says. A restore brings these back.
CONTENT_FIELDS = ("headline", "slug", "standfirst", "byline", *PICTURE_FIELDS)
# Whether, from when and how prominently readers see it. A restore leaves these as they are.
PUBLICATION_FIELDS = ("status", "published_at", "top_story")
STORY_FIELDS = CONTENT_FIELDS + PUBLICATION_FIELDS

PART_FIELDS = {
    "sections": ("position", "heading", "body", *PICTURE_FIELDS),
    "related_links": ("position", "title", "url", "target"),
}
PART_MODELS = {"sections": Section, "related_links": RelatedLink}

# A correction's own form (articles/correction_admin.py). Deliberately not a part: a story's
# versions, merges and restores never hold corrections, so restoring an old version can't
# drop or revert one (corrections are append-only, articles/corrections.py).
CORRECTION_FIELDS = ("story", "text")
