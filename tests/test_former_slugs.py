"""Old addresses keep working: a story remembers its earlier slugs, and each answers 301 with
the current address. The admin warns before a live story's address changes (issue 9, bug 4)."""

from django.urls import reverse

from articles.models import FormerSlug, Story
from tests.test_admin import change_form_data


def rename(story, slug):
    story.slug = slug
    story.save()
    return story


def story_url(slug):
    return reverse("articles:story", kwargs={"slug": slug})


def test_a_renamed_live_story_answers_301_at_its_old_address(client, make_story):
    story = make_story("Council votes", slug="council-votes")
    rename(story, "council-votes-yes")
    response = client.get(story_url("council-votes"))
    assert response.status_code == 301
    assert response["Location"] == story_url("council-votes-yes")
    assert client.get(response["Location"]).status_code == 200


def test_the_redirect_keeps_the_query_string(client, make_story):
    rename(make_story("Council votes", slug="a"), "b")
    response = client.get(story_url("a") + "?utm_source=feed")
    assert response["Location"] == story_url("b") + "?utm_source=feed"


def test_a_chain_of_renames_redirects_every_old_address_in_one_hop(client, make_story):
    story = make_story("Council votes", slug="a")
    rename(rename(story, "b"), "c")
    for old in ("a", "b"):
        response = client.get(story_url(old))
        assert (response.status_code, response["Location"]) == (301, story_url("c"))


def test_renaming_back_makes_the_old_address_current_again(client, make_story):
    story = make_story("Council votes", slug="a")
    rename(rename(story, "b"), "a")
    assert client.get(story_url("a")).status_code == 200
    assert client.get(story_url("b"))["Location"] == story_url("a")
    assert list(FormerSlug.objects.values_list("slug", flat=True)) == ["b"]


def test_a_live_story_that_takes_an_old_slug_wins_it(client, make_story):
    first = rename(make_story("First", slug="a"), "first")
    make_story("Second", slug="a")
    response = client.get(story_url("a"))
    assert response.status_code == 200
    assert response.context["story"].headline == "Second"
    assert client.get(story_url("first")).status_code == 200
    assert first.former_slugs.get().slug == "a"  # kept, in case the second story goes


def test_an_old_slug_taken_by_a_draft_still_leads_readers_to_the_live_story(client, make_story):
    rename(make_story("First", slug="a"), "first")
    make_story("Second", slug="a", status=Story.Status.DRAFT)
    response = client.get(story_url("a"))
    assert (response.status_code, response["Location"]) == (301, story_url("first"))


def test_an_unpublished_storys_old_address_is_404_for_readers(client, make_story):
    rename(make_story("Draft", slug="a", status=Story.Status.DRAFT), "b")
    assert client.get(story_url("a")).status_code == 404


def test_staff_follow_a_drafts_old_address_to_its_preview(admin_client, make_story):
    rename(make_story("Draft", slug="a", status=Story.Status.DRAFT), "b")
    response = admin_client.get(story_url("a"))
    assert (response.status_code, response["Location"]) == (301, story_url("b"))


def test_an_unknown_slug_is_still_404(client, db):
    assert client.get(story_url("never-was")).status_code == 404


def test_renaming_in_the_admin_records_the_old_slug(admin_client, seed_story, client):
    old_url = seed_story.get_absolute_url()
    data = change_form_data(seed_story) | {"slug": "llm-bubble"}
    url = reverse("admin:articles_story_change", args=[seed_story.pk])
    assert admin_client.post(url, data).status_code == 302
    assert client.get(old_url)["Location"] == story_url("llm-bubble")


def test_a_live_storys_change_form_warns_about_changing_its_address(admin_client, seed_story):
    page = admin_client.get(reverse("admin:articles_story_change", args=[seed_story.pk]))
    html = page.content.decode()
    assert "This story is live" in html
    assert f'data-live-slug="{seed_story.slug}"' in html


def test_a_drafts_change_form_has_no_address_warning(admin_client, make_story):
    draft = make_story("Draft", status=Story.Status.DRAFT)
    html = admin_client.get(reverse("admin:articles_story_change", args=[draft.pk])).content
    assert b"data-live-slug" not in html and b"This story is live" not in html
