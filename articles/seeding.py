"""The seed story, loaded without ever overwriting what editors have done to it.

`load_seed()` (the `seed` command, which `make run` uses) loads `fixtures/seed.json` only
when its story is absent. A fixture load (`manage.py loaddata`, which this app extends) over
a story that editors have changed since (its version went up, or it has a revision) is
refused with a clear error, and nothing is loaded: a fixture would silently put back old
text, re-publish, backdate `updated_at` and turn `version` back.
"""

import json
from dataclasses import dataclass

from django.conf import settings
from django.core.management import CommandError, call_command
from reversion.models import Version

from .models import Story

SEED_FIXTURE = "seed"


class EditedStoryInFixture(CommandError):
    """A fixture would overwrite editorial work. A CommandError, so `manage.py loaddata`
    prints the reason and exits non-zero instead of showing a traceback."""


@dataclass
class SeedResult:
    loaded: bool
    story: Story

    def __str__(self):
        where = self.story.get_absolute_url()
        if self.loaded:
            return f"Loaded the seed story “{self.story}” at {where}."
        return f"The seed story “{self.story}” is already here ({where}); left as it is."


def seed_slug():
    """The slug of the story in fixtures/seed.json (its natural key)."""
    path = settings.BASE_DIR / "fixtures" / f"{SEED_FIXTURE}.json"
    entries = json.loads(path.read_text(encoding="utf-8"))
    return next(e["fields"]["slug"] for e in entries if e["model"] == "articles.story")


def load_seed():
    """Load the seed story if no story has its slug; never touch one that is there."""
    slug = seed_slug()
    story = Story.objects.filter(slug=slug).first()
    if story is not None:
        return SeedResult(loaded=False, story=story)
    call_command("loaddata", SEED_FIXTURE, verbosity=0)
    return SeedResult(loaded=True, story=Story.objects.get(slug=slug))


def edits_to(story_id):
    """Why the saved story counts as edited, or "" when it is as a fixture left it."""
    saved = Story.objects.filter(pk=story_id).values_list("version", flat=True).first()
    if saved is None:
        return ""
    revisions = Version.objects.get_for_object_reference(Story, str(story_id)).count()
    if saved <= 1 and not revisions:
        return ""
    return f"version {saved}, {revisions} revision{'' if revisions == 1 else 's'}"


def refuse_to_overwrite(instance, fixture_label):
    """Raise EditedStoryInFixture if loading `instance` (a story, section or related link
    read from a fixture) would overwrite a story editors have changed."""
    story_id = instance.pk if isinstance(instance, Story) else getattr(instance, "story_id", None)
    if story_id is None or not (edits := edits_to(story_id)):
        return
    slug = Story.objects.filter(pk=story_id).values_list("slug", flat=True).get()
    raise EditedStoryInFixture(
        f"{fixture_label}: not loaded: the story “{slug}” has been edited in the newsroom "
        f"since it was loaded ({edits}), and this fixture would overwrite it. Nothing was "
        "changed. To start again from the fixture, delete that story in the admin first."
    )
