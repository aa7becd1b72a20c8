"""A story's history, kept by django-reversion: find a stored version by its number, say who
saved since, and restore a revision (or a deleted story) exactly, as a new revision.

Each revision holds one story with its sections and related links, and the story's `version`
number travels inside it. That number is how a form opened on an older version finds the
text it was opened on.
"""

import reversion
from django.db import transaction
from django.db.models import F
from reversion.errors import RevertError
from reversion.models import Version

from .forms import POSITION_SHIFT
from .models import RelatedLink, Section, Story

# How far back "who saved since you opened it" looks; more would only lengthen a message.
SAVES_SHOWN = 20


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


def version_numbered(story_id, number):
    """The newest stored Version of the story whose own `version` field is `number`."""
    # The text search narrows the candidates in the database; the check is exact.
    candidates = story_versions(story_id).filter(serialized_data__contains=f'"version": {number}')
    return next((v for v in candidates if stored_number(v) == number), None)


def saves_since(story_id, number):
    """Revisions that saved the story after version `number`, oldest first.

    With no number (a form that carried none), the latest save alone.
    """
    later = []
    for version in story_versions(story_id)[:SAVES_SHOWN]:
        stored = stored_number(version)
        if number is not None and (stored is None or stored <= number):
            break
        later.append(version.revision)
        if number is None:
            break
    return later[::-1]


def record_baseline(story_id):
    """Make sure the version saved now is in the history.

    Stories loaded from a fixture or changed outside the admin may have no revision for
    their current version; a form opened on it needs one, to be merged when it is saved.
    """
    with transaction.atomic():
        story = Story.objects.select_for_update().filter(pk=story_id).first()
        if story is None or version_numbered(story_id, story.version):
            return
        with reversion.create_revision():
            reversion.add_to_revision(story)
            reversion.set_comment("The story as it was when first opened in the admin.")


def restore(version, user, comment, expected_version=None):
    """Bring the story back exactly as it was in `version`'s revision, as a new revision.

    Sections and links deleted since come back, ones added since go, and a deleted story is
    recovered. With `expected_version`, the story must still be at that version (the one the
    editor looked at before restoring). Raises RestoreError, changing nothing, when any of
    this can't be done cleanly.
    """
    try:
        stored = version.field_dict
    except RevertError as exc:
        raise RestoreError(f"This version can't be read any more ({exc}).") from exc
    story_id = int(version.object_id)
    with transaction.atomic(), reversion.create_revision():
        current = Story.objects.select_for_update().filter(pk=story_id).first()
        if expected_version is not None and (
            current is None or current.version != expected_version
        ):
            raise RestoreError(
                "Not restored: the story was saved again since you opened this page. "
                "Look at the comparison again, then restore."
            )
        clash = Story.objects.filter(slug=stored["slug"]).exclude(pk=story_id).first()
        if clash:
            raise RestoreError(
                f"Not restored: its address “{stored['slug']}” is now used by the story "
                f"“{clash}”. Change that story's slug, or this story's, then restore again."
            )
        # Move today's parts out of the way, so restored ones land on free positions.
        for model in (Section, RelatedLink):
            model.objects.filter(story_id=story_id).update(position=F("position") + POSITION_SHIFT)
        try:
            version.revision.revert(delete=True)
        except RevertError as exc:
            raise RestoreError(f"Not restored: {exc}") from exc
        story = Story.objects.get(pk=story_id)
        unlink_deleted_targets(story)
        latest = current.version if current else stored_number(story_versions(story_id)[0])
        story.version = max(latest or 0, stored.get("version") or 0) + 1
        story.save()
        reversion.set_user(user)
        reversion.set_comment(comment)
    return story


def unlink_deleted_targets(story):
    """A restored link may point at a story deleted since; it stays, as plain text."""
    dangling = RelatedLink.objects.filter(story=story, target__isnull=False).exclude(
        target__in=Story.objects.all()
    )
    for link in dangling:
        link.target = None
        link.save(update_fields=["target"])
