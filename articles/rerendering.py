"""Render every section body again, for when what a body renders to changed without the body
changing: BODY_LINKS_NOFOLLOW or SITE_URL (which links count as external) was changed, or the
renderer itself was. `manage.py render_bodies` runs it."""

from itertools import batched

from django.db import transaction

from . import derived, purging
from .markup import render_body
from .models import Section

BATCH = 2000


def render_bodies():
    """Store each section's HTML and text afresh where they differ; purge the stories whose
    pages change. Returns the number of sections changed."""
    changed_stories, count = set(), 0
    sections = Section.objects.only("pk", "story_id", "body", "body_html", "body_text")
    with transaction.atomic():
        for batch in batched(sections.order_by("pk").iterator(BATCH), BATCH):
            stale = []
            for section in batch:
                rendered = render_body(section.body)
                if (section.body_html, section.body_text) != (rendered.html, rendered.text):
                    section.body_html, section.body_text = rendered.html, rendered.text
                    stale.append(section)
            Section.objects.bulk_update(stale, ["body_html", "body_text"])  # no signals
            changed_stories |= {section.story_id for section in stale}
            count += len(stale)
        derived.refresh(changed_stories)
        for story_id in changed_stories:
            purging.changed(story_id)
    return count
