"""StoryRevision: the story version each revision holds, indexed, replacing a text search
in reversion's serialized JSON. Existing revisions are numbered from their stored data."""

import json

import django.db.models.deletion
from django.db import migrations, models


def number_existing_revisions(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Version = apps.get_model("reversion", "Version")
    StoryRevision = apps.get_model("articles", "StoryRevision")
    story_type = ContentType.objects.filter(app_label="articles", model="story").first()
    if story_type is None:
        return
    rows = []
    for version in Version.objects.filter(content_type=story_type).iterator():
        try:
            [stored] = json.loads(version.serialized_data)
            number = int(stored["fields"]["version"])
            story_id = int(version.object_id)
        except (ValueError, KeyError, TypeError):
            continue  # unreadable data: that revision simply has no number, as before
        rows.append(
            StoryRevision(revision_id=version.revision_id, story_id=story_id, version=number)
        )
    StoryRevision.objects.bulk_create(rows, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_reporters_and_editors"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]

    operations = [
        migrations.CreateModel(
            name="StoryRevision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("story_id", models.PositiveIntegerField()),
                ("version", models.PositiveIntegerField()),
                (
                    "revision",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="story_versions",
                        to="reversion.revision",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["story_id", "version"], name="storyrevision_version_idx"
                    )
                ],
            },
        ),
        migrations.RunPython(number_existing_revisions, migrations.RunPython.noop),
    ]
