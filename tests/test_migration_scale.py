"""Migration 0008 fills the stored summary and search document of stories that already exist,
and can be reversed; 0012 renders the section bodies that already exist."""

from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

BEFORE = [("articles", "0007_clean_text")]
AFTER = [("articles", "0008_stored_summary_and_search")]
BEFORE_MARKUP = [("articles", "0008_stored_summary_and_search")]
AFTER_MARKUP = [("articles", "0012_markup")]
NOON = "2025-01-01T12:00Z"


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
    try:
        new = migrate(AFTER)
        summary = new.get_model("articles", "Story").objects.get().summary
        assert summary == "Crews walked out at dawn."
        # The site's code reads today's columns, which later migrations add.
        call_command("migrate", verbosity=0)
        assert "Ferry strike" in Client().get("/search/?q=crews").content.decode()
        migrate(BEFORE)  # and back, leaving nothing behind that would break a re-run
        migrate(AFTER)
    finally:
        # Whatever happened, the tests after this one get the current schema.
        call_command("migrate", verbosity=0)


def test_existing_bodies_are_rendered_and_their_plain_text_searched(transactional_db):
    try:
        old = migrate(BEFORE_MARKUP)
        story = old.get_model("articles", "Story").objects.create(
            headline="Ferry strike", slug="ferry-strike", status="published", published_at=NOON
        )
        old.get_model("articles", "Section").objects.create(
            story_id=story.pk,
            position=1,
            body="Crews *walked out* at [dawn](https://other.example/zzqx).",
        )
        new = migrate(AFTER_MARKUP)
        section = new.get_model("articles", "Section").objects.get()
        assert section.body_html == (
            '<p>Crews <em>walked out</em> at <a href="https://other.example/zzqx" rel="noopener">'
            "dawn</a>.</p>\n"
        )
        assert section.body_text == "Crews walked out at dawn."
        summary = new.get_model("articles", "Story").objects.get().summary
        assert summary == "Crews walked out at dawn."
        call_command("migrate", verbosity=0)
        assert "Ferry strike" in Client().get("/search/?q=dawn").content.decode()
        assert "Ferry strike" not in Client().get("/search/?q=zzqx").content.decode()
    finally:
        call_command("migrate", verbosity=0)
