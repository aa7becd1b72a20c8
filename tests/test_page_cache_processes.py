"""The page cache across processes, over real HTTP: the multi-worker server as production runs
it, with changes made by other processes. Every worker must answer the very next request with
the change, on the default cache (files shared by the workers) and on Redis (CACHE_URL)."""

import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest

from tests.conftest import SEED_PATH

REDIS_URL = "redis://127.0.0.1:6379/1"
SLUG = "understanding-the-llm-bubble-in-todays-ai-environment"
# Sequential requests, each on a new connection: the workers take them in turn as they come.
REQUESTS = 24
WORKERS = 3


def redis_is_up():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(params=["files", "redis"])
def site(request, tmp_path, production_copy):
    """A migrated SQLite database holding the seed, served by the production server with WORKERS
    workers from a copy of the project with its static files collected, as a deploy has it."""
    if request.param == "redis" and not redis_is_up():
        pytest.skip("Redis is not running at 127.0.0.1:6379")
    environment = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "SECRET_KEY": "process-test-only",
        "DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "CACHE_URL": f"filecache://{tmp_path / 'cache'}" if request.param == "files" else REDIS_URL,
        "CACHE_KEY_PREFIX": secrets.token_hex(6),
    }

    def manage(*args):
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=production_copy,
            env=environment,
            check=True,
            capture_output=True,
        )

    manage("migrate", "--noinput")
    manage("loaddata", "seed")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "newsroom.server"],
        cwd=production_copy,
        env=environment
        | {"SERVER_HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": str(WORKERS)},
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):  # waiting for start-up, not timing anything
            try:
                urlopen(base + "/robots.txt", timeout=5).read()
                break
            except OSError:
                time.sleep(0.1)
        yield base, manage, server.pid
    finally:
        server.terminate()
        server.wait(timeout=30)


def answers(url):
    """What every one of REQUESTS requests got: {(status, contains-marker)}."""
    seen = []
    for _ in range(REQUESTS):
        try:
            with urlopen(url, timeout=30) as response:
                seen.append((response.status, response.read().decode()))
        except HTTPError as error:
            seen.append((error.code, ""))
    return seen


def workers_busy(pid):
    """CPU ticks of each worker so far: shows the requests did reach several of them."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    ticks = []
    for child in children:
        fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
        ticks.append(int(fields[11]) + int(fields[12]))
    return ticks


def test_a_change_from_any_process_reaches_every_worker_at_once(site, tmp_path):
    base, manage, pid = site
    story_url = f"{base}/stories/{SLUG}/"
    paths = [story_url, base + "/", base + "/feeds/rss/", base + "/sitemap.xml"]
    for url in paths:  # fill the cache through every worker
        assert all(status == 200 for status, _ in answers(url))
    assert sum(1 for ticks in workers_busy(pid) if ticks > 0) >= 2

    # An import in another process rewrites the lead, which the lists show as the summary.
    lines = SEED_PATH.read_text(encoding="utf-8").splitlines()
    lines[1] = "A paragraph rewritten by an import."
    article = tmp_path / "article.txt"
    article.write_text("\n".join(lines) + "\n", encoding="utf-8")
    manage("import_story", str(article), "--replace")
    # Every request after it, to every page that shows the story, gets the new text.
    for url in paths[:3]:
        assert all("A paragraph rewritten by an import." in body for _, body in answers(url))

    # Unpublished in another process: a 404 everywhere, and gone from the lists.
    manage(
        "shell",
        "-c",
        "from articles.models import Story; s = Story.objects.get(); s.status = 'draft'; s.save()",
    )
    assert {status for status, _ in answers(story_url)} == {404}
    assert all("rewritten by an import" not in body for _, body in answers(base + "/"))

    # Deleted, then loaddata puts the seed back (raw saves; loaddata refuses to overwrite an
    # edited story, so it goes first): published, with its own text.
    manage("shell", "-c", "from articles.models import Story; Story.objects.get().delete()")
    assert {status for status, _ in answers(story_url)} == {404}
    manage("loaddata", "seed")
    pages = answers(story_url)
    assert all(status == 200 and "rewritten by an import" not in body for status, body in pages)
