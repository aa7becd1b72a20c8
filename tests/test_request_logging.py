"""What the production server logs: HEAD requests log nothing abnormal, a request for a host this
site does not serve logs one warning line and no traceback, and Django's lines are JSON."""

import json

import pytest

HEAD_PATHS = ["/", "/feeds/rss/", "/sitemap.xml", "/robots.txt", "/no/such/page/", "/healthz"]


def django_lines(log):
    return [json.loads(line) for line in log.splitlines() if line.startswith("{")]


def test_head_gets_headers_and_no_body_and_logs_no_warning(seeded_server):
    for path in HEAD_PATHS:
        get_status, _, get_body, _ = seeded_server.get(path)
        status, headers, body, _ = seeded_server.request(
            "HEAD", path, {"X-Forwarded-Proto": "https"}
        )
        assert (status, body) == (get_status, b""), path
        assert headers["Content-Length"] == str(len(get_body)), path
    log = seeded_server.log()
    assert "body bytes" not in log and "Traceback" not in log


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_a_disallowed_host_logs_one_warning_line_without_a_traceback(seeded_server, method):
    host = f"{method.lower()}.attacker.example"
    before = len(seeded_server.log().splitlines())
    status = seeded_server.request(method, "/", {"Host": host})[0]
    assert status == 400
    new_lines = seeded_server.log().splitlines()[before:]
    mentions = [line for line in new_lines if host in line]
    assert len(mentions) == 1, new_lines
    [entry] = django_lines(mentions[0])
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "django.security.DisallowedHost"
    assert "exception" not in entry
    assert not any("Traceback" in line for line in new_lines)


def test_django_logs_reach_stderr_as_json(seeded_server):
    seeded_server.get("/no/such/page/?from=logging-test")
    entries = django_lines(seeded_server.log())
    [entry] = [e for e in entries if e.get("path") == "/no/such/page/?from=logging-test"]
    assert (entry["level"], entry["logger"], entry["status"]) == ("WARNING", "django.request", 404)
