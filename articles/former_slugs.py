"""Old addresses keep working: every slug a story had answers with a 301 to its current one.

The slug is remembered by a pre_save signal, so every writer is covered: admin saves, list
actions, restores (which django-reversion saves the raw way) and the importer.
"""

from .models import FormerSlug, Story


def remember_old_slug(sender, instance, **kwargs):
    """pre_save of Story: a slug that is about to change becomes a FormerSlug of the story."""
    if instance.pk is None:
        return
    old = Story.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
    if old is None or old == instance.slug:
        return
    # The newest owner of an old slug is the one it leads to.
    FormerSlug.objects.update_or_create(slug=old, defaults={"story": instance})
    # Taking an old slug back makes it current again, not a redirect to itself.
    FormerSlug.objects.filter(slug=instance.slug, story=instance).delete()


def story_formerly_at(slug, *, include_unpublished=False):
    """The story that `slug` used to name, if readers (or staff) may be sent to it; else None.

    Only asked after a 404, so a story that has the slug now (a live one) always wins.
    """
    stories = Story.objects.all() if include_unpublished else Story.objects.published()
    former = FormerSlug.objects.filter(slug=slug, story__in=stories).select_related("story")
    return next((f.story for f in former), None)
