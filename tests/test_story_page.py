"""The story page: the seed as written, semantic markup, hidden drafts, fixed query count."""

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from articles.models import RelatedLink, Story
from tests.conftest import HOSTILE_TEXT_ON_PAGE, SEED_PATH
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
    # Rendered afresh: the story and its links, its sections, its corrections.
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


def test_byline_and_standfirst_show_when_set(client, full_story):
    html = client.get(full_story.get_absolute_url()).content.decode()
    texts = [text for _, _, text in elements(main_content(html), "p", "span")]
    assert f"Standfirst: {HOSTILE_TEXT_ON_PAGE}" in texts
    assert "By Ana Pérez & Bo “Bob” O’Neil" in texts


def test_updated_shows_only_after_a_substantive_update(client, seed_story, full_story):
    _, shown = story_elements(client, full_story)
    times = [attrs["datetime"] for tag, attrs, _ in shown if tag == "time"]
    assert times[:2] == [  # the dateline's; the corrections' times follow
        full_story.published_at.isoformat(timespec="seconds"),
        full_story.revised_at.isoformat(timespec="seconds"),
    ]
    assert "Updated" in client.get(full_story.get_absolute_url()).content.decode()
    # An ordinary save (a typo fix) moves updated_at, not revised_at: no "Updated".
    seed_story.headline += " "
    seed_story.save()
    _, shown = story_elements(client, seed_story)
    assert len([tag for tag, _, _ in shown if tag == "time"]) == 1
    assert "Updated" not in client.get(seed_story.get_absolute_url()).content.decode()


def test_reading_time_is_shown(client, seed_story):
    html = client.get(seed_story.get_absolute_url()).content.decode()
    assert seed_story.reading_minutes == 2  # about 460 words
    assert '<span class="reading-time">2 min read</span>' in html


def test_table_of_contents_links_each_heading_by_a_stable_anchor(client, seed_story):
    html = client.get(seed_story.get_absolute_url()).content.decode()
    nav = html[html.index('<nav class="contents"') : html.index("</nav>", html.index("contents"))]
    links = [(attrs["href"], text) for _, attrs, text in elements(nav, "a")]
    headings = [s.heading for s in seed_story.sections.all() if s.heading]
    assert [text for _, text in links] == headings
    assert links[0][0] == "#why-the-focus-on-large-language-models"
    assert links[-1][0] == "#conclusion"
    ids = [attrs.get("id") for _, attrs, _ in elements(main_content(html), "h2")]
    for href, _ in links:
        assert href[1:] in ids


def test_repeated_headings_get_distinct_anchors(client, full_story):
    html = client.get(full_story.get_absolute_url()).content.decode()
    ids = [attrs["id"] for _, attrs, _ in elements(html, "h2") if "id" in attrs]
    assert "heading-2" in ids and "heading-2-2" in ids
    assert len(ids) == len(set(ids))


def test_story_with_one_heading_needs_no_table_of_contents(client, make_story):
    story = make_story(sections=2)
    assert 'class="contents"' not in client.get(story.get_absolute_url()).content.decode()


def test_related_links_of_each_kind(client, full_story, seed_story):
    html = client.get(full_story.get_absolute_url()).content.decode()
    related = html[html.index('<aside class="related"') :]
    assert f'<a href="{seed_story.get_absolute_url()}">The seed story</a>' in related
    assert '<a href="https://example.org/a?b=1&amp;c=2" rel="noopener">Elsewhere</a>' in related
    assert "<li>Just a title</li>" in related


def test_share_links_are_plain_urls_to_each_service(client, full_story):
    html = client.get(full_story.get_absolute_url()).content.decode()
    share = html[html.index('<div class="share">') : html.index('<aside class="related"')]
    links = {text: attrs["href"] for _, attrs, text in elements(share, "a")}
    assert set(links) == {"Email", "Bluesky", "LinkedIn", "Facebook", "X", "WhatsApp"}
    page_url = quote(settings.SITE_URL + full_story.get_absolute_url(), safe="")
    for href in links.values():
        assert page_url in href.replace("&amp;", "&")
    assert links["Email"].startswith("mailto:?subject=")
    assert "<script" not in share and "<iframe" not in share


def test_story_page_queries_stay_fixed_with_every_part_in_use(
    client, full_story, django_assert_num_queries
):
    with django_assert_num_queries(3):
        assert client.get(full_story.get_absolute_url()).status_code == 200


def test_a_draft_renders_without_publication_dates(rf, make_story):
    """Staff previews render drafts through the same template: no date, and no crash."""
    draft = make_story("Draft", status=Story.Status.DRAFT, sections=3)
    draft = Story.objects.with_body().get(pk=draft.pk)
    html = render_to_string("articles/story_detail.html", {"story": draft}, request=rf.get("/"))
    assert "Not published yet" in html
    assert "<time" not in html
