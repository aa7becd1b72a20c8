"""Publishing and unpublishing outside the story form (the admin list's actions).

Each is a new version like any other edit (versions.new_version), so an editor with the
story open gets a merge, not an overwrite.
"""

from django.utils import timezone

from ..models import Story
from . import versions


def publication_time(published_at):
    """When a story published now goes live: now, unless it was live before (it keeps its
    first publication time). A scheduled time is brought forward to now."""
    now = timezone.now()
    return now if published_at is None or published_at > now else published_at


def set_status(story_id, user, status, comment):
    """Give one story `status`. Returns the story, or None if nothing changed."""
    try:
        with versions.new_version(story_id, user=user, comment=comment) as new:
            story = new.story
            if story.is_live if status == Story.Status.PUBLISHED else story.status == status:
                raise versions.Unchanged
            if status == Story.Status.PUBLISHED:
                story.published_at = publication_time(story.published_at)
            story.status = status
    except versions.Unchanged:
        return None
    return story


def publish_now(story_id, user):
    return set_status(story_id, user, Story.Status.PUBLISHED, "Published from the story list.")


def unpublish(story_id, user):
    return set_status(story_id, user, Story.Status.DRAFT, "Unpublished from the story list.")
