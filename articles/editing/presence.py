"""Who else has a story open: when an editor opens a story's change form, that is noted for
15 minutes, and the next editor to open it is told who and when, unless that person has saved
the story since.

Presence is ephemeral, so it lives in Django's cache (shared by every app server when
CACHE_URL is Redis) and never in the database: opening a form writes nothing to the story or
its history. One cache entry per story holds {user id: (name, opened at)}.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache
from django.utils import timezone
from reversion.models import Version

from ..models import Story
from .display import display_name

WINDOW = timedelta(minutes=15)


@dataclass(frozen=True)
class Presence:
    name: str
    opened_at: datetime


def cache_key(story_id):
    return f"articles:presence:{story_id}"


def recent(story_id):
    """{user id: Presence} of everyone who opened the story within WINDOW."""
    since = timezone.now() - WINDOW
    entries = cache.get(cache_key(story_id)) or {}
    return {
        user_id: Presence(name, opened_at)
        for user_id, (name, opened_at) in entries.items()
        if opened_at > since
    }


def record_open(story_id, user):
    """Note that `user` opened the story's change form now."""
    entries = {pk: (p.name, p.opened_at) for pk, p in recent(story_id).items()}
    entries[user.pk] = (display_name(user), timezone.now())
    cache.set(cache_key(story_id), entries, timeout=WINDOW.total_seconds())


def others_editing(story_id, user):
    """[Presence] of the others who opened the story in the last 15 minutes and have not
    saved it since, earliest first."""
    others = {pk: p for pk, p in recent(story_id).items() if pk != user.pk}
    if not others:
        return []
    saves = Version.objects.get_for_object_reference(Story, str(story_id)).filter(
        revision__user__in=others,
        revision__date_created__gte=min(p.opened_at for p in others.values()),
    )
    for saver_id, saved_at in saves.values_list("revision__user", "revision__date_created"):
        if saver_id in others and saved_at >= others[saver_id].opened_at:
            del others[saver_id]
    return sorted(others.values(), key=lambda p: p.opened_at)
