"""The seed fixture: loads with loaddata, never duplicates, and agrees with the importer."""

import os
import subprocess
import sys

import pytest
import reversion
from django.core.management import CommandError, call_command

from articles.importer import parse_article
from articles.models import RelatedLink, Section, Story
from articles.seeding import load_seed
from tests.conftest import SEED_PATH


def test_loading_the_seed_twice_leaves_one_story(db):
    call_command("loaddata", "seed", verbosity=0)
    call_command("loaddata", "seed", verbosity=0)
    story = Story.objects.get()
    assert story.sections.count() == 6
    assert story.related_links.count() == 4
    assert Section.objects.count() == 6 and RelatedLink.objects.count() == 4


def test_seed_story_is_published_and_visible(seed_story):
    assert Story.objects.published().get() == seed_story


def test_fixture_and_importer_agree(seed_story):
    article = parse_article(SEED_PATH)
    assert seed_story.headline == article.headline
    assert [(s.heading, s.body) for s in seed_story.sections.all()] == [
        (s.heading, s.body) for s in article.sections
    ]
    assert [link.title for link in seed_story.related_links.all()] == article.related


def test_seed_file_is_kept_verbatim_with_its_typographic_quotes():
    raw = SEED_PATH.read_bytes()
    assert "‘LLM Bubble’".encode() in raw
    assert not raw.endswith(b"\n")  # the source ends without a newline, and so does the copy
    assert len(raw.decode("utf-8").splitlines()) == 20


# --- Seeding never overwrites editorial work (issue 9, bug 3) ---------------------------------


def edit_through_a_writer(story, **fields):
    """An editor's save: new text, the version up by one, and a revision, as every writer does."""
    with reversion.create_revision():
        for name, value in fields.items():
            setattr(story, name, value)
        story.version += 1
        story.save()


def test_loaddata_on_an_empty_database_loads_the_seed_and_stays_idempotent(db):
    call_command("loaddata", "seed", verbosity=0)
    call_command("loaddata", "seed", verbosity=0)
    assert Story.objects.get().version == 1


def test_loaddata_refuses_to_overwrite_an_edited_seed_story(seed_story):
    edit_through_a_writer(seed_story, headline="Edited by the desk", status=Story.Status.DRAFT)
    Section.objects.filter(story=seed_story, position=1).update(body="The desk's lead.")
    with pytest.raises(CommandError, match="has been edited") as refused:
        call_command("loaddata", "seed", verbosity=0)
    assert seed_story.slug in str(refused.value)
    story = Story.objects.get()
    assert story.headline == "Edited by the desk"
    assert story.status == Story.Status.DRAFT  # not re-published
    assert story.version == 2  # never back to 1
    assert story.sections.get(position=1).body == "The desk's lead."


def test_loaddata_refuses_when_the_seed_story_has_a_revision_even_at_version_one(seed_story):
    with reversion.create_revision():
        seed_story.save()
    with pytest.raises(CommandError, match="has been edited"):
        call_command("loaddata", "seed", verbosity=0)


def test_refused_loaddata_exits_non_zero_with_the_reason(tmp_path):
    """From the command line, on a database of its own (a command closes its connections)."""
    env = {
        "PATH": os.environ["PATH"],
        "SECRET_KEY": "test-only",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }

    def manage(*args):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=SEED_PATH.parent.parent,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    assert manage("migrate", "--noinput").returncode == 0
    assert manage("seed").stdout.startswith("Loaded the seed story")
    edit = "from articles.models import Story; Story.objects.update(headline='Edited', version=2)"
    assert manage("shell", "-c", edit).returncode == 0
    refused = manage("loaddata", "seed")
    assert refused.returncode == 1
    assert "seed: not loaded:" in refused.stderr and "has been edited" in refused.stderr
    headline = "from articles.models import Story; print(Story.objects.get().headline)"
    assert manage("shell", "-c", headline).stdout.strip().endswith("Edited")


def test_seed_command_loads_the_seed_only_when_it_is_absent(db, capsys):
    call_command("seed")
    assert "Loaded the seed story" in capsys.readouterr().out
    story = Story.objects.get()
    edit_through_a_writer(story, headline="Edited by the desk")
    call_command("seed")
    assert "already here" in capsys.readouterr().out
    story.refresh_from_db()
    assert (story.headline, story.version) == ("Edited by the desk", 2)
    assert Story.objects.count() == 1


def test_load_seed_says_what_it_did(db):
    assert load_seed().loaded is True
    assert load_seed().loaded is False


def test_make_run_seeds_with_the_command_that_never_overwrites():
    run_recipe = (SEED_PATH.parent.parent / "Makefile").read_text().split("\nrun:")[1]
    run_recipe = run_recipe.split("\n\n")[0]
    assert "manage.py seed" in run_recipe
    assert "loaddata" not in run_recipe
