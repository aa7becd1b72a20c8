"""Text that can't break anything: control characters are refused (or a Word soft return
becomes a space) wherever text is stored, and feeds and sitemaps stay well-formed XML even when
a bad row reaches the database some other way."""

import importlib
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from articles.models import RelatedLink, Section, Story
from articles.text import CONTROL_CHARACTERS
from tests.test_admin import change_form_data

SOFT_RETURN_HEADLINE = "Mayor\x0bresigns"  # a headline pasted from Word
FORBIDDEN = ["\x00", "\x01", "\x08", "\x0c", "\x1b", "\x1f", "\x7f", "\x85", "\x9f", "\ufffe"]
ALLOWED = ["\t", "\n", "\r", "\u2028", "é", "“", "\U0001f600", "\ufffd"]


def raw_update(model, pk, **values):
    """UPDATE with plain SQL: no field conversion or validation, as a script or old row might."""
    table = model._meta.db_table
    assignments = ", ".join(f"{connection.ops.quote_name(name)} = %s" for name in values)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {assignments} WHERE id = %s", [*values.values(), pk])


# PostgreSQL can't store NUL in text at all, so the bad rows hold every other kind.
BAD = "A\x0bB\x01C\x08D\x1fE\x7fF\x85G\ufffeH"


@pytest.fixture
def bad_story(make_story):
    """A live story whose text reached the database without validation (raw SQL, old rows)."""
    story = make_story("Placeholder", links=1, byline="Ana")
    raw_update(Story, story.pk, headline=SOFT_RETURN_HEADLINE, standfirst=BAD, byline=BAD)
    raw_update(Section, story.sections.get().pk, heading=BAD, body=BAD)
    raw_update(RelatedLink, story.related_links.get().pk, title=BAD)
    return story


@pytest.mark.parametrize("path", ["/feeds/rss/", "/feeds/atom/"])
def test_feeds_stay_well_formed_with_control_characters_in_the_database(client, bad_story, path):
    response = client.get(path)
    assert response.status_code == 200
    ET.fromstring(response.content)  # raises on anything that is not well-formed XML
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.entries[0].title == "Mayor resigns"


@pytest.mark.parametrize("path", ["/sitemap.xml", "/sitemap-news.xml"])
def test_sitemaps_stay_well_formed_with_control_characters_in_the_database(client, bad_story, path):
    response = client.get(path)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    if path == "/sitemap-news.xml":
        title = root.find(".//{http://www.google.com/schemas/sitemap-news/0.9}title")
        assert title.text == "Mayor resigns"


def test_the_story_page_still_answers_with_control_characters_in_the_database(client, bad_story):
    assert client.get(bad_story.get_absolute_url()).status_code == 200


# --- Refused on the way in ----------------------------------------------------------------


@pytest.mark.parametrize("character", FORBIDDEN)
def test_full_clean_refuses_a_control_character_and_names_it(make_story, character):
    story = make_story("Fine")
    story.headline = f"Mayor{character}resigns"
    with pytest.raises(ValidationError) as error:
        story.full_clean()
    [message] = error.value.message_dict["headline"]
    assert f"contains a control character (U+{ord(character):04X}) at position 6" in message


@pytest.mark.parametrize("character", ALLOWED)
def test_ordinary_text_and_whitespace_are_not_control_characters(character):
    assert not CONTROL_CHARACTERS.search(f"a{character}b")


def test_every_stored_text_field_refuses_control_characters(make_story):
    story = make_story("Fine", links=1)
    section, link = story.sections.get(), story.related_links.get()
    rows = {
        story: ["headline", "standfirst", "byline"],
        section: ["heading", "body"],
        link: ["title", "url"],
    }
    for row, names in rows.items():
        for name in names:
            original = getattr(row, name)
            setattr(row, name, "https://example.org/\x01" if name == "url" else "x\x01")
            with pytest.raises(ValidationError) as error:
                row.full_clean()
            assert "U+0001" in " ".join(error.value.message_dict[name]), (row, name)
            setattr(row, name, original)


def test_a_word_soft_return_becomes_a_space_in_full_clean(make_story):
    story = make_story("Fine")
    story.headline = SOFT_RETURN_HEADLINE
    story.full_clean()
    assert story.headline == "Mayor resigns"


# --- In the admin ---------------------------------------------------------------------------


def change_url(story):
    return reverse("admin:articles_story_change", args=[story.pk])


def test_admin_refuses_a_control_character_with_the_text_kept(admin_client, make_story):
    story = make_story("Fine", sections=2)
    data = change_form_data(story) | {
        "headline": "Mayor\x1bresigns",
        "sections-1-body": "Para one.\x00",
    }
    response = admin_client.post(change_url(story), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "contains a control character (U+001B) at position 6" in html
    assert "contains a control character (U+0000) at position 10" in html
    assert response.context["adminform"].form["headline"].value() == "Mayor\x1bresigns"
    story.refresh_from_db()
    assert story.headline == "Fine"


def test_admin_saves_a_word_soft_return_as_a_space(admin_client, client, make_story):
    story = make_story("Fine", links=1)
    data = change_form_data(story) | {
        "headline": SOFT_RETURN_HEADLINE,
        "standfirst": "One\x0btwo",
        "sections-0-heading": "Head\x0bing",
        "related_links-0-title": "Link\x0btitle",
    }
    response = admin_client.post(change_url(story), data)
    assert response.status_code == 302, response.context["errors"]
    story.refresh_from_db()
    assert (story.headline, story.standfirst) == ("Mayor resigns", "One two")
    assert story.sections.get().heading == "Head ing"
    assert story.related_links.get().title == "Link title"
    assert client.get("/feeds/rss/").status_code == 200


def test_the_data_migration_cleans_rows_saved_before(bad_story):
    from django.apps import apps

    migration = importlib.import_module("articles.migrations.0007_clean_text")
    migration.clean_existing_rows(apps, None)
    bad_story.refresh_from_db()
    assert bad_story.headline == "Mayor resigns"
    assert bad_story.standfirst == bad_story.byline == "A BCDEFGH"
    section, link = bad_story.sections.get(), bad_story.related_links.get()
    assert section.heading == section.body == link.title == "A BCDEFGH"
    bad_story.full_clean()
