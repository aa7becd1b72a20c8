"""Security headers over real HTTP, from the production server (production settings): a strict
Content-Security-Policy on reader pages (no script, no inline style, no nonce), the admin's own
policy, Permissions-Policy, Cross-Origin-Resource-Policy, and Django's HSTS, nosniff,
Referrer-Policy, COOP and X-Frame-Options, on pages, files, error pages and the admin."""

import pytest

READER_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'"
)
ADMIN_CSP = READER_CSP + "; script-src 'self'"
SEED_STORY = "/stories/a-unicode-slug-that-is-nowhere/"
EVERY_RESPONSE = {
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
UNUSED_FEATURES = ["camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"]


def story_path(server):
    html = server.get("/")[2].decode()
    start = html.index('href="/stories/') + len('href="')
    return html[start : html.index('"', start)]


def assert_secure_headers(headers, csp=READER_CSP):
    for name, value in EVERY_RESPONSE.items():
        assert headers[name] == value, name
    assert headers["Content-Security-Policy"] == csp
    assert "nonce" not in csp
    policy = headers["Permissions-Policy"]
    assert all(feature in policy for feature in UNUSED_FEATURES), policy


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/", 200),
        ("story", 200),
        ("/search/?q=vote", 200),
        ("/feeds/rss/", 200),
        ("/feeds/atom/", 200),
        ("/sitemap.xml", 200),
        ("/robots.txt", 200),
        ("/no/such/page/", 404),
        ("/healthz", 200),
        ("/readyz", 200),
    ],
)
def test_reader_urls_carry_the_strict_policy_and_every_security_header(seeded_server, path, status):
    if path == "story":
        path = story_path(seeded_server)
    got, headers, _, _ = seeded_server.get(path)
    assert got == status
    assert_secure_headers(headers)
    assert headers["X-Frame-Options"] == "DENY"


def test_the_stylesheet_loads_for_this_site_and_carries_the_headers(seeded_server):
    html = seeded_server.get("/")[2].decode()
    start = html.index('<link rel="stylesheet" href="') + len('<link rel="stylesheet" href="')
    href = html[start : html.index('"', start)]
    assert href.startswith("/static/css/site.") and href.endswith(".css")  # hashed name
    status, headers, body, _ = seeded_server.get(href)
    assert status == 200 and headers["Content-Type"].startswith("text/css") and body
    assert_secure_headers(headers)


@pytest.mark.parametrize("path", ["/admin/login/", "/admin/"])
def test_the_admin_has_its_own_policy_allowing_only_its_own_scripts(seeded_server, path):
    status, headers, _, _ = seeded_server.get(path)
    assert status in (200, 302)
    assert_secure_headers(headers, csp=ADMIN_CSP)
    assert headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    ("method", "path", "extra", "status", "heading"),
    [
        ("GET", "/no/such/page/", {}, 404, "We can’t find that page"),
        ("POST", "/admin/login/", {}, 403, "That isn’t allowed"),
        ("POST", "/", {}, 405, "This address can only be read"),
        ("TRACE", "/", {}, 405, "This address can only be read"),
        ("GET", "/", {"Host": "evil.example"}, 400, "We couldn’t understand that request"),
    ],
)
def test_error_pages_are_styled_with_no_inline_code_and_carry_the_headers(
    seeded_server, method, path, extra, status, heading
):
    got, headers, body, _ = seeded_server.request(
        method, path, {"X-Forwarded-Proto": "https", **extra}
    )
    assert got == status
    html = body.decode()
    assert heading in html
    assert '<link rel="stylesheet" href="/static/css/site.' in html
    assert "<style" not in html and "<script" not in html and " style=" not in html
    if path.startswith("/admin/"):
        assert_secure_headers(headers, csp=ADMIN_CSP)
    else:
        assert_secure_headers(headers)


def test_plain_http_is_redirected_to_https_except_the_health_checks(seeded_server):
    status, headers, _, _ = seeded_server.request("GET", "/")
    assert status == 301 and headers["Location"] == "https://127.0.0.1/"
    assert seeded_server.request("GET", "/healthz")[0] == 200
    assert seeded_server.request("GET", "/readyz")[0] == 200
