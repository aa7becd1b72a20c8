"""Presence: an editor who opens a story is told who else opened it in the last 15 minutes
and has not saved since. Kept in the cache only: opening a form writes nothing to the story."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.editing import presence
from tests.test_admin import change_form_data

WARNING = "Someone else may be editing this story."


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def two_editors(make_user):
    people = []
    for username, last in [("ana", "Pérez"), ("bo", "Okafor")]:
        user = make_user(username, "Editors")
        user.last_name = last
        user.save()
        client = Client()
        client.force_login(user)
        people.append(client)
    return people


def open_form(client, story):
    return client.get(reverse("admin:articles_story_change", args=[story.pk]))


def test_the_second_editor_is_told_who_opened_the_story_and_when(two_editors, seed_story):
    ana, bo = two_editors
    first = open_form(ana, seed_story)
    assert WARNING not in first.content.decode()
    page = open_form(bo, seed_story).content.decode()
    assert WARNING in page
    assert "Ana Pérez opened it" in page
    opened = presence.recent(seed_story.pk)
    assert len(opened) == 2
    # And the first, opening it again, hears about the second.
    again = open_form(ana, seed_story).content.decode()
    assert "Bo Okafor opened it" in again and "Ana Pérez opened it" not in again


def test_nobody_is_warned_about_themselves(two_editors, seed_story):
    ana, _ = two_editors
    open_form(ana, seed_story)
    assert WARNING not in open_form(ana, seed_story).content.decode()


def test_an_editor_who_saved_since_opening_is_not_mentioned(two_editors, seed_story):
    ana, bo = two_editors
    form = open_form(ana, seed_story)
    story = form.context["original"]
    story.refresh_from_db()
    url = reverse("admin:articles_story_change", args=[story.pk])
    assert (
        ana.post(url, change_form_data(story) | {"headline": "Ana's headline"}).status_code == 302
    )
    assert WARNING not in open_form(bo, story).content.decode()


def test_an_opening_more_than_15_minutes_ago_is_forgotten(two_editors, seed_story, make_user):
    _, bo = two_editors
    cy = make_user("cy", "Editors")
    long_ago = timezone.now() - timedelta(minutes=16)
    cache.set(presence.cache_key(seed_story.pk), {cy.pk: ("Ana Long-Ago", long_ago)})
    assert WARNING not in open_form(bo, seed_story).content.decode()
    recently = timezone.now() - timedelta(minutes=14)
    cache.set(presence.cache_key(seed_story.pk), {cy.pk: ("Ana Recent", recently)})
    assert "Ana Recent opened it" in open_form(bo, seed_story).content.decode()


def test_opening_a_form_writes_nothing_to_the_story(two_editors, seed_story):
    ana, bo = two_editors
    before = (seed_story.version, seed_story.updated_at)
    open_form(ana, seed_story)
    open_form(bo, seed_story)
    seed_story.refresh_from_db()
    assert (seed_story.version, seed_story.updated_at) == before


def test_presence_is_per_story(two_editors, seed_story, make_story):
    ana, bo = two_editors
    other = make_story("Another story")
    open_form(ana, other)
    assert WARNING not in open_form(bo, seed_story).content.decode()


def test_someone_who_may_only_read_the_story_does_not_count_as_editing(
    two_editors, seed_story, reporter
):
    reader = Client()
    reader.force_login(reporter)  # a reporter sees a live story read-only
    assert open_form(reader, seed_story).status_code == 200
    _, bo = two_editors
    assert WARNING not in open_form(bo, seed_story).content.decode()
