"""Migration 0008 fills the stored summary and search document of stories that already exist,
and can be reversed."""

from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

BEFORE = [("articles", "0007_clean_text")]
AFTER = [("articles", "0008_stored_summary_and_search")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_existing_stories_get_summaries_and_are_searchable(transactional_db):
    old = migrate(BEFORE)
    story = old.get_model("articles", "Story").objects.create(
        headline="Ferry strike",
        slug="ferry-strike",
        status="published",
        published_at="2025-01-01T10:00Z",
    )
    old.get_model("articles", "Section").objects.create(
        story_id=story.pk, position=1, body="Crews walked out at dawn."
    )
    new = migrate(AFTER)
    assert new.get_model("articles", "Story").objects.get().summary == "Crews walked out at dawn."
    # The search page reads stories with today's models: their later columns (0009's
    # pictures) must exist.
    call_command("migrate", verbosity=0)
    assert "Ferry strike" in Client().get("/search/?q=crews").content.decode()
    migrate(BEFORE)  # and back, leaving nothing behind that would break a re-run
    migrate(AFTER)
    call_command("migrate", verbosity=0)
