"""Shared fixtures: fast settings, the seed story, a small story factory, and people in the
newsroom's roles."""

import importlib
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from articles import derived, page_cache
from articles.models import Correction, RelatedLink, Section, Story
from tests.pictures import photo_bytes

SEED_PATH = Path(__file__).resolve().parent.parent / "seeds" / "000_dc9bef031b674201.txt"

# Everything that could break a page if it were not escaped: a script end tag, quotes of every
# kind, an ampersand, a comment opener and letters outside ASCII.
HOSTILE_TEXT = "Mayor’s “</script><script>alert('x')</script>” & \"quotes\" <!-- über"
# Every part of the section bodies' Markdown subset (articles/markup.py), with hostile bits.
MARKUP_PARAGRAPHS = (
    'A *new* rule, says [the council](https://example.org/minutes?a=1&b=2 "It\'s here"), '
    "and **the mayor** [agreed](/stories/elsewhere/); [no](javascript:alert(1)) <b>trap</b>.\n\n"
    "- first point\n- second, with [a link](mailto:desk@example.org)\n\n"
    "1. one\n2. two\n\n"
    '> "A quote," she said.\n> It\'s long.'
)
# As readers see it on the page: straight quotes typographic (articles/markup.py).
HOSTILE_TEXT_ON_PAGE = "Mayor’s “</script><script>alert(‘x’)</script>” & “quotes” <!-- über"


@pytest.fixture(autouse=True, scope="session")
def fast_test_settings(tmp_path_factory):
    """Fast hashing, static files served from static/ with no collectstatic, a page cache
    of the run's own (the default kind: files shared by processes), and a media folder too.

    Session-wide, so that live servers started once per session see it too.
    """
    page_cache_dir = tmp_path_factory.mktemp("page-cache")
    with override_settings(
        # Uploaded pictures land in the run's own folder, removed with pytest's temporary files.
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        SERVE_MEDIA=True,
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": str(page_cache_dir),
                "OPTIONS": {"MAX_ENTRIES": 10_000},
            }
        },
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        STATIC_ROOT=None,
        WHITENOISE_USE_FINDERS=True,
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ):
        yield


@pytest.fixture(autouse=True)
def fresh_page_cache():
    """Each test starts with no stored pages: the next request starts a new generation."""
    cache.delete(page_cache.STATE_KEY)


@pytest.fixture
def seed_story(db):
    call_command("loaddata", "seed", verbosity=0)
    return Story.objects.get()


@pytest.fixture
def make_story(db):
    """Build a story with `sections` sections and `links` related links."""

    def make(
        headline="A story",
        *,
        status=Story.Status.PUBLISHED,
        published_at=None,
        sections=1,
        links=0,
        **fields,
    ):
        if published_at is None and status == Story.Status.PUBLISHED:
            published_at = timezone.now() - timedelta(hours=1)
        story = Story.objects.create(
            headline=headline, status=status, published_at=published_at, **fields
        )
        Section.objects.bulk_create(
            Section(
                story=story,
                position=n,
                heading=f"Heading {n}" if n > 1 else "",
                body=f"Paragraph {n}a.\n\nParagraph {n}b.",
            )
            for n in range(1, sections + 1)
        )
        RelatedLink.objects.bulk_create(
            RelatedLink(story=story, position=n, title=f"Related {n}") for n in range(1, links + 1)
        )
        # bulk_create sends no signals, so the stored summary and search document are
        # refreshed as every bulk writer does.
        derived.refresh([story.pk])
        story.refresh_from_db()
        return story

    return make


PASSWORD = "a long test password"


def role(name):
    """The group migration 0004 made. Tests that flush the database build it again the same
    way, since a flush keeps permissions but not groups."""
    if not Group.objects.filter(name=name).exists():
        roles = importlib.import_module("articles.migrations.0004_reporters_and_editors")
        roles.create_roles(apps, None)
        importlib.import_module("articles.migrations.0010_corrections").grant(apps, None)
    return Group.objects.get(name=name)


def login(user):
    """A test client logged in as `user`."""
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def make_user(django_user_model):
    """A user who can log in with PASSWORD; `role` is "Reporters" or "Editors"."""

    def make(username, role_name=None, *, staff=True, superuser=False):
        user = django_user_model.objects.create_user(
            username=username,
            password=PASSWORD,
            first_name=username.capitalize(),
            is_staff=staff or superuser,
            is_superuser=superuser,
        )
        if role_name:
            user.groups.add(role(role_name))
        return user

    return make


@pytest.fixture
def editor(db, make_user):
    return make_user("ana", "Editors")


@pytest.fixture
def reporter(db, make_user):
    return make_user("rui", "Reporters")


@pytest.fixture
def staff_page(live_server, new_context, make_user):
    """A browser page logged in as a new member of `role` ("Editors" or "Reporters"), through
    the real admin login form: staff_page("ana", "Editors")."""

    def log_in(username, role):
        make_user(username, role)
        page = new_context().new_page()
        page.goto(live_server.url + "/admin/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_url(live_server.url + "/admin/")
        return page

    return log_in


FIGURES = pytest.StashKey[list]()


@pytest.fixture
def report_figures(request):
    """Lines a test adds to the run's summary, such as the concurrency trials' figures."""
    return request.config.stash.setdefault(FIGURES, [])


def pytest_terminal_summary(terminalreporter, config):
    for line in config.stash.get(FIGURES, []):
        terminalreporter.write_line(line)


@pytest.fixture
def full_story(make_story, seed_story):
    """A story that uses every part of the page, with hostile text wherever readers see text.

    It has a standfirst, a byline, a substantive update, a table of contents (with a repeated
    heading), related links of all three kinds (another story, an external URL, plain text)
    and two published corrections.
    """
    now = timezone.now()
    story = make_story(
        HOSTILE_TEXT,
        standfirst=f"Standfirst: {HOSTILE_TEXT}",
        byline="Ana Pérez & Bo “Bob” O’Neil",
        published_at=now - timedelta(hours=3),
        revised_at=now - timedelta(hours=1),
        sections=4,
    )
    Section.objects.filter(story=story, position=4).update(heading="Heading 2")
    Section.objects.filter(story=story, position=3).update(heading=HOSTILE_TEXT)
    derived.refresh([story.pk])
    lead = story.sections.get(position=1)
    lead.body += f"\n\n{MARKUP_PARAGRAPHS}"  # saved, so its HTML is rendered and stored
    lead.save()
    RelatedLink.objects.bulk_create(
        [
            RelatedLink(story=story, position=1, title="The seed story", target=seed_story),
            RelatedLink(
                story=story, position=2, title="Elsewhere", url="https://example.org/a?b=1&c=2"
            ),
            RelatedLink(story=story, position=3, title="Just a title"),
        ]
    )
    Correction.objects.bulk_create(
        Correction(story=story, text=text, published_at=now - timedelta(minutes=minutes))
        for text, minutes in [(f"Correction: {HOSTILE_TEXT}", 150), ("It was Wednesday.", 100)]
    )
    return story


@pytest.fixture
def pictured_story(make_story):
    """A story with a lead image (its EXIF holds a GPS position) and a picture in a section,
    with hostile text in the words around them."""
    story = make_story("A story with pictures", standfirst="Seen from above.", sections=2)
    story.image = ContentFile(photo_bytes(gps=True), name="lead.jpg")
    story.image_alt = "Rooftops of the old town at dusk"
    story.image_caption = f"The old town. {HOSTILE_TEXT}"
    story.image_credit = "Ana Pérez/Newsroom"
    story.save()
    section = story.sections.get(position=2)
    section.image = ContentFile(photo_bytes(800, 600, fmt="PNG"), name="chart.png")
    section.image_alt = "A chart of rents rising since 2020"
    section.save()
    story.refresh_from_db()
    return story


@pytest.fixture
def reader_pages(full_story, seed_story, pictured_story):
    """The pages every standard is checked on: {name: path}."""
    return {
        "front page": "/",
        "story page": seed_story.get_absolute_url(),
        "story page with every part": full_story.get_absolute_url(),
        "corrections page": "/corrections/",
        "story page with pictures": pictured_story.get_absolute_url(),
        "search page": "/search/?q=models",
        "search page with a hostile query": "/search/?" + urlencode({"q": HOSTILE_TEXT}),
        "404 page": "/no/such/page/",
    }


pytest_plugins = ["tests.browser", "tests.production_server"]
