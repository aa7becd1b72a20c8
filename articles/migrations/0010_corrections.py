"""Corrections, and their permissions for the two roles: reporters draft corrections (and
change or delete their drafts), editors also publish them. Published ones are changed or
deleted by no one (articles/corrections.py), whatever the permissions say."""

from django.contrib.auth.management import create_permissions

import articles.models
import articles.text
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


DRAFTING = ["add_correction", "change_correction", "delete_correction", "view_correction"]
ROLES = {"Reporters": DRAFTING, "Editors": [*DRAFTING, "publish_correction"]}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("articles")
    # As in 0004: a migration's app config has no models module, and create_permissions
    # skips those.
    app_config.models_module = getattr(app_config, "models_module", None) or True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue  # a database whose groups were removed: nothing to add to
        permissions = Permission.objects.filter(
            content_type__app_label="articles", codename__in=codenames
        )
        assert permissions.count() == len(codenames), f"missing permissions for {name}"
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    codenames = {codename for codenames in ROLES.values() for codename in codenames}
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_pictures"),
        ("articles", "0004_reporters_and_editors"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Correction",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "text",
                    articles.text.PlainTextField(
                        help_text="What was wrong and what is right, in full sentences readers understand alone, e.g. “An earlier version of this story said the vote was on Tuesday. It was on Wednesday.” Once published it can't be changed: to fix it, add a new correction."
                    ),
                ),
                ("published_at", models.DateTimeField(blank=True, editable=False, null=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "created_by",
                    models.ForeignKey(
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "published_by",
                    models.ForeignKey(
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "story",
                    models.ForeignKey(
                        on_delete=articles.models.keep_published_corrections,
                        related_name="corrections",
                        to="articles.story",
                    ),
                ),
            ],
            options={
                "ordering": ["published_at", "created_at", "pk"],
                "permissions": [("publish_correction", "Can publish corrections")],
                "indexes": [
                    models.Index(fields=["-published_at", "-id"], name="correction_newest_idx")
                ],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
