"""Corrections are append-only: publishing one is final.

Once a correction is published it is never changed or deleted, by any writer: `save()` and
fixtures (`loaddata`'s raw saves) pass the pre_save guard here, deletes and cascades the
pre_delete guard, bulk updates CorrectionQuerySet.update, and a story with a published
correction can't be deleted (models.keep_published_corrections). A fix to a correction is a
new correction.

Publishing is a new version of its story (versions.new_version): the story's "Updated" time
becomes the correction's, the page cache is purged by the story's save, and the story's
history gets an entry saying who published which correction.
"""

from django.db import transaction
from django.db.models.signals import pre_delete, pre_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.text import Truncator

from .editing import versions
from .models import Correction


class CorrectionLocked(Exception):
    """A write that would change or delete a published correction. Nothing is written."""


class CannotPublish(Exception):
    """The correction can't be published now; the message is for the editor."""


# What no write may change in a published correction: its story and what readers see. Saving
# it unchanged (a fixture holding the same correction again) is a no-op, and who wrote or
# published it may be forgotten (a deleted user's SET_NULL).
COMPARED_FIELDS = ("story_id", "text", "published_at")


@receiver(pre_save, sender=Correction, dispatch_uid="corrections_are_append_only")
def refuse_rewrite(sender, instance, raw, **kwargs):
    if instance.pk is None:
        return
    stored = Correction.objects.filter(pk=instance.pk, published_at__isnull=False).first()
    if stored is None:
        return  # a draft, or a new row: anything goes
    if any(getattr(stored, name) != getattr(instance, name) for name in COMPARED_FIELDS):
        raise CorrectionLocked(
            f"Correction {instance.pk} is published and is never changed; add a new one."
        )


@receiver(pre_delete, sender=Correction, dispatch_uid="corrections_are_never_deleted")
def refuse_delete(sender, instance, **kwargs):
    stored = Correction.objects.filter(pk=instance.pk, published_at__isnull=False)
    if instance.published_at is not None or stored.exists():
        raise CorrectionLocked(f"Correction {instance.pk} is published and is never deleted.")


def publish(correction_id, user):
    """Publish a draft correction now, as a new version of its live story. Returns it."""
    with transaction.atomic():
        correction = Correction.objects.select_for_update().filter(pk=correction_id).first()
        if correction is None:
            raise CannotPublish("This correction no longer exists.")
        if correction.published_at is not None:
            raise CannotPublish("This correction is already published.")
        if not correction.story.is_live:
            raise CannotPublish(
                "Only a live story's corrections are published. Until the story is live, "
                "change its text instead."
            )
        text = Truncator(correction.text).chars(80)
        with versions.new_version(
            correction.story_id, user=user, comment=f"Published a correction: “{text}”"
        ) as new:
            correction.published_at = timezone.now()
            correction.published_by = user
            correction.save(update_fields=["published_at", "published_by"])
            new.story.revised_at = correction.published_at
        return correction
