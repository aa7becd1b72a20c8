"""Publishing and unpublishing outside the story form (the admin list's actions).

Each is a save like any other edit: the story's row is locked, its version goes up, and it
gets a revision of its own, so an editor with the story open gets a merge, not an overwrite.
"""

import reversion
from django.db import transaction
from django.utils import timezone

from .models import Story


def set_status(story_id, user, status, comment):
    """Give one story `status`. Returns the story, or None if nothing changed."""
    with transaction.atomic(), reversion.create_revision():
        story = Story.objects.select_for_update().get(pk=story_id)
        now = timezone.now()
        if status == Story.Status.PUBLISHED:
            if story.is_live:
                return None
            # "Publish now" overrides a schedule, but a story that was live before keeps
            # its original publication time.
            if story.published_at is None or story.published_at > now:
                story.published_at = now
        elif story.status == status:
            return None
        story.status = status
        story.version += 1
        story.save()
        reversion.set_user(user)
        reversion.set_comment(comment)
    return story


def publish_now(story_id, user):
    return set_status(story_id, user, Story.Status.PUBLISHED, "Published from the story list.")


def unpublish(story_id, user):
    return set_status(story_id, user, Story.Status.DRAFT, "Unpublished from the story list.")
