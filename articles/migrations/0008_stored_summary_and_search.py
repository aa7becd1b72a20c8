"""Stored summaries and search documents, so that no page's cost grows with the archive.

PostgreSQL gets a GIN index on Story.search_document; SQLite gets an FTS5 table holding each
story's searchable text (rowid = the story's id). Neither is expressible as a model index on both
databases, so each is created here for its own database only. Existing stories are then filled in.
"""

import django.contrib.postgres.search
from django.db import migrations, models

FTS_TABLE = "articles_story_fts"


def create_search_structures(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX story_search_document_idx ON articles_story USING gin (search_document)"
        )
    elif vendor == "sqlite":
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(headline, standfirst, body, byline, "
            "tokenize = 'porter unicode61 remove_diacritics 2')"
        )


def drop_search_structures(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS story_search_document_idx")
    elif vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


def fill_existing_stories(apps, schema_editor):
    # The app's own refresh reads and writes only the columns it names, all present by now.
    # Section.body_text comes in 0012; until then bodies had no Markdown: the body is the text.
    from articles import derived

    Story = apps.get_model("articles", "Story")
    derived.refresh(Story.objects.values_list("pk", flat=True), body="body")


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0007_clean_text'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='story',
            name='story_listing_idx',
        ),
        migrations.AddField(
            model_name='story',
            name='search_document',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True, serialize=False),
        ),
        migrations.AddField(
            model_name='story',
            name='summary',
            field=models.CharField(blank=True, editable=False, help_text='The standfirst, or else the opening of the lead, on one line.', max_length=160, serialize=False),
        ),
        migrations.AddIndex(
            model_name='story',
            index=models.Index(fields=['status', '-published_at', '-id'], name='story_listing_idx'),
        ),
        migrations.AddIndex(
            model_name='story',
            index=models.Index(fields=['-published_at', '-id'], name='story_newest_idx'),
        ),
        migrations.RunPython(create_search_structures, drop_search_structures),
        migrations.RunPython(fill_existing_stories, migrations.RunPython.noop),
    ]
