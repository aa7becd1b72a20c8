"""A story as plain data (a merge.Snapshot): as saved now, or as a stored revision holds it."""

from ..models import Story
from . import versions
from .fields import PART_FIELDS, PART_MODELS, STORY_FIELDS, values_of
from .merge import Snapshot


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
    stored = list(revision.version_set.all())
    for version in stored:
        if version._model is Story and version.object_id == str(story_id):
            return from_versions(version, stored)
    return None


def at_version(story_id, number):
    """The story as it was at version `number`, or None if the history does not hold it."""
    revision = versions.revision_of(story_id, number)
    return revision and from_revision(revision, story_id)
