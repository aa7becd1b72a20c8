"""Two editors press Save on the same story at the same moment, over real HTTP, many times.

Each trial: both open the story's change form, then two threads wait at a barrier and POST
at once to the live server, whose request threads each have their own database connection.
The row lock and the version check must make every trial end with exactly one save and one
refusal (same field), or with both edits kept (different fields); never two "saved" answers
with an edit lost.
"""

import http.client
import re
import threading
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from articles.models import Story
from tests.test_admin import change_form_data

TRIALS = 50

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
    reason="SQLite has no row locks (SELECT ... FOR UPDATE) and serializes all writers; "
    "these trials need PostgreSQL, which CI runs them on",
)


class Editor:
    """One editor's browser, reduced to HTTP: a session cookie and a CSRF token."""

    def __init__(self, live_server, user):
        client = Client()
        client.force_login(user)
        self.address = urlsplit(live_server.url)
        self.cookies = {"sessionid": client.cookies["sessionid"].value}
        self.token = ""

    def request(self, method, path, data=None):
        connection = http.client.HTTPConnection(self.address.hostname, self.address.port)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if data is not None:
            body = urlencode(data | {"csrfmiddlewaretoken": self.token}, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body, headers)
        response = connection.getresponse()
        html = response.read().decode()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";")[0]
        connection.close()
        if response.status == 302:
            # What the editor sees next: the page the save redirects to, with its messages.
            return 302, self.request("GET", response.getheader("Location"))[1]
        return response.status, html

    def open(self, story):
        """GET the change form (as a browser would) and return its unedited POST."""
        status, html = self.request("GET", reverse("admin:articles_story_change", args=[story.pk]))
        assert status == 200
        self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
        return change_form_data(Story.objects.get(pk=story.pk))


def save_at_once(story, posts):
    """POST each (editor, data) from its own thread, released together by a barrier."""
    barrier = threading.Barrier(len(posts))
    results = [None] * len(posts)
    url = reverse("admin:articles_story_change", args=[story.pk])

    def save(n, editor, data):
        barrier.wait()
        results[n] = editor.request("POST", url, data)

    threads = [
        threading.Thread(target=save, args=(n, editor, data))
        for n, (editor, data) in enumerate(posts)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.fixture
def editors(live_server, transactional_db, make_user):
    return Editor(live_server, make_user("ana", "Editors")), Editor(
        live_server, make_user("bea", "Editors")
    )


def test_same_field_at_the_same_moment_one_saves_one_is_refused(
    editors, make_story, report_figures
):
    a, b = editors
    wins = refusals = merges = lost = 0
    for trial in range(TRIALS):
        story = make_story(f"Trial {trial}", sections=2)
        mine = {a: f"Ana's headline {trial}", b: f"Bea's headline {trial}"}
        posts = [(editor, editor.open(story) | {"headline": text}) for editor, text in mine.items()]
        results = save_at_once(story, posts)
        saved = Story.objects.get(pk=story.pk).headline
        statuses = [status for status, _ in results]
        winners = [
            mine[editor]
            for (editor, _), status in zip(posts, statuses, strict=True)
            if status == 302
        ]
        refused = [html for status, html in results if status == 200 and "Not saved:" in html]
        wins += len(winners)
        refusals += len(refused)
        merges += sum("Merged:" in html for _, html in results)
        lost += sum(text != saved for text in winners)
        assert sorted(statuses) == [200, 302], f"trial {trial}: {statuses}"
        assert winners == [saved]
        [loser_text] = [text for text in mine.values() if text != saved]
        assert len(refused) == 1 and loser_text in refused[0].replace("&#x27;", "'")
    report_figures.append(
        f"concurrency, same field: {TRIALS} trials, {wins} wins, {refusals} refusals, "
        f"{merges} merges, {lost} lost edits"
    )
    assert (wins, refusals, merges, lost) == (TRIALS, TRIALS, 0, 0)


def test_different_fields_at_the_same_moment_both_are_kept(editors, make_story, report_figures):
    a, b = editors
    wins = refusals = merges = lost = 0
    for trial in range(TRIALS):
        story = make_story(f"Trial {trial}", sections=2)
        form_a, form_b = a.open(story), b.open(story)
        results = save_at_once(
            story,
            [
                (a, form_a | {"headline": f"Ana's headline {trial}"}),
                (b, form_b | {"sections-1-body": f"Bea's body {trial}"}),
            ],
        )
        saved = Story.objects.get(pk=story.pk)
        kept = [
            saved.headline == f"Ana's headline {trial}",
            saved.sections.get(position=2).body == f"Bea's body {trial}",
        ]
        wins += sum(status == 302 for status, _ in results)
        refusals += sum("Not saved:" in html for _, html in results)
        merges += sum("Merged:" in html for _, html in results)
        lost += kept.count(False)
        assert [status for status, _ in results] == [302, 302], f"trial {trial}"
        assert all(kept), f"trial {trial}: {kept}"
        assert saved.version == 3
    report_figures.append(
        f"concurrency, different fields: {TRIALS} trials, {wins} wins, {refusals} refusals, "
        f"{merges} merges, {lost} lost edits"
    )
    assert (refusals, merges, lost) == (0, TRIALS, 0)


def test_different_paragraphs_of_one_section_at_the_same_moment_both_are_kept(
    editors, make_story, report_figures
):
    a, b = editors
    body = "Paragraph one.\n\nParagraph two.\n\nParagraph three."
    wins = refusals = merges = lost = 0
    for trial in range(TRIALS):
        story = make_story(f"Trial {trial}", sections=2)
        story.sections.filter(position=2).update(body=body)
        form_a, form_b = a.open(story), b.open(story)
        ana = body.replace("one.", f"one, by Ana {trial}.")
        bea = body.replace("three.", f"three, by Bea {trial}.")
        results = save_at_once(
            story,
            [(a, form_a | {"sections-1-body": ana}), (b, form_b | {"sections-1-body": bea})],
        )
        saved = Story.objects.get(pk=story.pk).sections.get(position=2).body
        kept = [f"by Ana {trial}." in saved, f"by Bea {trial}." in saved]
        wins += sum(status == 302 for status, _ in results)
        refusals += sum("Not saved:" in html for _, html in results)
        merges += sum("Merged:" in html for _, html in results)
        lost += kept.count(False)
        assert [status for status, _ in results] == [302, 302], f"trial {trial}"
        assert saved == f"Paragraph one, by Ana {trial}.\n\nParagraph two.\n\n" + (
            f"Paragraph three, by Bea {trial}."
        )
    report_figures.append(
        f"concurrency, different paragraphs of one section: {TRIALS} trials, {wins} wins, "
        f"{refusals} refusals, {merges} merges, {lost} lost edits"
    )
    assert (refusals, merges, lost) == (0, TRIALS, 0)
