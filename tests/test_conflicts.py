"""Two editors, one story: saves merge or are refused, and no typed word is silently lost.

Editor A (Ana) and editor B (Bea) open the same story; A saves first, then B saves the form
she opened before A's save, through the real admin change view.
"""

import re
from html import unescape

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from articles.models import RelatedLink, Section, Story
from tests.conftest import login
from tests.test_admin import change_form_data


@pytest.fixture
def bea(make_user):
    return make_user("bea", "Editors")


def change_url(story):
    return reverse("admin:articles_story_change", args=[story.pk])


def open_form(client, story):
    """Open the change form as an editor does; returns the POST it sends if saved unedited."""
    assert client.get(change_url(story)).status_code == 200
    return change_form_data(Story.objects.get(pk=story.pk))


def save(client, story, data):
    return client.post(change_url(story), data)


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def resubmit(response):
    """POST the refused form again exactly as the browser shows it."""
    data = response.context["adminform"].form.data
    return {key: data.getlist(key)[-1] for key in data}


def without_marks(html):
    return unescape(re.sub(r"</?(del|ins)>", "", html))


def saved_text(story):
    story = Story.objects.get(pk=story.pk)
    return story, {s.position: s.body for s in story.sections.all()}


@pytest.fixture
def story(make_story):
    return make_story("The original headline", sections=4, links=2)


@pytest.fixture
def two_editors(editor, bea, story):
    """A and B with the story open; returns their clients and the forms they opened."""
    a, b = login(editor), login(bea)
    return a, open_form(a, story), b, open_form(b, story)


def test_a_save_from_the_current_version_saves_and_counts_a_version(editor, story):
    a = login(editor)
    data = open_form(a, story) | {"headline": "A new headline"}
    assert save(a, story, data).status_code == 302
    story.refresh_from_db()
    assert (story.headline, story.version) == ("A new headline", 2)


def test_edits_to_different_fields_merge_and_b_is_told(story, two_editors):
    a, form_a, b, form_b = two_editors
    assert save(a, story, form_a | {"headline": "Ana's headline"}).status_code == 302
    response = save(b, story, form_b | {"standfirst": "Bea's standfirst"})
    assert response.status_code == 302
    saved = Story.objects.get(pk=story.pk)
    assert (saved.headline, saved.standfirst) == ("Ana's headline", "Bea's standfirst")
    assert saved.version == 3
    [merged] = [m for m in messages_of(response) if m.startswith("Merged")]
    assert "Ana at " in merged and "both are kept" in merged


def test_edits_to_the_same_field_are_refused_with_both_texts_side_by_side(story, two_editors):
    a, form_a, b, form_b = two_editors
    save(a, story, form_a | {"headline": "Ana's headline"})
    response = save(b, story, form_b | {"headline": "Bea's headline"})
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert 'value="Bea\'s headline"' in html  # B's typed text is still in the field
    assert "Not saved: Ana at " in html
    [clash] = response.context["edit_clashes"]
    assert clash.label == "Headline"
    assert "Ana's" in unescape(clash.theirs_html) and "Bea's" in unescape(clash.mine_html)
    assert clash.their_inputs == {"headline": "Ana's headline"}
    assert Story.objects.get(pk=story.pk).headline == "Ana's headline"
    # The form now carries the version A saved, so B's next save goes through.
    assert response.context["adminform"].form["base_version"].value() == "2"


def test_after_a_refusal_b_keeps_hers_or_takes_theirs_and_saves(story, two_editors):
    a, form_a, b, form_b = two_editors
    save(a, story, form_a | {"headline": "Ana's headline"})
    refused = save(b, story, form_b | {"headline": "Bea's headline"})
    assert save(b, story, resubmit(refused)).status_code == 302
    assert Story.objects.get(pk=story.pk).headline == "Bea's headline"

    form_a = open_form(a, story)
    save(a, story, form_a | {"headline": "Ana again"})
    refused = save(b, story, resubmit(refused) | {"headline": "Bea again"})
    take_theirs = resubmit(refused) | refused.context["edit_clashes"][0].their_inputs
    assert save(b, story, take_theirs).status_code == 302
    assert Story.objects.get(pk=story.pk).headline == "Ana again"


def test_edits_to_different_sections_merge(story, two_editors):
    a, form_a, b, form_b = two_editors
    save(a, story, form_a | {"sections-0-body": "Ana's lead."})
    assert save(b, story, form_b | {"sections-1-body": "Bea's second."}).status_code == 302
    _, bodies = saved_text(story)
    assert (bodies[1], bodies[2]) == ("Ana's lead.", "Bea's second.")


def test_heading_and_body_of_one_section_merge(story, two_editors):
    a, form_a, b, form_b = two_editors
    save(a, story, form_a | {"sections-1-heading": "Ana's heading"})
    assert save(b, story, form_b | {"sections-1-body": "Bea's body."}).status_code == 302
    section = Story.objects.get(pk=story.pk).sections.get(position=2)
    assert (section.heading, section.body) == ("Ana's heading", "Bea's body.")


def test_the_same_section_body_is_refused_and_names_the_section(story, two_editors):
    a, form_a, b, form_b = two_editors
    save(a, story, form_a | {"sections-1-body": "Ana's second."})
    response = save(b, story, form_b | {"sections-1-body": "Bea's second."})
    assert response.status_code == 200
    [clash] = response.context["edit_clashes"]
    assert clash.label == "Section 2 “Heading 2”: body"
    assert "Bea's second." in unescape(response.content.decode())
    assert saved_text(story)[1][2] == "Ana's second."


def test_a_adds_and_reorders_sections_while_b_edits_another(story, two_editors):
    a, form_a, b, form_b = two_editors
    # A moves the last section to the top and adds a new one at the end.
    form_a |= {f"sections-{i}-position": str(i + 2) for i in range(3)} | {
        "sections-3-position": "1",
        "sections-TOTAL_FORMS": "5",
        "sections-4-position": "5",
        "sections-4-heading": "Ana's new section",
        "sections-4-body": "New.",
    }
    assert save(a, story, form_a).status_code == 302
    response = save(b, story, form_b | {"sections-1-body": "Bea's second."})
    assert response.status_code == 302
    saved = [(s.heading, s.body) for s in Story.objects.get(pk=story.pk).sections.all()]
    assert saved == [
        ("Heading 4", "Paragraph 4a.\n\nParagraph 4b."),
        ("", "Paragraph 1a.\n\nParagraph 1b."),
        ("Heading 2", "Bea's second."),
        ("Heading 3", "Paragraph 3a.\n\nParagraph 3b."),
        ("Ana's new section", "New."),
    ]


def test_a_removes_a_section_while_b_edits_another(story, two_editors):
    a, form_a, b, form_b = two_editors
    save(a, story, form_a | {"sections-2-DELETE": "on"})
    assert save(b, story, form_b | {"sections-3-body": "Bea's fourth."}).status_code == 302
    _, bodies = saved_text(story)
    assert bodies == {
        1: "Paragraph 1a.\n\nParagraph 1b.",
        2: "Paragraph 2a.\n\nParagraph 2b.",
        4: "Bea's fourth.",
    }


def test_editing_a_section_a_deleted_is_refused_and_b_can_keep_her_copy(story, two_editors):
    a, form_a, b, form_b = two_editors
    save(a, story, form_a | {"sections-1-DELETE": "on"})
    response = save(b, story, form_b | {"sections-1-body": "Bea's rewrite."})
    assert response.status_code == 200
    [clash] = response.context["edit_clashes"]
    assert clash.label == "Section 2 “Heading 2”"
    assert clash.theirs_html.startswith("(deleted by Ana at ")
    assert clash.remove_row  # "Use their version" removes B's copy
    assert Story.objects.get(pk=story.pk).sections.count() == 3
    # B keeps her text: saving again brings the section back with it.
    assert save(b, story, resubmit(response)).status_code == 302
    assert "Bea's rewrite." in saved_text(story)[1].values()


def test_deleting_a_section_a_edited_is_refused_and_shows_her_text(story, two_editors):
    a, form_a, b, form_b = two_editors
    save(a, story, form_a | {"sections-1-body": "Ana's second."})
    response = save(b, story, form_b | {"sections-1-DELETE": "on"})
    assert response.status_code == 200
    [clash] = response.context["edit_clashes"]
    assert "Ana's second." in unescape(clash.theirs_html)
    assert clash.mine_html == "(you deleted it)"
    assert saved_text(story)[1][2] == "Ana's second."


def test_related_link_edits_merge_and_clash_like_sections(story, two_editors):
    a, form_a, b, form_b = two_editors
    save(a, story, form_a | {"related_links-0-title": "Ana's link"})
    assert (
        save(b, story, form_b | {"related_links-1-url": "https://example.com/b"}).status_code == 302
    )
    links = list(RelatedLink.objects.filter(story=story).values_list("title", "url"))
    assert links == [("Ana's link", ""), ("Related 2", "https://example.com/b")]
    form_a, form_b = open_form(a, story), open_form(b, story)
    save(a, story, form_a | {"related_links-0-title": "Ana's again"})
    refused = save(b, story, form_b | {"related_links-0-title": "Bea's again"})
    assert [c.label for c in refused.context["edit_clashes"]] == [
        "Related link 1 “Ana's again”: title"
    ]


def test_publishing_from_the_list_merges_with_an_open_form(editor, bea, make_story):
    story = make_story(status=Story.Status.DRAFT, sections=2)
    a, b = login(editor), login(bea)
    form_b = open_form(b, story)
    a.post(
        reverse("admin:articles_story_changelist"),
        {"action": "publish_now", "_selected_action": [story.pk]},
    )
    assert save(b, story, form_b | {"sections-0-body": "Bea's lead."}).status_code == 302
    saved, bodies = saved_text(story)
    assert saved.status == Story.Status.PUBLISHED and bodies[1] == "Bea's lead."


def test_a_form_without_a_version_is_refused_even_when_nothing_clashes(editor, story):
    a = login(editor)
    data = open_form(a, story) | {"standfirst": "Typed in an old tab"}
    del data["base_version"]
    response = save(a, story, data)
    assert response.status_code == 200
    assert "Not saved: this form carried no version number" in response.content.decode()
    assert Story.objects.get(pk=story.pk).standfirst == ""
    assert [c.label for c in response.context["edit_clashes"]] == ["Standfirst"]
    assert save(a, story, resubmit(response)).status_code == 302
    assert Story.objects.get(pk=story.pk).standfirst == "Typed in an old tab"


@pytest.mark.parametrize("version", ["", "abc", "-1", "999"])
def test_a_crafted_version_is_never_saved_blind(editor, story, version):
    a = login(editor)
    Section.objects.filter(story=story, position=1).update(body="Saved by someone else.")
    data = open_form(a, story) | {"base_version": version, "sections-0-body": "Crafted."}
    response = save(a, story, data)
    assert response.status_code == 200
    assert response.context["edit_clashes"]
    assert saved_text(story)[1][1] == "Saved by someone else."


def test_a_form_opened_on_a_story_never_saved_in_the_admin_still_merges(editor, bea, story):
    # make_story writes straight to the database: no revision until the admin opens it.
    a, b = login(editor), login(bea)
    form_a, form_b = open_form(a, story), open_form(b, story)
    save(a, story, form_a | {"headline": "Ana's headline"})
    assert save(b, story, form_b | {"byline": "Bea"}).status_code == 302
    saved = Story.objects.get(pk=story.pk)
    assert (saved.headline, saved.byline) == ("Ana's headline", "Bea")


def test_a_change_made_outside_the_admin_is_found_and_not_overwritten(editor, story):
    a = login(editor)
    form = open_form(a, story)
    Story.objects.filter(pk=story.pk).update(headline="Changed by a script", version=2)
    response = save(a, story, form | {"headline": "Ana's headline"})
    assert response.status_code == 200
    assert "someone (outside the admin)" in response.content.decode()
    assert Story.objects.get(pk=story.pk).headline == "Changed by a script"


def test_a_merged_form_with_a_mistake_comes_back_saying_what_is_merged_in(story, two_editors):
    a, form_a, b, form_b = two_editors
    save(a, story, form_a | {"headline": "Ana's headline"})
    response = save(b, story, form_b | {"sections-1-position": "not a number"})
    assert response.status_code == 200
    assert "Meanwhile Ana at " in response.content.decode()
    assert response.context["adminform"].form["headline"].value() == "Ana's headline"
    assert response.context["adminform"].form["base_version"].value() == "2"


def test_a_clash_over_a_links_target_names_the_stories(story, two_editors, make_story):
    a, form_a, b, form_b = two_editors
    theirs, mine = make_story("Their target"), make_story("My target")
    save(a, story, form_a | {"related_links-0-target": theirs.pk})
    response = save(b, story, form_b | {"related_links-0-target": mine.pk})
    [clash] = response.context["edit_clashes"]
    assert clash.theirs_html == "<del>Their </del>target"
    assert clash.mine_html == "<ins>My </ins>target"
    assert clash.their_inputs == {"related_links-0-target": str(theirs.pk)}


# Two editors, one section body: paragraphs are merged like lines in `git merge-file`.
THREE_PARAGRAPHS = "Paragraph one.\n\nParagraph two.\n\nParagraph three."


@pytest.fixture
def long_section(story):
    Section.objects.filter(story=story, position=2).update(body=THREE_PARAGRAPHS)
    return story


def test_different_paragraphs_of_one_section_body_are_both_kept(editor, bea, long_section):
    a, b = login(editor), login(bea)
    form_a, form_b = open_form(a, long_section), open_form(b, long_section)
    ana = THREE_PARAGRAPHS.replace("one", "one, by Ana")
    bea_text = THREE_PARAGRAPHS.replace("three", "three, by Bea").replace("\n", "\r\n")
    assert save(a, long_section, form_a | {"sections-1-body": ana}).status_code == 302
    response = save(b, long_section, form_b | {"sections-1-body": bea_text})
    assert response.status_code == 302
    assert any(m.startswith("Merged: Ana at ") for m in messages_of(response))
    assert saved_text(long_section)[1][2] == (
        "Paragraph one, by Ana.\n\nParagraph two.\n\nParagraph three, by Bea."
    )


def test_the_same_paragraph_clashes_and_only_that_paragraph_is_shown(editor, bea, long_section):
    a, b = login(editor), login(bea)
    form_a, form_b = open_form(a, long_section), open_form(b, long_section)
    ana = THREE_PARAGRAPHS.replace("one", "one, by Ana").replace("two", "two, by Ana")
    bea_text = THREE_PARAGRAPHS.replace("two", "two, by Bea")
    save(a, long_section, form_a | {"sections-1-body": ana})
    response = save(b, long_section, form_b | {"sections-1-body": bea_text})
    assert response.status_code == 200
    [clash] = response.context["edit_clashes"]
    assert clash.label == "Section 2 “Heading 2”: body"
    assert without_marks(clash.theirs_html) == "Paragraph two, by Ana."
    assert without_marks(clash.mine_html) == "Paragraph two, by Bea."
    # The form keeps Bea's paragraph, with Ana's change to another paragraph merged in.
    form_body = response.context["adminform"].form.data["sections-1-body"]
    assert form_body == "Paragraph one, by Ana.\n\nParagraph two, by Bea.\n\nParagraph three."
    assert clash.their_inputs == {"sections-1-body": ana}
    assert saved_text(long_section)[1][2] == ana
    # Saving the form as it came back keeps Bea's paragraph and Ana's other one.
    assert save(b, long_section, resubmit(response)).status_code == 302
    assert saved_text(long_section)[1][2] == form_body
