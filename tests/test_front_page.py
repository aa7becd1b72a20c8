"""The front page: a lead story, then published stories newest first, paginated, each card
with its byline, time and a summary cut after a whole word; and never a 500."""

from datetime import timedelta
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.http import parse_http_date

from articles.models import Story
from articles.templatetags.reader_pages import iso_datetime
from articles.views import FrontPageView
from tests.html_text import elements, main_content


@pytest.fixture
def client_for_role(make_user):
    def login(role_name):
        client = Client()
        client.force_login(make_user(role_name.lower(), role_name))
        return client

    return login


def test_front_page_lists_published_stories_newest_first(client, make_story):
    now = timezone.now()
    make_story("Older", published_at=now - timedelta(days=2))
    make_story("Newer", published_at=now - timedelta(days=1))
    make_story("Draft", status=Story.Status.DRAFT)
    make_story("Scheduled", published_at=now + timedelta(days=1))
    html = client.get(reverse("articles:front")).content.decode()
    assert html.index("Newer") < html.index("Older")
    assert "Draft" not in html and "Scheduled" not in html


def test_front_page_paginates(client, make_story):
    for n in range(FrontPageView.paginate_by + 1):
        make_story(f"Story number {n:02d}")
    first = client.get("/")
    assert first.context["page_obj"].paginator.num_pages == 2
    assert 'rel="next" href="?page=2"' in first.content.decode()
    assert client.get("/?page=2").status_code == 200


@pytest.mark.parametrize(
    "page", ["abc", "-1", "0", "3", "99999999999999999999999", "%00", "1.5", ""]
)
def test_any_page_value_is_200_or_404(client, make_story, page):
    make_story()
    assert client.get(f"/?page={page}").status_code in {200, 404}


def test_empty_front_page_says_so(client, db):
    assert "No stories have been published yet." in client.get("/").content.decode()


@pytest.mark.parametrize("top_story", [False, True])
@pytest.mark.parametrize("stories", [1, FrontPageView.paginate_by])
def test_front_page_runs_three_queries_however_many_stories(
    client, make_story, django_assert_num_queries, stories, top_story
):
    for n in range(stories):
        make_story(f"Story {n}", sections=3)
    if top_story:
        make_story("Top story", sections=3, top_story=True)
    # The top story, the (capped) count, the page with stored summaries.
    with django_assert_num_queries(3):
        assert client.get("/").status_code == 200


def test_front_page_stops_at_its_depth_cap_and_points_to_search(
    client, make_story, monkeypatch, settings, django_assert_num_queries
):
    monkeypatch.setattr(FrontPageView, "MAX_PAGES", 2)
    settings.PAGE_CACHE = False  # the queries of a miss
    for n in range(2 * FrontPageView.paginate_by + 1):
        make_story(f"Story number {n:02d}")
    last = client.get("/?page=2")
    assert last.context["paginator"].num_pages == 2
    assert 'rel="next"' not in last.content.decode()
    assert 'Older stories are in the archive: <a href="/search/">search it</a>.' in (
        last.content.decode()
    )
    assert "Older stories are in the archive" not in client.get("/").content.decode()
    assert client.get("/?page=3").status_code == 404
    with django_assert_num_queries(3):  # the deepest page costs what the first does
        assert client.get("/?page=2").status_code == 200


def test_front_page_cards_follow_edits_to_the_lead(client, make_story):
    story = make_story("Edited")
    lead = story.sections.get()
    lead.body = "A corrected opening.\n\nMore."
    lead.save()
    assert '<p class="summary">A corrected opening.</p>' in client.get("/").content.decode()


def test_front_page_cards_show_the_standfirst_or_the_lead(client, make_story):
    make_story("With standfirst", standfirst="The short version.")
    make_story("Without")
    html = client.get("/").content.decode()
    assert '<p class="summary">The short version.</p>' in html
    assert '<p class="summary">Paragraph 1a.</p>' in html


# --- The lead story ---------------------------------------------------------------------------


def lead_headline(client, path="/"):
    html = client.get(path).content.decode()
    if '<article class="lead-story">' not in html:
        return None
    lead = html[html.index('<article class="lead-story">') : html.index("</article>")]
    return elements(lead, "a")[0][2]


def listed_headlines(client, path="/"):
    html = main_content(client.get(path).content.decode())
    cards = html[html.index('<div class="story-list">') :] if "story-list" in html else ""
    return [text for _, _, text in elements(cards, "a") if text.startswith("S")]


def test_without_a_top_story_the_newest_story_leads_and_is_not_repeated(client, make_story):
    now = timezone.now()
    make_story("Sooner", published_at=now - timedelta(hours=5))
    make_story("Soonest", published_at=now - timedelta(hours=2))
    assert lead_headline(client) == "Soonest"
    assert listed_headlines(client) == ["Sooner"]


def test_an_editors_top_story_leads_and_is_on_no_page_of_the_list(client, make_story, settings):
    settings.PAGE_CACHE = False
    now = timezone.now()
    make_story("Story top", published_at=now - timedelta(days=3), top_story=True)
    for n in range(FrontPageView.paginate_by + 1):
        make_story(f"Story {n:02d}", published_at=now - timedelta(hours=n + 1))
    assert lead_headline(client) == "Story top"
    first, second = listed_headlines(client), listed_headlines(client, "/?page=2")
    assert len(first) == FrontPageView.paginate_by and len(second) == 1
    assert "Story top" not in first + second
    assert lead_headline(client, "/?page=2") is None  # the lead is the first page's


def test_the_most_recently_promoted_top_story_leads(client, make_story):
    first = make_story("First promoted", top_story=True)
    make_story("Second promoted", top_story=True)
    assert lead_headline(client) == "Second promoted"
    first.top_story = False
    first.save()
    first.top_story = True  # promoted again: now the most recent
    first.save()
    assert lead_headline(client) == "First promoted"


def test_saving_a_top_story_again_keeps_its_place(make_story):
    story = make_story("Top", top_story=True)
    promoted_at = story.promoted_at
    story.headline = "Top, edited"
    story.save()
    assert Story.objects.get(pk=story.pk).promoted_at == promoted_at
    story.top_story = False
    story.save()
    assert Story.objects.get(pk=story.pk).promoted_at is None


@pytest.mark.parametrize(
    "unseen",
    [{"status": Story.Status.DRAFT}, {"published_at": timezone.now() + timedelta(days=1)}],
    ids=["draft", "scheduled"],
)
def test_an_unpublished_or_scheduled_top_story_never_leads(client, make_story, unseen):
    make_story("Story older top", published_at=timezone.now() - timedelta(days=2), top_story=True)
    make_story("Hidden top", top_story=True, **unseen)
    assert lead_headline(client) == "Story older top"
    assert "Hidden top" not in client.get("/").content.decode()


def test_only_editors_can_choose_the_top_story(client_for_role, make_story):
    story = make_story(status=Story.Status.DRAFT)
    url = reverse("admin:articles_story_change", args=[story.pk])
    reporter_form = client_for_role("Reporters").get(url).context["adminform"].form
    editor_form = client_for_role("Editors").get(url).context["adminform"].form
    assert "top_story" not in reporter_form.fields
    assert "top_story" in editor_form.fields


# --- Cards: byline, time, summary -------------------------------------------------------------


def test_cards_show_byline_and_a_time_today_or_else_the_date(client, make_story):
    now = timezone.now()
    make_story("Lead", published_at=now - timedelta(minutes=5))
    make_story("Story today", byline="Ana Pérez", published_at=now - timedelta(hours=3, minutes=1))
    make_story("Story older", published_at=now - timedelta(days=3))
    html = main_content(client.get("/").content.decode())
    assert "5 minutes ago" in html  # the lead's
    cards = elements(html[html.index('class="story-list"') :], "span", "time")
    assert ("span", {"class": "byline"}, "By Ana Pérez") in cards
    times = [text for tag, _, text in cards if tag == "time"]
    older = timezone.localtime(now - timedelta(days=3))
    assert times == ["3 hours ago", f"{older.day} {older:%B %Y}"]


def test_card_times_carry_the_full_date_and_time(client, make_story):
    story = make_story("Lead")
    html = client.get("/").content.decode()
    stamp = iso_datetime(story.published_at)
    assert f'<time datetime="{stamp}">1 hour ago</time>' in html
    assert len(stamp) == len("2026-06-12T09:30:00+01:00")  # a date and a time to the second


def test_a_long_lead_paragraph_is_cut_after_a_whole_word(client, make_story):
    make_story("Story lead")
    story = make_story("Story long", published_at=timezone.now() - timedelta(days=1))
    lead = story.sections.get()
    lead.body = "The council met in the community hall and " * 8 + "everyone went home."
    lead.save()
    summary = Story.objects.get(pk=story.pk).summary
    assert summary.endswith("…") and len(summary) <= 160
    assert lead.body.startswith(summary[:-1])
    assert lead.body[len(summary) - 1] == " "  # what was left out starts with a whole word
    assert f'<p class="summary">{summary}</p>' in client.get("/").content.decode()


def test_a_summary_cut_after_a_whole_sentence_has_no_ellipsis(make_story):
    story = make_story("Story of sentences")
    lead = story.sections.get()
    # Six sentences fill 137 characters; the next word would not fit in 160.
    lead.body = "The council met again. " * 6 + "Notwithstanding-all-of-that, it went on."
    lead.save()
    summary = Story.objects.get(pk=story.pk).summary
    assert summary == ("The council met again. " * 6).strip()  # not "again.…"


# --- Relative times in a cached page ----------------------------------------------------------


def test_the_page_expires_when_its_first_relative_time_goes_stale(client, make_story):
    published = timezone.now() - timedelta(hours=3, minutes=10)
    make_story("Lead", published_at=published)
    response = client.get("/")
    assert "3 hours ago" in response.content.decode()
    expires = parse_http_date(response["Expires"])
    four_hours = (published + timedelta(hours=4)).timestamp()
    assert four_hours - 1 <= expires <= four_hours
    control = dict(
        part.strip().split("=") for part in response["Cache-Control"].split(",") if "=" in part
    )
    left = expires - timezone.now().timestamp()
    assert int(control["max-age"]) <= left and int(control["s-maxage"]) <= left


def test_a_page_of_dates_only_keeps_the_usual_cache_life(client, make_story, settings):
    make_story("Lead", published_at=timezone.now() - timedelta(days=2))
    response = client.get("/")
    assert "Expires" not in response
    assert f"s-maxage={settings.PAGE_SHARED_MAX_AGE}" in response["Cache-Control"]


def test_a_stored_front_page_is_made_again_when_its_relative_time_goes_stale(client, make_story):
    published = timezone.now() - timedelta(minutes=59, seconds=30)
    make_story("Lead", published_at=published)
    assert "59 minutes ago" in client.get("/").content.decode()
    assert "59 minutes ago" in client.get("/").content.decode()  # the stored copy
    later = published + timedelta(hours=1, seconds=1)
    with (
        mock.patch("django.utils.timezone.now", return_value=later),
        mock.patch("time.time", return_value=later.timestamp()),
    ):
        assert "1 hour ago" in client.get("/").content.decode()
