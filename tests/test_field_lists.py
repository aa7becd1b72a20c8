"""The editable fields are declared once (articles.editing.fields): the admin's form and
inlines, snapshots, merges and comparisons agree with it, and a field the declaration does
not list is refused by a merge, never silently overwritten."""

import pytest
from django.contrib.admin.sites import site
from django.contrib.admin.utils import flatten_fieldsets
from django.test import Client, RequestFactory
from django.urls import reverse

from articles.editing import fields, versions
from articles.forms import StoryAdminForm
from articles.models import Story
from tests.test_admin import change_form_data

# Form fields that are not stored on the story: the version the form was opened on, and
# the "substantive update" tick that sets revised_at.
FORM_ONLY = {"base_version", "substantive_update"}
# What an inline form adds to a part's fields: its key, its story and its delete box.
INLINE_ONLY = {"id", "story", "DELETE"}


@pytest.fixture
def story_admin():
    return site._registry[Story]


@pytest.fixture
def editor_request(editor):
    request = RequestFactory().get("/")
    request.user = editor
    return request


def test_the_story_form_edits_exactly_the_declared_fields():
    assert set(StoryAdminForm.base_fields) - FORM_ONLY == set(fields.STORY_FIELDS)


def test_the_admin_change_form_shows_every_declared_field(story_admin, editor_request, story):
    fieldsets = story_admin.get_fieldsets(editor_request, story)
    form_class = story_admin.get_form(
        editor_request, story, change=True, fields=flatten_fieldsets(fieldsets)
    )
    assert set(form_class.base_fields) - FORM_ONLY == set(fields.STORY_FIELDS)


def test_each_inline_edits_exactly_its_declared_fields(story_admin, editor_request, story):
    formsets = {
        formset.get_default_prefix(): formset
        for formset, _ in story_admin.get_formsets_with_inlines(editor_request, story)
    }
    assert set(formsets) == set(fields.PART_FIELDS)
    for prefix, formset in formsets.items():
        assert formset.model is fields.PART_MODELS[prefix]
        form = formset(instance=story).forms[0]
        assert set(form.fields) - INLINE_ONLY == set(fields.PART_FIELDS[prefix]), prefix


def test_snapshots_hold_exactly_the_declared_fields(story):
    snapshot = versions.current(story)
    assert set(snapshot.fields) == set(fields.STORY_FIELDS)
    for collection, rows in snapshot.parts.items():
        for row in rows.values():
            assert set(row) == set(fields.PART_FIELDS[collection])


def test_content_and_publication_fields_split_the_story_fields():
    assert set(fields.CONTENT_FIELDS) | set(fields.PUBLICATION_FIELDS) == set(fields.STORY_FIELDS)
    assert not set(fields.CONTENT_FIELDS) & set(fields.PUBLICATION_FIELDS)


@pytest.fixture
def story(make_story):
    return make_story("Declared", sections=2, links=1)


def test_a_field_missing_from_the_declaration_fails_closed_in_a_merge(
    editor, make_user, story, monkeypatch
):
    # As if someone had added `byline` to the form but not to the declaration.
    monkeypatch.setattr(
        "articles.editing.formdata.STORY_FIELDS",
        tuple(name for name in fields.STORY_FIELDS if name != "byline"),
    )
    ana, bea = Client(), Client()
    ana.force_login(editor)
    bea.force_login(make_user("bea", "Editors"))
    url = reverse("admin:articles_story_change", args=[story.pk])
    form_a = change_form_data(story)
    form_b = change_form_data(story)
    assert ana.post(url, form_a | {"byline": "Ana"}).status_code == 302
    response = bea.post(url, form_b | {"headline": "Bea's headline"})
    assert response.status_code == 200
    assert "fields the merge does not know (byline)" in response.content.decode()
    saved = Story.objects.get(pk=story.pk)
    assert (saved.byline, saved.headline) == ("Ana", "Declared")
    assert response.context["adminform"].form["headline"].value() == "Bea's headline"
