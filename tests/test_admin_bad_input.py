"""Crafted admin URLs, as logged-in staff: every one answers without a 5xx.

Regex lookups, NUL bytes, huge or non-numeric ids, non-ASCII digits and unknown filters are
refused with a 4xx or a redirect with a message, on SQLite and on PostgreSQL alike. The test
client re-raises any exception a view lets escape, so a crash fails loudly here.
"""

import pytest
from django.urls import reverse

from articles.editing import history
from articles.models import Correction, PreviewLink
from tests.test_admin import change_form_data
from tests.test_history import edit

HUGE_ID = "9" * 25
BAD_IDS = [HUGE_ID, "abc", "%00", "²", "١", "-1", "1.5", "1e3", " 1", "0x1", ""]
BAD_LOOKUPS = [
    "headline__regex=(",
    "headline__iregex=[",
    "status__exact=%00",
    "headline__contains=%00",
    "q=%00",
    "q=(",
    "id__exact=" + HUGE_ID,
    "id__gt=abc",
    "id__in=1,%00",
    "published_at__gte=%00",
    "published_at__year=" + HUGE_ID,
    "published_at__month=²",
    "state=%00",
    "state=nope",
    "p=%00",
    "p=١",
    "o=%00",
    "o=99",
    "nosuchfield=1",
    "nosuchfield__regex=(",
    "story__headline__regex=(",
    "headline__nosuchlookup=1",
    "e=1",
    "_to_field=%00",
    "_popup=%00",
]


def admin_url(name, *args):
    return reverse(f"admin:articles_{name}", args=args)


@pytest.fixture
def story(make_story):
    return make_story("A draft", status="draft", sections=2, links=1)


def answers(response):
    assert response.status_code < 500, response.status_code
    return response


@pytest.mark.parametrize("lookup", BAD_LOOKUPS)
@pytest.mark.parametrize(
    "changelist",
    [
        "/admin/articles/story/",
        "/admin/articles/previewlink/",
        "/admin/articles/correction/",
        "/admin/auth/user/",
        "/admin/auth/group/",
    ],
)
def test_changelists_answer_bad_lookups_without_a_server_error(
    admin_client, story, changelist, lookup
):
    answers(admin_client.get(changelist + "?" + lookup))


@pytest.mark.parametrize(
    "lookup", ["username__regex=(", "date_joined__year=" + HUGE_ID, "last_login__gte=%00"]
)
def test_the_user_list_answers_bad_lookups_too(admin_client, lookup):
    answers(admin_client.get("/admin/auth/user/?" + lookup))


def test_a_regex_lookup_that_does_not_compile_is_a_redirect_with_a_message(admin_client, story):
    response = admin_client.get(admin_url("story_changelist") + "?headline__regex=(")
    assert response.status_code == 302
    assert "e=1" in response["Location"]


@pytest.mark.parametrize("term", ["%00", "a%00b", "(", "%ff", "x" * 5000, "١", "%27%22", "%25"])
@pytest.mark.parametrize("field", ["target", "story"])
def test_autocomplete_answers_any_term(admin_client, story, field, term):
    model = "relatedlink" if field == "target" else "previewlink"
    url = (
        f"/admin/autocomplete/?app_label=articles&model_name={model}&field_name={field}&term={term}"
    )
    answers(admin_client.get(url))


@pytest.mark.parametrize(
    "query", ["app_label=%00", "model_name=%00&app_label=articles", "page=%00", "page=" + HUGE_ID]
)
def test_autocomplete_answers_junk_parameters(admin_client, story, query):
    answers(admin_client.get("/admin/autocomplete/?" + query))


@pytest.mark.parametrize("value", BAD_IDS)
def test_compare_answers_any_version_id(admin_client, story, value):
    edit(admin_client, story, headline="Changed")
    good = history.story_versions(story.pk)[0].pk
    base = admin_url("story_compare", story.pk)
    for query in [f"?old={value}&new={good}", f"?old={good}&new={value}", f"?old={value}"]:
        response = answers(admin_client.get(base + query))
        assert response.status_code == 302


@pytest.mark.parametrize("value", BAD_IDS)
@pytest.mark.parametrize("form", ["previewlink_add", "correction_add"])
def test_share_link_and_correction_forms_answer_any_story_id(admin_client, story, form, value):
    response = answers(admin_client.get(admin_url(form) + f"?story={value}"))
    assert response.status_code == 200


@pytest.mark.parametrize("value", ["²", "١", HUGE_ID, "-1", "%00", "abc", ""])
def test_restore_refuses_a_current_version_that_is_not_a_plain_number(admin_client, story, value):
    edit(admin_client, story, headline="Changed")
    old = history.story_versions(story.pk).last()
    url = admin_url("story_revision", story.pk, old.pk)
    response = answers(admin_client.post(url, {"current_version": value}))
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.headline == "Changed"


@pytest.mark.parametrize("value", BAD_IDS)
@pytest.mark.parametrize(
    "name",
    [
        "story_change",
        "story_history",
        "story_delete",
        "previewlink_change",
        "correction_change",
        "correction_delete",
    ],
)
def test_object_pages_answer_any_object_id(admin_client, story, name, value):
    answers(admin_client.get(admin_url(name, value) if value else f"/admin/articles/{name}/"))


@pytest.mark.parametrize("value", BAD_IDS)
def test_revision_and_recover_pages_answer_any_version_id(admin_client, story, value):
    answers(admin_client.get(f"/admin/articles/story/{story.pk}/history/{value}/"))
    answers(admin_client.get(f"/admin/articles/story/recover/{value}/"))


@pytest.mark.parametrize("value", BAD_IDS)
@pytest.mark.parametrize("field", ["sections-0-id", "base_version", "sections-INITIAL_FORMS"])
def test_a_stale_change_form_with_crafted_numbers_comes_back_not_a_500(
    admin_client, story, field, value
):
    edit(admin_client, story, headline="Saved meanwhile")
    data = change_form_data(story) | {"headline": "Mine", field: value}  # opened on version 1
    answers(admin_client.post(admin_url("story_change", story.pk), data))
    story.refresh_from_db()
    assert story.headline in {"Saved meanwhile", "Mine"}


def test_the_refused_filter_is_explained_on_the_whole_list(admin_client, story):
    response = admin_client.get(admin_url("story_changelist") + "?headline__regex=(", follow=True)
    assert response.status_code == 200
    assert "could not be used, so the whole list is shown" in response.content.decode()
    assert "A draft" in response.content.decode()


# --- The fuzz: every admin page the project has, with every kind of junk query ---------------

JUNK_QUERIES = [
    "",
    "?%00=%00",
    "?q=%00",
    "?q=" + "x" * 10_000,
    "?p=" + HUGE_ID,
    "?o=-",
    "?_changelist_filters=%00",
    "?_changelist_filters=headline__regex%3D(",
    "?_popup=1&_to_field=%00",
    "?_to_field=nosuchfield",
    "?all=",
    "?headline__regex=(",
    "?status__exact=%00",
    "?id__in=" + HUGE_ID,
    "?page=١",
    "?old=²&new=" + HUGE_ID,
    "?story=" + HUGE_ID,
    "?%ff%fe=%ff",
]


def project_admin_paths(story, version_id, link, correction):
    story_base = f"/admin/articles/story/{story.pk}"
    return [
        "/admin/",
        "/admin/articles/",
        "/admin/articles/story/",
        "/admin/articles/story/add/",
        f"{story_base}/change/",
        f"{story_base}/history/",
        f"{story_base}/history/compare/",
        f"{story_base}/history/{version_id}/",
        f"{story_base}/delete/",
        "/admin/articles/story/recover/",
        f"/admin/articles/story/recover/{version_id}/",
        "/admin/articles/previewlink/",
        "/admin/articles/previewlink/add/",
        f"/admin/articles/previewlink/{link.pk}/change/",
        f"/admin/articles/previewlink/{link.pk}/history/",
        f"/admin/articles/previewlink/{link.pk}/delete/",
        "/admin/articles/correction/",
        "/admin/articles/correction/add/",
        f"/admin/articles/correction/{correction.pk}/change/",
        f"/admin/articles/correction/{correction.pk}/history/",
        f"/admin/articles/correction/{correction.pk}/delete/",
        "/admin/autocomplete/",
    ]


@pytest.mark.parametrize("query", JUNK_QUERIES)
def test_every_project_admin_page_answers_junk_query_strings(admin_client, story, query):
    edit(admin_client, story, headline="Changed")
    version_id = history.story_versions(story.pk)[0].pk
    link = PreviewLink.objects.create(story=story)
    correction = Correction.objects.create(story=story, text="A draft correction.")
    for path in project_admin_paths(story, version_id, link, correction):
        response = admin_client.get(path + query)
        assert response.status_code < 500, (path + query, response.status_code)
