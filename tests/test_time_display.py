"""Times in the newsroom's zone, with the zone named, in one editor-facing format."""

import shutil
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from articles.editing.display import editor_time
from articles.models import Story
from tests.test_settings import ROOT, manage

SHOW_ZONE = "from django.conf import settings; print(settings.TIME_ZONE, settings.USE_TZ)"
WINTER = datetime(2026, 11, 29, 13, 57, tzinfo=UTC)
SUMMER = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)


def test_the_newsrooms_zone_defaults_to_london_and_comes_from_the_environment(project):
    base = {"SECRET_KEY": "x"}
    assert manage(project, env=base, code=SHOW_ZONE).stdout.split() == ["Europe/London", "True"]
    chosen = base | {"TIME_ZONE": "America/New_York"}
    assert manage(project, env=chosen, code=SHOW_ZONE).stdout.split() == [
        "America/New_York",
        "True",
    ]


@pytest.fixture
def project(tmp_path):
    """The settings and the app, with no .env: only what a test sets counts."""
    for name in ["newsroom", "articles"]:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


@pytest.mark.parametrize(
    ("zone", "moment", "shown"),
    [
        ("Europe/London", WINTER, "29 Nov 2026, 13:57 GMT"),
        ("Europe/London", SUMMER, "1 Jul 2026, 13:00 BST"),
        ("America/New_York", WINTER, "29 Nov 2026, 08:57 EST"),
    ],
)
def test_editor_times_are_in_the_newsrooms_zone_with_the_zone_named(zone, moment, shown):
    with override_settings(TIME_ZONE=zone):
        assert editor_time(moment) == shown


@override_settings(TIME_ZONE="America/New_York")
def test_the_story_list_shows_every_time_in_one_format(admin_client, make_story):
    make_story("Later", published_at=datetime(2099, 11, 29, 13, 57, tzinfo=UTC))
    Story.objects.update(updated_at=WINTER)
    html = admin_client.get(reverse("admin:articles_story_changelist")).content.decode()
    assert "Scheduled for 29 Nov 2099, 08:57 EST" in html
    assert "29 Nov 2026, 08:57 EST" in html  # last saved
    assert "p.m." not in html and "a.m." not in html


@override_settings(TIME_ZONE="America/New_York")
def test_readers_see_times_in_the_newsrooms_zone_with_the_zone_named(client, make_story):
    story = make_story("News", published_at=WINTER)
    html = client.get(story.get_absolute_url()).content.decode()
    assert "29 November 2026, 08:57 EST" in html
    assert 'datetime="2026-11-29T08:57:00-05:00"' in html


def test_the_editor_date_format_is_declared_once():
    root = settings.BASE_DIR
    typed = [
        str(path.relative_to(root))
        for folder in ("articles", "templates", "newsroom")
        for path in (root / folder).rglob("*")
        if path.suffix in {".py", ".html"} and "j M Y" in path.read_text(encoding="utf-8")
    ]
    assert typed == ["newsroom/formats/en/formats.py"]
