"""The admin as editors use it: lists, forms, inline sections, and changes that show at once."""

from django.test import Client
from django.urls import reverse

from articles.models import Story


def inline_management(prefix, total, initial):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def picture_words(pictured, prefix):
    """The words of a story's or section's picture as its form sends them (the file itself is
    sent only when a new one is chosen)."""
    return {
        f"{prefix}{name}": getattr(pictured, name)
        for name in ("image_alt", "image_caption", "image_credit")
    }


def change_form_data(story):
    """The POST the change form sends when nothing is edited, opened on the story as saved."""
    data = {
        "base_version": story.version,
        "headline": story.headline,
        "slug": story.slug,
        "standfirst": story.standfirst,
        "byline": story.byline,
        **picture_words(story, ""),
        "status": story.status,
        "published_at_0": story.published_at.strftime("%Y-%m-%d") if story.published_at else "",
        "published_at_1": story.published_at.strftime("%H:%M:%S") if story.published_at else "",
    }
    sections = list(story.sections.all())
    data |= inline_management("sections", len(sections), len(sections))
    for i, section in enumerate(sections):
        data |= {
            f"sections-{i}-id": section.pk,
            f"sections-{i}-story": story.pk,
            f"sections-{i}-position": section.position,
            f"sections-{i}-heading": section.heading,
            f"sections-{i}-body": section.body,
            **picture_words(section, f"sections-{i}-"),
        }
    links = list(story.related_links.all())
    data |= inline_management("related_links", len(links), len(links))
    for i, link in enumerate(links):
        data |= {
            f"related_links-{i}-id": link.pk,
            f"related_links-{i}-story": story.pk,
            f"related_links-{i}-position": link.position,
            f"related_links-{i}-title": link.title,
            f"related_links-{i}-url": link.url,
            f"related_links-{i}-target": link.target_id or "",
        }
    return data


def add_form_data(headline, slug, lead):
    """The add form as an editor submits it: published, one lead section, no links."""
    data = {
        "headline": headline,
        "slug": slug,
        "standfirst": "",
        "byline": "",
        "status": "published",
        "published_at_0": "2025-01-01",
        "published_at_1": "10:00:00",
    }
    data |= inline_management("sections", 1, 0) | inline_management("related_links", 0, 0)
    return data | {"sections-0-position": "1", "sections-0-heading": "", "sections-0-body": lead}


def test_changelist_shows_stories_and_filters(admin_client, seed_story):
    response = admin_client.get(reverse("admin:articles_story_changelist") + "?status=published")
    assert response.status_code == 200
    assert seed_story.headline in response.content.decode()
    assert (
        admin_client.get(reverse("admin:articles_story_changelist") + "?q=Bubble")
        .context["cl"]
        .result_count
        == 1
    )


def test_add_page_prepopulates_slug_from_headline(admin_client, db):
    response = admin_client.get(reverse("admin:articles_story_add"))
    assert response.status_code == 200
    assert "prepopulated_fields" in response.content.decode() or "data-prepopulated" in (
        response.content.decode()
    )


def test_editor_adds_a_story_with_sections(admin_client, db):
    data = add_form_data("New story", "new-story", "Lead.")
    response = admin_client.post(reverse("admin:articles_story_add"), data)
    assert response.status_code == 302, response.context["errors"]
    story = Story.objects.get(slug="new-story")
    assert story.sections.get().body == "Lead."


def test_section_edit_shows_on_the_public_page_at_once(admin_client, client, seed_story):
    url = reverse("admin:articles_story_change", args=[seed_story.pk])
    assert admin_client.get(url).status_code == 200
    data = change_form_data(seed_story)
    data["sections-1-body"] = "An editor rewrote this paragraph."
    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert (
        "An editor rewrote this paragraph."
        in client.get(seed_story.get_absolute_url()).content.decode()
    )


def test_editor_swaps_two_sections_in_one_save(admin_client, client, seed_story):
    url = reverse("admin:articles_story_change", args=[seed_story.pk])
    data = change_form_data(seed_story)
    data["sections-1-position"], data["sections-2-position"] = 3, 2
    assert admin_client.post(url, data).status_code == 302
    headings = [s.heading for s in seed_story.sections.all()]
    assert headings[1:3] == [
        "Smaller, Specialized Models Hold Key to Future Use Cases",
        "Why the Focus on Large Language Models?",
    ]


def test_duplicate_positions_are_shown_again_with_the_text_kept(admin_client, seed_story):
    url = reverse("admin:articles_story_change", args=[seed_story.pk])
    data = change_form_data(seed_story)
    data["sections-2-position"] = 2
    data["sections-2-body"] = "Words the editor typed."
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Words the editor typed." in response.content.decode()
    assert response.context["inline_admin_formsets"][0].formset.non_form_errors()


def test_view_on_site_goes_to_the_story_page(admin_client, client, seed_story):
    change = admin_client.get(reverse("admin:articles_story_change", args=[seed_story.pk]))
    assert "View on site" in change.content.decode()
    redirect = admin_client.get(
        reverse("admin:view_on_site", args=[change.context["content_type_id"], seed_story.pk])
    )
    assert redirect.status_code == 302
    assert redirect["Location"].endswith(seed_story.get_absolute_url())


def test_substantive_update_tick_sets_the_revision_time(admin_client, seed_story):
    url = reverse("admin:articles_story_change", args=[seed_story.pk])
    assert admin_client.post(url, change_form_data(seed_story)).status_code == 302
    seed_story.refresh_from_db()
    assert seed_story.revised_at is None
    data = change_form_data(seed_story) | {"substantive_update": "on"}
    assert admin_client.post(url, data).status_code == 302
    seed_story.refresh_from_db()
    assert seed_story.revised_at is not None


ONE_MEGABYTE = 1_000_000


def megabyte_body(word):
    paragraph = f"{word} " * 200 + "end.\n\n"
    return (paragraph * (ONE_MEGABYTE // len(paragraph) + 1))[:ONE_MEGABYTE].strip()


def test_a_one_megabyte_section_body_is_saved_and_shown(admin_client, client, seed_story):
    url = reverse("admin:articles_story_change", args=[seed_story.pk])
    body = megabyte_body("Long")
    data = change_form_data(seed_story) | {"sections-1-body": body}
    assert admin_client.post(url, data).status_code == 302
    assert len(seed_story.sections.get(position=2).body) == len(body)
    page = client.get(seed_story.get_absolute_url())
    assert page.status_code == 200
    assert page.content.decode().count("Long Long") > 1000


def test_two_one_megabyte_versions_that_clash_are_shown_not_a_500(
    admin_client, seed_story, django_user_model
):
    url = reverse("admin:articles_story_change", args=[seed_story.pk])
    admin_client.get(url)
    opened = change_form_data(seed_story)
    other = django_user_model.objects.create_superuser("other", "o@example.com", "pw")
    first = Client()
    first.force_login(other)
    assert first.post(url, opened | {"sections-1-body": megabyte_body("Theirs")}).status_code == 302
    response = admin_client.post(url, opened | {"sections-1-body": megabyte_body("Mine")})
    assert response.status_code == 200
    [clash] = response.context["edit_clashes"]
    assert "Theirs" in clash.theirs_html and "Mine" in clash.mine_html
