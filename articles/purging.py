"""Purging: a change to a story, a section or a related link makes every stored page out of date.

Signals catch every writer (admin saves and list actions, restore, recover, the importer,
`loaddata`'s raw saves, deletes and their cascades), whatever code path made the change. Each
change starts a new page-cache generation at once, and again when its transaction commits (a
page rendered from the old rows in between is then out of date too). After the commit the
CDN is told the absolute addresses that showed the story: PAGE_PURGE_HOOK names a callable that
receives them (by default they are logged).
"""

import logging
import math
import threading

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils.module_loading import import_string

from . import page_cache, rendering
from .models import Correction, RelatedLink, Section, Story
from .views import CorrectionsView, FrontPageView

logger = logging.getLogger("newsroom.purge")

# What changed in this thread since the last commit: story ids, and paths known only now
# (a deleted story's address, a story's old address after its slug changed).
pending = threading.local()

SITE_WIDE = (
    "articles:rss",
    "articles:atom",
    "articles:sitemap",
    "articles:news-sitemap",
    "articles:corrections-rss",
    "articles:corrections-atom",
)


def log_purge(urls):
    """The default PAGE_PURGE_HOOK: say what a CDN would be asked to purge."""
    logger.info("Purge %d URLs: %s", len(urls), " ".join(urls))


def changed(story_id=None, path=None):
    page_cache.new_generation(reschedule=False)
    if story_id is not None:
        rendering.new_version(story_id)
    if not hasattr(pending, "story_ids"):
        pending.story_ids, pending.paths = set(), set()
    if story_id is not None:
        pending.story_ids.add(story_id)
    if path is not None:
        pending.paths.add(path)
    # Registered per change: a rolled-back savepoint drops its own callbacks, not the others.
    # Robust: the change is committed by then, and a failed CDN call must not turn it into an
    # error page (it is logged).
    transaction.on_commit(after_commit, robust=True)


def after_commit():
    story_ids, paths = getattr(pending, "story_ids", set()), getattr(pending, "paths", set())
    if not (story_ids or paths):
        return  # an earlier callback of the same commit did the work
    pending.story_ids, pending.paths = set(), set()
    page_cache.new_generation()
    for story_id in story_ids:
        rendering.new_version(story_id)
    urls = [settings.SITE_URL + path for path in sorted(paths | pages_showing(story_ids))]
    import_string(settings.PAGE_PURGE_HOOK)(urls)


def pages_showing(story_ids):
    """Paths of every page that can show these stories: their own pages, the pages of stories
    whose related links point at them, the front pages, the corrections pages, the feeds and
    the sitemaps."""
    linking = RelatedLink.objects.filter(target__in=story_ids).values("story")
    stories = Story.objects.filter(Q(pk__in=story_ids) | Q(pk__in=linking))
    paths = {story_path(slug) for slug in stories.values_list("slug", flat=True)}
    paths |= {reverse(name) for name in SITE_WIDE} | sitemap_pages(story_ids)
    paths |= list_pages(FrontPageView, "articles:front", Story.objects.published())
    return paths | list_pages(
        CorrectionsView, "articles:corrections", Correction.objects.published()
    )


def list_pages(view, name, items):
    """A paginated list's paths, page 1 to its last (capped) page."""
    first = reverse(name)
    pages = min(view.MAX_PAGES, -(-items.count() // view.paginate_by))
    return {first} | {f"{first}?page={n}" for n in range(2, pages + 1)}


def sitemap_pages(story_ids):
    """The front pages' sitemap, and the story sitemap's pages holding these stories (fixed
    ranges of ids, articles/sitemaps.py); page 1 answers with and without ?p=1."""

    def section(name):
        return reverse("articles:sitemap-section", kwargs={"section": name})

    stories = section("stories")
    numbers = {math.ceil(pk / settings.SITEMAP_PAGE_URLS) for pk in story_ids}
    return (
        {section("front")}
        | {f"{stories}?p={n}" for n in numbers}
        | ({stories} if 1 in numbers else set())
    )


def story_path(slug):
    return reverse("articles:story", kwargs={"slug": slug})


@receiver(pre_save, sender=Story, dispatch_uid="purge_old_story_address")
def remember_old_address(sender, instance, raw, **kwargs):
    if instance.pk is None or raw:
        return
    old = Story.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
    if old is not None and old != instance.slug:
        changed(path=story_path(old))


@receiver(pre_delete, sender=Story, dispatch_uid="purge_stories_linking_to_deleted")
def remember_linking_stories(sender, instance, **kwargs):
    # Deleting the story empties the links' target, so find the stories that showed it now.
    linking = Story.objects.filter(related_links__target=instance)
    for slug in linking.values_list("slug", flat=True):
        changed(path=story_path(slug))


@receiver(post_save, sender=Story, dispatch_uid="purge_saved_story")
@receiver(post_delete, sender=Story, dispatch_uid="purge_deleted_story")
def story_changed(sender, instance, **kwargs):
    changed(instance.pk, path=instance.get_absolute_url())


@receiver(post_save, sender=Section, dispatch_uid="purge_saved_section")
@receiver(post_delete, sender=Section, dispatch_uid="purge_deleted_section")
@receiver(post_save, sender=RelatedLink, dispatch_uid="purge_saved_link")
@receiver(post_delete, sender=RelatedLink, dispatch_uid="purge_deleted_link")
def part_changed(sender, instance, **kwargs):
    changed(instance.story_id)


@receiver(post_save, sender=Correction, dispatch_uid="purge_published_correction")
def correction_changed(sender, instance, **kwargs):
    # A draft shows nowhere; publishing one also saves its story, which purges the rest.
    if instance.published_at is not None:
        changed(instance.story_id)
