"""The two newsroom roles as groups, built from model permissions and `publish_story`.

Permissions normally appear only after every migration has run (post_migrate), so they are
created here first. Re-running is harmless: groups are fetched or created, and their
permissions are set to exactly these lists.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PART_PERMISSIONS = [
    f"{action}_{model}"
    for model in ("section", "relatedlink")
    for action in ("add", "change", "delete", "view")
]

ROLES = {
    # Reporters write: they create stories and edit drafts. The admin keeps live and
    # scheduled stories read-only for them, because they lack publish_story.
    "Reporters": ["add_story", "change_story", "view_story", *PART_PERMISSIONS],
    # Editors do everything with stories: publish, delete, restore, share previews.
    "Editors": [
        "add_story",
        "change_story",
        "delete_story",
        "view_story",
        "publish_story",
        *PART_PERMISSIONS,
        "add_previewlink",
        "change_previewlink",
        "delete_previewlink",
        "view_previewlink",
    ],
}


def create_roles(apps, schema_editor):
    app_config = apps.get_app_config("articles")
    # A migration's app config has no models module, and create_permissions skips those.
    app_config.models_module = getattr(app_config, "models_module", None) or True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(
            content_type__app_label="articles", codename__in=codenames
        )
        assert permissions.count() == len(codenames), f"missing permissions for {name}"
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_story_version_previewlink"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
