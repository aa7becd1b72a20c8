"""The Content-Security-Policy in real Chromium: every reader page and every admin page loads
with the policy enforced and reports no violation, and the admin's scripts still work (slug
prefill, autocomplete, compare, restore). The listener is shown to catch a violation."""

import pytest
from playwright.sync_api import expect

from articles.models import RelatedLink
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

# Added through the DevTools protocol before any page script, so the policy does not block it.
LISTEN = """
window.__violations = [];
document.addEventListener('securitypolicyviolation',
    e => window.__violations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`));
"""
POLICY_WORDS = ("Content Security Policy", "Content-Security-Policy", "Permissions-Policy")


@pytest.fixture
def watched(new_context):
    """A page that records CSP violations and policy complaints in the console."""
    page = new_context().new_page()
    page.add_init_script(LISTEN)
    page.console_complaints = []
    page.on(
        "console",
        lambda message: (
            page.console_complaints.append(message.text)
            if any(word in message.text for word in POLICY_WORDS)
            else None
        ),
    )
    return page


def violations(page):
    return page.evaluate("window.__violations") + page.console_complaints


def visit(page, url):
    response = page.goto(url)
    page.wait_for_load_state("load")
    return response


def test_the_listener_catches_a_violation(live_server, watched, transactional_db):
    visit(watched, live_server.url + "/")
    watched.evaluate(
        "document.body.insertAdjacentHTML('beforeend', '<p style=\"color:red\">x</p>')"
    )
    # The report is an event, delivered a moment later: wait for it.
    expect(watched.locator("body")).to_contain_text("x")
    for _ in range(50):
        if violations(watched):
            break
        watched.wait_for_timeout(100)
    assert any("style-src" in v for v in violations(watched))


def test_reader_pages_report_no_violation_and_their_stylesheet_applies(
    live_server, watched, transactional_db, reader_pages
):
    for name, path in {**reader_pages, "robots.txt": "/robots.txt"}.items():
        visit(watched, live_server.url + path)
        assert violations(watched) == [], name
        if path != "/robots.txt":
            # site.css sets a serif body font: the stylesheet was allowed and applied.
            font = watched.evaluate("getComputedStyle(document.body).fontFamily")
            assert "Georgia" in font, name


def test_every_admin_page_works_under_its_policy(
    live_server, watched, transactional_db, make_user, make_story
):
    make_user("boss", superuser=True)
    linked = make_story("A story to link to")
    base = live_server.url + "/admin/"
    page = watched
    seen = {}

    def check(label):
        seen[label] = violations(page)
        page.console_complaints.clear()
        page.evaluate("window.__violations = []")

    visit(page, base + "login/")
    check("login")
    page.fill("#id_username", "boss")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(base)
    check("index")

    # Add form: the slug fills itself from the headline (prepopulate.js runs).
    visit(page, base + "articles/story/add/")
    page.locator("#id_headline").press_sequentially("Council backs the tram plan")
    expect(page.locator("#id_slug")).to_have_value("council-backs-the-tram-plan")
    # Inline rows are added by inlines.js.
    page.locator("#sections-group .add-row a").click()
    page.fill("input[name='sections-0-position']", "1")
    page.fill("textarea[name='sections-0-body']", "The council voted.")
    page.locator("#related_links-group .add-row a").click()
    page.fill("input[name='related_links-0-position']", "1")
    page.fill("input[name='related_links-0-title']", "Earlier")
    # The autocomplete widget fetches its choices as JSON (connect-src 'self').
    page.click("#related_links-0 .select2-selection")
    page.keyboard.type("link")
    page.locator(".select2-results__option", has_text="A story to link to").click()
    page.click("input[name=_continue]")
    page.wait_for_load_state()
    assert "was added successfully" in page.content(), page.locator(".errorlist").all_inner_texts()
    assert RelatedLink.objects.get(title="Earlier").target == linked
    check("add form, autocomplete, save")

    change_url = page.url
    page.fill("#id_headline", "Council backs the tram plan, again")
    page.click("input[name=_continue]")
    page.wait_for_load_state()
    check("change form, save")

    visit(page, base + "articles/story/?q=tram")
    check("changelist with search")
    visit(page, change_url.replace("/change/", "/history/"))
    check("history")
    page.click("input[value='Compare selected versions']")
    page.wait_for_url("**/history/compare/**")
    check("compare")
    visit(page, change_url.replace("/change/", "/history/"))
    page.get_by_role("link", name="Restore version 1…").click()
    page.wait_for_load_state()
    check("restore")
    visit(page, base + "articles/story/recover/")
    check("recover list")
    visit(page, base + f"articles/previewlink/add/?story={linked.pk}")
    check("share link form")
    visit(page, change_url.replace("/change/", "/delete/"))
    check("delete confirmation")
    for path in ["auth/user/", "auth/user/add/", "auth/group/", "password_change/"]:
        visit(page, base + path)
        check(path)
    page.click("#logout-form button")
    page.wait_for_load_state()
    check("log out")

    assert {label: found for label, found in seen.items() if found} == {}
    assert len(seen) == 16
