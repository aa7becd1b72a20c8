"""Previews: staff see unpublished stories at their real address; share links show a draft to
someone without an account until they expire or are revoked; readers see nothing."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import signing
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from articles.models import PreviewLink, Story
from tests.conftest import login
from tests.test_admin import change_form_data


def assert_private_preview(response):
    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview: not published." in html
    assert '<meta name="robots" content="noindex">' in html
    assert response["X-Robots-Tag"] == "noindex"
    assert response["Cache-Control"] == "private, no-store"
    return html


@pytest.fixture
def draft(make_story):
    return make_story("Not out yet", status=Story.Status.DRAFT, sections=2)


def test_staff_preview_a_draft_at_its_real_address(editor, draft):
    html = assert_private_preview(login(editor).get(draft.get_absolute_url()))
    assert "<h1>Not out yet</h1>" in html
    assert "This is a draft; readers can't see it." in html
    assert reverse("admin:articles_story_change", args=[draft.pk]) in html


def test_reporters_preview_too_and_a_scheduled_story_says_when(reporter, make_story):
    story = make_story("Tomorrow", published_at=timezone.now() + timedelta(days=1))
    html = assert_private_preview(login(reporter).get(story.get_absolute_url()))
    assert "Scheduled for <time datetime=" in html


@pytest.mark.parametrize("who", ["reader", "non-staff"])
def test_readers_and_non_staff_get_404_for_a_draft(client, make_user, draft, who):
    if who == "non-staff":
        client.force_login(make_user("nina", staff=False))
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 404
    assert "Not out yet" not in response.content.decode()


def test_a_live_story_is_no_preview_even_for_staff(editor, make_story):
    response = login(editor).get(make_story("Out").get_absolute_url())
    assert response.status_code == 200
    assert "Preview" not in response.content.decode()
    assert "X-Robots-Tag" not in response


def test_readers_story_page_pays_nothing_for_previews(
    client, make_story, django_assert_num_queries
):
    story = make_story(sections=3, links=2)
    with django_assert_num_queries(3):
        assert client.get(story.get_absolute_url()).status_code == 200


def create_share_link(client, story):
    """Create a share link through the admin, as an editor does; returns its address."""
    response = client.post(
        reverse("admin:articles_previewlink_add"),
        {"story": story.pk} | expiry_fields(timezone.now() + timedelta(days=7)),
        follow=True,
    )
    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    assert any(
        m.startswith(f"Share link for “{story}” created. Send this address: http") for m in shown
    )
    return PreviewLink.objects.get(story=story).get_absolute_url()


def expiry_fields(moment):
    moment = timezone.localtime(moment)
    return {"expires_at_0": f"{moment:%Y-%m-%d}", "expires_at_1": f"{moment:%H:%M:%S}"}


def test_a_share_link_shows_the_current_draft_to_someone_logged_out(editor, draft):
    address = create_share_link(login(editor), draft)
    reader = Client()
    html = assert_private_preview(reader.get(address))
    assert "Paragraph 2b." in html and "Shared for review: this link works until" in html

    section = draft.sections.get(position=2)
    section.body = "Rewritten after the link was sent."
    section.save()  # as every writer does: a queryset update() would skip the stored HTML
    assert "Rewritten after the link was sent." in reader.get(address).content.decode()


def test_a_revoked_share_link_is_404(editor, draft):
    editor_client = login(editor)
    address = create_share_link(editor_client, draft)
    link = PreviewLink.objects.get()
    response = editor_client.post(
        reverse("admin:articles_previewlink_change", args=[link.pk]),
        {"revoke_now": "on"} | expiry_fields(link.expires_at),
    )
    assert response.status_code == 302
    assert Client().get(address).status_code == 404


def test_revoking_from_the_list(editor, draft):
    editor_client = login(editor)
    address = create_share_link(editor_client, draft)
    editor_client.post(
        reverse("admin:articles_previewlink_changelist"),
        {"action": "revoke", "_selected_action": [PreviewLink.objects.get().pk]},
    )
    assert Client().get(address).status_code == 404


def test_a_share_link_expires_after_the_configured_days(editor, draft):
    with override_settings(PREVIEW_LINK_DAYS=2):
        link = PreviewLink.objects.create(story=draft, created_by=editor)
    assert timedelta(days=2) - (link.expires_at - timezone.now()) < timedelta(minutes=1)
    assert Client().get(link.get_absolute_url()).status_code == 200
    with mock.patch("django.utils.timezone.now", return_value=link.expires_at):
        assert Client().get(link.get_absolute_url()).status_code == 404


def test_the_default_expiry_is_seven_days(editor, draft):
    link = PreviewLink.objects.create(story=draft, created_by=editor)
    assert abs(link.expires_at - link.created_at - timedelta(days=7)) < timedelta(minutes=1)


@pytest.mark.parametrize(
    "token",
    [
        "garbage",
        signing.dumps(1, salt="some.other.salt"),
        "tampered",
    ],
)
def test_a_tampered_or_foreign_token_is_404(editor, draft, token):
    link = PreviewLink.objects.create(story=draft, created_by=editor)
    if token == "tampered":
        token = link.token[:-1] + ("A" if link.token[-1] != "A" else "B")
    response = Client().get(reverse("articles:preview", kwargs={"token": token}))
    assert response.status_code == 404
    assert "Not out yet" not in response.content.decode()


def test_a_share_link_to_a_story_now_live_leads_to_it(editor, draft):
    link = PreviewLink.objects.create(story=draft, created_by=editor)
    Story.objects.filter(pk=draft.pk).update(
        status=Story.Status.PUBLISHED, published_at=timezone.now()
    )
    response = Client().get(link.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == draft.get_absolute_url()


def test_a_live_story_cannot_be_shared_as_a_preview(editor, make_story):
    story = make_story("Already out")
    response = login(editor).post(
        reverse("admin:articles_previewlink_add"),
        {"story": story.pk} | expiry_fields(timezone.now() + timedelta(days=1)),
    )
    assert response.status_code == 200
    assert "This story is already live" in response.content.decode()
    assert not PreviewLink.objects.exists()


def test_the_story_form_offers_sharing_and_lists_active_links(editor, draft):
    client = login(editor)
    PreviewLink.objects.create(story=draft, created_by=editor)
    html = client.get(reverse("admin:articles_story_change", args=[draft.pk])).content.decode()
    assert "Share a preview" in html and "active until" in html


def test_reporters_cannot_create_share_links(reporter, draft):
    client = login(reporter)
    html = client.get(reverse("admin:articles_story_change", args=[draft.pk])).content.decode()
    assert "Share a preview" not in html
    assert client.get(reverse("admin:articles_previewlink_add")).status_code == 403


def test_saving_a_draft_keeps_its_share_link_showing_the_new_text(editor, draft):
    client = login(editor)
    address = create_share_link(client, draft)
    data = change_form_data(Story.objects.get(pk=draft.pk)) | {"sections-0-body": "Fresh lead."}
    client.get(reverse("admin:articles_story_change", args=[draft.pk]))
    assert (
        client.post(reverse("admin:articles_story_change", args=[draft.pk]), data).status_code
        == 302
    )
    assert "Fresh lead." in Client().get(address).content.decode()


# --- Previews offer no social share links (issue 9, §4) -------------------------------------


def test_a_staff_preview_shows_no_share_links(editor, draft, client, make_story):
    html = assert_private_preview(login(editor).get(draft.get_absolute_url()))
    assert "Share this story" not in html and "bsky.app" not in html
    live = make_story("Out now")
    assert "Share this story" in client.get(live.get_absolute_url()).content.decode()


def test_a_share_link_page_shows_no_share_links(editor, draft):
    html = assert_private_preview(Client().get(create_share_link(login(editor), draft)))
    assert "Share this story" not in html and "facebook.com" not in html
