"""A story as plain data (a merge.Snapshot), from the database or from a stored revision.

Values are normalized so that equal text compares equal whichever way it travelled: browsers
send line breaks as CRLF, forms strip surrounding spaces, and the admin's time inputs and
the revision store drop sub-second digits.
"""

from datetime import datetime

from django.db import models

from .merge import Snapshot
from .models import RelatedLink, Section, Story

STORY_FIELDS = ["headline", "slug", "standfirst", "byline", "status", "published_at"]
PART_FIELDS = {
    "sections": ["position", "heading", "body"],
    "related_links": ["position", "title", "url", "target"],
}
PART_MODELS = {"sections": Section, "related_links": RelatedLink}


def normalize(value):
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if isinstance(value, datetime):
        return value.replace(microsecond=0)
    if isinstance(value, models.Model):
        return value.pk
    return value


def values_of(instance, names):
    """Field values of a model instance; a foreign key gives its id, not a query."""
    return {
        name: normalize(getattr(instance, instance._meta.get_field(name).attname)) for name in names
    }


def from_story(story):
    """The story as it is saved now, with its sections and related links."""
    return Snapshot(
        fields=values_of(story, STORY_FIELDS),
        parts={
            collection: {
                part.pk: values_of(part, names)
                for part in PART_MODELS[collection].objects.filter(story=story)
            }
            for collection, names in PART_FIELDS.items()
        },
        version=story.version,
    )


def from_versions(story_version, part_versions):
    """The story as reversion stored it: its own Version and those of its parts."""
    parts = {collection: {} for collection in PART_FIELDS}
    collections = {model: collection for collection, model in PART_MODELS.items()}
    for version in part_versions:
        collection = collections.get(version._model)
        if collection is None:
            continue
        part = version._object_version.object
        if part.story_id == int(story_version.object_id):
            parts[collection][part.pk] = values_of(part, PART_FIELDS[collection])
    story = story_version._object_version.object
    return Snapshot(fields=values_of(story, STORY_FIELDS), parts=parts, version=story.version)


def from_revision(revision, story_id):
    """The story within a stored revision, or None if the revision does not hold it."""
    versions = list(revision.version_set.all())
    for version in versions:
        if version._model is Story and version.object_id == str(story_id):
            return from_versions(version, versions)
    return None
