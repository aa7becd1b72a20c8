"""A story's history, kept by django-reversion: list its stored versions, restore one's
content, and recover a deleted story; each as a new version (versions.new_version).

A restore brings back what the story says (the content fields, sections and links) and
leaves whether readers see it (the publication fields) as it is now: publishing stays a
separate, explicit choice.
"""

from django.db.models import F
from reversion.errors import RevertError
from reversion.models import Version

from ..forms import POSITION_SHIFT
from ..models import RelatedLink, Story
from . import versions
from .display import editor_time
from .fields import CONTENT_FIELDS, PART_FIELDS, PART_MODELS, PUBLICATION_FIELDS
from .merge import Snapshot


class RestoreError(Exception):
    """A revision that cannot be restored as it stands. The message is for the editor."""


def story_versions(story_id):
    """The stored versions of one story, newest first, with who saved each."""
    return Version.objects.get_for_object_reference(Story, str(story_id)).select_related(
        "revision__user"
    )


def stored_number(version):
    """The story's version number inside a stored version; None if it can't be read."""
    try:
        return version.field_dict.get("version")
    except RevertError:
        return None


def record_baseline(story_id):
    """Make sure the story's saved version is in its history (before it is deleted)."""
    story = Story.objects.filter(pk=story_id).first()
    if story is not None:
        versions.record(story)


def readers_after_restore(story, done=False):
    """What restoring the text of a story in this state does for readers, in words."""
    see = "see" if done else "will see"
    if story.state == Story.State.LIVE:
        return f"It stays live: readers {see} the restored text {'now' if done else 'at once'}."
    if story.state == Story.State.SCHEDULED:
        when = editor_time(story.published_at)
        return f"It stays scheduled for {when}: readers {see} the restored text then."
    return "It stays a draft: readers see nothing until it is published."


def readers_after_recover(stored, done=False):
    """What recovering a deleted story (as `stored`, a Story) does for readers, in words."""
    see = "see" if done else "will see"
    if stored.state == Story.State.LIVE:
        return f"It comes back live: readers {see} it again {'now' if done else 'at once'}."
    if stored.state == Story.State.SCHEDULED:
        when = editor_time(stored.published_at)
        return f"It comes back scheduled for {when}: readers {see} it then."
    return "It comes back as a draft: readers see nothing until it is published."


def restore(version, user, comment, expected_version):
    """Bring back the content of `version` (text, sections, links) as a new version.

    Sections and links deleted since come back, ones added since go; status and publication
    time stay as they are. The story must still be at `expected_version` (the one the editor
    looked at). Raises RestoreError, changing nothing, when this can't be done cleanly.
    """
    story_id = int(version.object_id)
    try:
        stored = versions.stored(version.revision, story_id)
    except RevertError as exc:
        raise RestoreError(f"This version can't be read any more ({exc}).") from exc
    try:
        with versions.new_version(
            story_id, user=user, comment=comment, expected_version=expected_version
        ) as new:
            story = new.story
            clash = Story.objects.filter(slug=stored.fields["slug"]).exclude(pk=story_id).first()
            if clash:
                raise RestoreError(
                    f"Not restored: its address “{stored.fields['slug']}” is now used by the "
                    f"story “{clash}”. Change that story's slug, or this story's, then restore "
                    "again."
                )
            for name in CONTENT_FIELDS:
                setattr(story, name, stored.fields[name])
            replace_parts(story, stored.parts)
    except (versions.StaleVersion, Story.DoesNotExist) as exc:
        raise RestoreError(
            "Not restored: the story was saved again since you opened this page. "
            "Look at the comparison again, then restore."
        ) from exc
    return story


def as_restored(stored, current):
    """The story a restore of `stored` makes of `current` (snapshots): stored content,
    current publication."""
    publication = {name: current.fields[name] for name in PUBLICATION_FIELDS}
    return Snapshot(fields={**stored.fields, **publication}, parts=stored.parts)


def replace_parts(story, parts):
    """Make the story's sections and links exactly `parts` ({collection: {pk: values}})."""
    for collection, model in PART_MODELS.items():
        rows = parts.get(collection, {})
        existing = model.objects.filter(story=story)
        existing.exclude(pk__in=rows).delete()
        # Move the rest out of the way, so restored positions land on free ones.
        existing.update(position=F("position") + POSITION_SHIFT)
        for pk, values in rows.items():
            part = model(pk=pk, story=story)
            for name in PART_FIELDS[collection]:
                setattr(part, model._meta.get_field(name).attname, values.get(name))
            part.save()
    unlink_deleted_targets(story)


def recover(version, user, comment):
    """Bring back a deleted story exactly as `version` holds it, as a new version."""
    try:
        version.revision.revert(delete=True)
    except RevertError as exc:
        raise RestoreError(f"Not recovered: {exc}") from exc
    story_id = int(version.object_id)
    unlink_deleted_targets(Story.objects.get(pk=story_id))
    with versions.new_version(story_id, user=user, comment=comment) as new:
        return new.story


def unlink_deleted_targets(story):
    """A restored link may point at a story deleted since; it stays, as plain text."""
    dangling = RelatedLink.objects.filter(story=story, target__isnull=False).exclude(
        target__in=Story.objects.all()
    )
    for link in dangling:
        link.target = None
        link.save(update_fields=["target"])
