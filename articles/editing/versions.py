"""A story's versions: the one place that makes a new one, and reading the current one or
a stored one as plain data (a merge.Snapshot).

`new_version()` locks the story's row (SELECT ... FOR UPDATE), bumps `version`, saves the
story through the ORM (so post_save signals fire) and records a django-reversion revision
of it with its sections and links, who saved it and why, and the version number in an
indexed StoryRevision row. Admin saves, list actions, restore, recover and the importer all
use it; a writer that went round it would let an open form save over its change.

A story changed outside it (a fixture, a script) has no revision for its version; the next
new version first records the story as it found it, so a form opened on that version can
still be merged.
"""

from contextlib import contextmanager
from dataclasses import dataclass

import reversion
from django.db import transaction

from ..models import Story, StoryRevision
from .fields import PART_FIELDS, PART_MODELS, STORY_FIELDS
from .merge import Snapshot, normalize

# How far back "who saved since you opened it" looks; more would only lengthen a message.
SAVES_SHOWN = 20


class StaleVersion(Exception):
    """The story was saved again since the version the caller changed."""


class Unchanged(Exception):
    """Raised inside `new_version()` to leave the story as it is: nothing is written."""


@dataclass
class NewVersion:
    story: Story
    comment: str


def lock(story_id):
    """The story, its row locked until the transaction ends; None if there is no such story."""
    try:
        return Story.objects.select_for_update().filter(pk=int(story_id)).first()
    except (TypeError, ValueError):
        return None


@contextmanager
def new_version(story, *, user=None, comment="", expected_version=None):
    """Make the story's next version, with a revision. Use it as:

        with new_version(story_id, user=user, comment="Why") as new:
            new.story.headline = "..."   # change the story; save its sections and links
            new.comment = "..."          # (optional) the comment, once known

    `story` is a story's id (it is locked and yielded), or a Story instance with changes not
    saved yet (the admin's form instance: its version must still be the saved one). A Story
    with no pk is created as version 1. `expected_version` refuses, with StaleVersion, a story
    saved again since the caller looked. Raise Unchanged in the block to write nothing.
    """
    with transaction.atomic():
        if isinstance(story, Story) and story.pk is None:
            story.version = 1
            story.save()  # its sections and links need a row to point at
        else:
            current = lock(story.pk if isinstance(story, Story) else story)
            if current is None:
                raise Story.DoesNotExist("No such story.")
            story = story if isinstance(story, Story) else current
            if current.version != (expected_version or story.version):
                raise StaleVersion(f"story {current.pk} is at version {current.version}")
            record(current)
            story.version = current.version + 1
        with reversion.create_revision(manage_manually=True):
            new = NewVersion(story, comment)
            yield new
            story.save()
            remember(story, user, new.comment)


def remember(story, user, comment):
    """Put the story, with its sections and links as saved now, in the current revision."""
    reversion.add_to_revision(story)
    reversion.set_user(user)
    reversion.set_comment(comment)
    reversion.add_meta(StoryRevision, story_id=story.pk, version=story.version)


def record(story):
    """Make sure the story's saved version is in its history (before a change or a delete)."""
    if revision_of(story.pk, story.version) is not None:
        return
    with reversion.create_revision(manage_manually=True):
        remember(story, None, "The story as saved outside the admin (a fixture or a script).")


def revision_of(story_id, number):
    """The newest revision holding version `number` of the story, or None."""
    row = (
        StoryRevision.objects.filter(story_id=story_id, version=number)
        .select_related("revision")
        .order_by("-revision_id")
        .first()
    )
    return row.revision if row else None


def saves_since(story_id, number):
    """Revisions that saved the story after version `number`, oldest first.

    With no number (a form that carried none), the latest save alone.
    """
    rows = StoryRevision.objects.filter(story_id=story_id).select_related("revision__user")
    if number is not None:
        rows = rows.filter(version__gt=number)
    rows = rows.order_by("-version", "-revision_id")[: 1 if number is None else SAVES_SHOWN]
    return [row.revision for row in reversed(rows)]


# --- Reading a version as plain data -------------------------------------------------------


def values_of(instance, names):
    """Field values of a model instance; a foreign key gives its id, not a query."""
    return {
        name: normalize(getattr(instance, instance._meta.get_field(name).attname)) for name in names
    }


def current(story):
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


def stored(revision, story_id):
    """The story within a stored revision, or None if the revision does not hold it."""
    held = list(revision.version_set.all())
    for version in held:
        if version._model is Story and version.object_id == str(story_id):
            return from_versions(version, held)
    return None


def at(story_id, number):
    """The story as it was at version `number`, or None if the history does not hold it."""
    revision = revision_of(story_id, number)
    return revision and stored(revision, story_id)
