"""The story page: the seed as written, semantic markup, hidden drafts, fixed query count."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import RelatedLink, Story
from tests.conftest import SEED_PATH
from tests.html_text import elements, main_content


def story_elements(client, story):
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    # The table of contents (a <nav>) repeats the headings; the reading order is the story's.
    return response, elements(main_content(html), "h1", "h2", "p", "li", "time", skip=["nav"])


def test_every_seed_line_appears_in_order_exactly_as_written(client, seed_story):
    lines = [line for line in SEED_PATH.read_text(encoding="utf-8").splitlines() if line]
    _, shown = story_elements(client, seed_story)
    texts = [text for tag, _, text in shown if tag in {"h1", "h2", "p", "li"}]
    positions = [texts.index(line) for line in lines]
    assert positions == sorted(positions)
    assert "‘LLM Bubble’" in texts[0] and "Today’s" in texts[0]


def test_headline_is_the_only_h1_and_headings_are_h2(client, seed_story):
    _, shown = story_elements(client, seed_story)
    assert [text for tag, _, text in shown if tag == "h1"] == [seed_story.headline]
    headings = [text for tag, _, text in shown if tag == "h2"]
    assert headings[:5] == [s.heading for s in seed_story.sections.all() if s.heading]


def test_each_paragraph_is_its_own_p(client, make_story):
    story = make_story(sections=2)
    _, shown = story_elements(client, story)
    paragraphs = [text for tag, _, text in shown if tag == "p"]
    for expected in ["Paragraph 1a.", "Paragraph 1b.", "Paragraph 2a.", "Paragraph 2b."]:
        assert expected in paragraphs


def test_related_links_come_last_as_a_list(client, seed_story):
    response, shown = story_elements(client, seed_story)
    titles = [link.title for link in seed_story.related_links.all()]
    assert len(titles) == 4
    items = [text for tag, _, text in shown if tag == "li"]
    assert items[-4:] == titles
    html = response.content.decode()
    last_paragraph = seed_story.sections.last().paragraphs[-1]
    assert html.index(last_paragraph) < html.index("<ul")


def test_publication_date_is_a_time_element(client, seed_story):
    _, shown = story_elements(client, seed_story)
    times = [attrs["datetime"] for tag, attrs, _ in shown if tag == "time"]
    assert times[0] == "2025-11-21T09:00:00+00:00"


def test_related_link_to_a_story_links_to_it_and_to_a_draft_is_plain_text(client, make_story):
    story = make_story("Host")
    live = make_story("Live one")
    draft = make_story("Draft one", status=Story.Status.DRAFT)
    RelatedLink.objects.create(story=story, position=1, title="See live", target=live)
    RelatedLink.objects.create(story=story, position=2, title="See draft", target=draft)
    html = client.get(story.get_absolute_url()).content.decode()
    assert f'<a href="{live.get_absolute_url()}">See live</a>' in html
    assert "<li>See draft</li>" in html
    assert draft.get_absolute_url() not in html


def test_draft_story_is_404_for_readers(client, make_story):
    story = make_story(status=Story.Status.DRAFT)
    assert client.get(story.get_absolute_url()).status_code == 404


def test_scheduled_story_is_404_until_its_time(client, make_story):
    story = make_story(published_at=timezone.now() + timedelta(hours=2))
    assert client.get(story.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("sections", [1, 50])
def test_story_page_runs_three_queries_whatever_its_length(
    client, make_story, django_assert_num_queries, sections
):
    story = make_story(sections=sections, links=sections)
    with django_assert_num_queries(3):
        response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count("<section") == sections


@pytest.mark.parametrize(
    "path",
    [
        "/stories/no-such-story/",
        "/stories/%00/",
        "/stories/日本語/",
        "/stories/a%20b/",
        "/stories/" + "x" * 5000 + "/",
    ],
)
def test_unknown_or_malformed_slugs_are_404(client, db, path):
    assert client.get(path).status_code == 404


def test_unicode_slug_story_is_served(client, make_story):
    story = make_story("東京の記者会見")
    assert story.slug == "東京の記者会見"
    assert client.get(story.get_absolute_url()).status_code == 200
