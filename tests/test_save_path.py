"""One save path: opening a form writes nothing, every writer makes its version through
articles.editing.versions.new_version (a revision numbered in StoryRevision), and the
version a form was opened on is found by an indexed lookup, not a text search."""

import importlib
import sys

import pytest
import reversion
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.editing import history, versions, workflow
from articles.importer import import_story
from articles.models import Story, StoryRevision
from tests.conftest import SEED_PATH
from tests.test_admin import change_form_data
from tests.test_conflicts import change_url, login

WRITES = ("INSERT", "UPDATE", "DELETE")


def numbered(story):
    """The story's versions as StoryRevision numbers them, oldest first."""
    return list(
        StoryRevision.objects.filter(story_id=story.pk)
        .order_by("revision_id")
        .values_list("version", flat=True)
    )


def test_opening_a_change_form_writes_nothing_and_locks_nothing(editor, make_story):
    story = make_story("Never opened before", sections=3, links=1)
    client = login(editor)
    client.get(change_url(story))  # the session and permission caches settle first
    with CaptureQueriesContext(connection) as queries:
        assert client.get(change_url(story)).status_code == 200
    statements = [query["sql"].upper() for query in queries]
    assert not [sql for sql in statements if sql.startswith(WRITES) or "FOR UPDATE" in sql]
    assert numbered(story) == []


def test_the_first_save_records_the_version_it_replaced_then_its_own(editor, make_story):
    story = make_story("From a script", sections=2)
    data = change_form_data(story) | {"headline": "Edited"}
    assert login(editor).post(change_url(story), data).status_code == 302
    assert numbered(story) == [1, 2]


def test_every_writer_makes_a_numbered_version(editor, make_story, tmp_path):
    story = make_story("Draft", status=Story.Status.DRAFT, sections=2)
    client = login(editor)
    client.post(change_url(story), change_form_data(story) | {"headline": "Saved"})
    workflow.publish_now(story.pk, editor)
    workflow.unpublish(story.pk, editor)
    first = history.story_versions(story.pk).get(revision=versions.revision_of(story.pk, 2))
    history.restore(first, editor, "Restored.", 4)
    assert numbered(story) == [1, 2, 3, 4, 5]
    assert Story.objects.get(pk=story.pk).version == 5

    imported = import_story(SEED_PATH)
    import_story(SEED_PATH, replace=True)
    assert numbered(imported) == [1, 2]


def test_finding_the_version_a_form_was_opened_on_is_one_indexed_query(editor, make_story):
    story = make_story("Looked up", sections=2)
    login(editor).post(change_url(story), change_form_data(story) | {"headline": "Two"})
    with CaptureQueriesContext(connection) as queries:
        revision = versions.revision_of(story.pk, 1)
    assert revision is not None
    [query] = queries
    assert "serialized_data" not in query["sql"]
    assert '"story_id"' in query["sql"] and '"version"' in query["sql"]


def test_a_new_version_refuses_a_story_saved_again_since_it_was_read(make_story):
    story = make_story("Read once")
    Story.objects.filter(pk=story.pk).update(version=2)
    with pytest.raises(versions.StaleVersion), versions.new_version(story):
        pass
    assert Story.objects.get(pk=story.pk).version == 2


def modules_entered(action):
    """The articles.* modules whose code runs during `action()`, in order of first entry:
    every Python call is seen by sys.setprofile, and its frame's module is noted."""
    entered = []

    def profile(frame, event, arg):
        module = frame.f_globals.get("__name__", "")
        if event == "call" and module.startswith("articles") and module not in entered:
            entered.append(module)

    sys.setprofile(profile)
    try:
        action()
    finally:
        sys.setprofile(None)
    return entered


@pytest.fixture
def two_forms(editor, make_user, make_story):
    """Ana has saved a new headline; Bea's form was opened before it."""
    story = make_story("Counted", sections=3, links=1)
    ana, bea = login(editor), login(make_user("bea", "Editors"))
    form_b = change_form_data(story)
    ana.post(change_url(story), change_form_data(story) | {"headline": "Ana's"})
    return story, bea, form_b


@pytest.mark.parametrize(
    ("outcome", "edit", "status", "most"),
    [("merged", {"standfirst": "Bea's"}, 302, 6), ("refused", {"headline": "Bea's"}, 200, 7)],
)
def test_a_save_passes_through_a_few_editing_modules(
    two_forms, report_figures, outcome, edit, status, most
):
    story, bea, form_b = two_forms
    responses = []
    entered = modules_entered(lambda: responses.append(bea.post(change_url(story), form_b | edit)))
    assert responses[0].status_code == status
    editing = [name for name in entered if name.startswith("articles.editing.")]
    report_figures.append(
        f"a {outcome} save enters {len(editing)} editing modules ({', '.join(editing)}) "
        f"and {len(entered)} articles modules in all ({', '.join(entered)})"
    )
    assert len(editing) <= most


def test_the_migration_numbers_revisions_recorded_before_it(make_story):
    story = make_story("Recorded the old way", sections=1)
    with reversion.create_revision():
        reversion.add_to_revision(story)
    assert numbered(story) == []
    migration = importlib.import_module("articles.migrations.0005_story_revisions")
    migration.number_existing_revisions(apps, None)
    assert numbered(story) == [1]
    assert versions.at(story.pk, 1).fields["headline"] == "Recorded the old way"
