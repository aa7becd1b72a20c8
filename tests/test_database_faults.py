"""A database that refuses, hangs, is too slow or comes back, against the production server with
production settings: readers and editors get a 503 with Retry-After, the health checks tell a load
balancer which is which, pages that need no database keep answering, and the site recovers alone.

The database is reached through tests/faulty_database.py, a real TCP stand-in on a port of its
own. Timings are reported in the run's summary, never asserted.
"""

import shutil
import threading
import time
import uuid
from urllib.parse import quote

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from articles.models import Story
from tests.faulty_database import FaultyDatabase
from tests.production_server import free_port, production_env, start_server, stop_server

ON_POSTGRESQL = connection.vendor == "postgresql"
needs_postgresql = pytest.mark.skipif(
    not ON_POSTGRESQL,
    reason="needs the suite on PostgreSQL (DATABASE_URL=postgres://...): the database that "
    "comes back must hold the site's tables",
)
# Connect and statement timeouts for the server under test: the smallest libpq allows, and a
# second, so the suite stays quick.
CONNECT_TIMEOUT, STATEMENT_TIMEOUT = 2, 1
# Recovery must take at most this many polls half a second apart (about 10 s).
RECOVERY_POLLS = 20


@pytest.fixture(scope="module")
def database(django_db_setup):
    proxy = FaultyDatabase(free_port())
    yield proxy
    proxy.close()


@pytest.fixture(scope="module")
def page_cache_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("page-cache")


@pytest.fixture
def empty_page_cache(page_cache_dir):
    """The server's page cache as after a restart of the cache: no stored page, no generation."""
    shutil.rmtree(page_cache_dir)
    page_cache_dir.mkdir()


@pytest.fixture(scope="module")
def server(production_copy, database, page_cache_dir, tmp_path_factory):
    if ON_POSTGRESQL:
        settings = connection.settings_dict
        user = quote(settings["USER"] or "postgres")
        password = f":{quote(settings['PASSWORD'])}" if settings["PASSWORD"] else ""
        name = settings["NAME"]
    else:
        user, password, name = "postgres", "", "newsroom_faults_never_reached"
    env = production_env(
        DATABASE_URL=f"postgres://{user}{password}@127.0.0.1:{database.port}/{name}",
        DB_CONNECT_TIMEOUT=str(CONNECT_TIMEOUT),
        DB_STATEMENT_TIMEOUT=str(STATEMENT_TIMEOUT),
        CACHE_URL=f"filecache://{page_cache_dir}",
    )
    running = start_server(production_copy, env, tmp_path_factory.mktemp("logs") / "server.log")
    yield running
    stop_server(running)


@pytest.fixture
def figures(report_figures):
    def add(text):
        report_figures.append(f"database faults: {text}")

    return add


def assert_is_the_503_page(status, headers, body):
    assert status == 503
    assert int(headers["Retry-After"]) > 0
    assert "no-store" in headers["Cache-Control"]
    html = body.decode()
    assert "We’ll be back in a moment" in html
    assert "Traceback" not in html and "OperationalError" not in html
    assert "<style" not in html and "<script" not in html


def fresh(path):
    """`path` under an address no one asked for yet: a page-cache miss, which needs the database
    (a page the cache holds keeps being served while the database is away)."""
    return f"{path}{'&' if '?' in path else '?'}miss={uuid.uuid4().hex}"


PAGES_WITHOUT_DATABASE = ["/healthz", "/robots.txt", "/static/css/site.css"]


@pytest.mark.parametrize("fault", ["refuse", "hang"])
def test_reader_pages_and_the_admin_get_a_503_while_the_database_is_down(
    server, database, fault, figures
):
    getattr(database, fault)()
    for path in ["/", "/stories/some-story/", "/search/?q=vote", "/feeds/rss/"]:
        status, headers, body, seconds = server.get(fresh(path))
        assert_is_the_503_page(status, headers, body)
        figures(f"{fault}: GET {path} 503 in {seconds:.2f} s")
    # An editor who is logged in: their session lives in the database.
    status, headers, body, _ = server.get("/admin/articles/story/", Cookie="sessionid=" + "a1" * 16)
    assert_is_the_503_page(status, headers, body)
    assert "nothing can be opened or saved" in body.decode()


@pytest.mark.parametrize("fault", ["refuse", "hang"])
def test_health_checks_say_live_but_not_ready_with_no_https_redirect(server, database, fault):
    getattr(database, fault)()
    # Plain HTTP, as a load balancer's check: neither is redirected to HTTPS.
    status, headers, body, _ = server.request("GET", "/healthz")
    assert (status, body) == (200, b"ok\n")
    assert "no-store" in headers["Cache-Control"]
    status, headers, body, _ = server.request("GET", "/readyz")
    assert (status, body) == (503, b"database unavailable\n")
    assert "no-store" in headers["Cache-Control"]


@pytest.mark.parametrize("fault", ["refuse", "hang"])
def test_pages_that_need_no_database_answer_while_readers_wait_on_it(
    server, database, fault, figures
):
    """Readers keep some workers waiting on the database; robots.txt, static files and /healthz
    are still answered (timings in the summary)."""
    getattr(database, fault)()
    waiting = [threading.Thread(target=server.get, args=("/",)) for _ in range(3)]
    for thread in waiting:
        thread.start()
    time.sleep(0.2)
    try:
        for path in PAGES_WITHOUT_DATABASE:
            status, _, body, seconds = server.get(path)
            assert status == 200 and body
            figures(f"{fault}: GET {path} 200 in {seconds:.3f} s while 3 readers wait")
    finally:
        for thread in waiting:
            thread.join()


def test_a_hung_database_holds_a_request_no_longer_than_the_connect_timeout(
    server, database, figures
):
    database.hang()
    status, _, _, seconds = server.get(fresh("/"))
    assert status == 503
    figures(f"hang: GET / gave up after {seconds:.2f} s (DB_CONNECT_TIMEOUT={CONNECT_TIMEOUT})")


def test_with_the_cache_empty_a_page_waits_on_a_hung_database_once(
    server, database, empty_page_cache
):
    """Learning the page cache's generation needs the database (when does the next scheduled
    story go live?). With it hung, that wait is the request's only one: a page the cache
    cannot answer is the 503 at once, not after a second wait in the view."""
    database.hang()
    before = database.accepted
    status, headers, body, _ = server.get(fresh("/stories/some-story/"))
    assert_is_the_503_page(status, headers, body)
    assert database.accepted - before == 1


def test_with_the_cache_empty_robots_txt_waits_on_a_hung_database_at_most_once(
    server, database, empty_page_cache
):
    """robots.txt needs no database: after one request found the database away, the cache
    keeps its generation for a while, and robots.txt is answered without asking again."""
    database.hang()
    before = database.accepted
    for _ in range(4):
        status, _, body, _ = server.get("/robots.txt")
        assert status == 200 and b"Sitemap:" in body
    assert database.accepted - before == 1


@needs_postgresql
def test_the_site_recovers_by_itself_when_the_database_comes_back(
    server, database, transactional_db, figures
):
    call_command("loaddata", "seed", verbosity=0)
    story_path = Story.objects.get().get_absolute_url()
    database.forward()
    assert server.get(story_path)[0] == 200  # and now the page cache holds it
    database.refuse()
    assert server.get(story_path)[0] == 200  # the stored copy keeps serving readers
    assert server.get(fresh(story_path))[0] == 503
    assert server.request("GET", "/readyz")[0] == 503

    database.forward()
    back = time.perf_counter()
    for poll in range(1, RECOVERY_POLLS + 1):
        if server.get(fresh(story_path))[0] == 200 and server.request("GET", "/readyz")[0] == 200:
            recovered_on = poll
            break
        time.sleep(0.5)
    else:
        pytest.fail(f"not recovered after {RECOVERY_POLLS} polls")
    seconds = time.perf_counter() - back
    figures(f"recovered on poll {recovered_on}, {seconds:.2f} s after the database came back")
    # Every worker recovers, not just one: a few more requests all succeed.
    assert {server.get(fresh(story_path))[0] for _ in range(8)} == {200}


@needs_postgresql
def test_a_statement_slower_than_the_statement_timeout_is_a_503(
    server, database, transactional_db, figures
):
    call_command("loaddata", "seed", verbosity=0)
    database.forward()
    assert server.get("/")[0] == 200
    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        user=settings["USER"] or "postgres",
        password=settings["PASSWORD"] or None,
        dbname=settings["NAME"],
    ) as blocker:
        blocker.execute("LOCK TABLE articles_story IN ACCESS EXCLUSIVE MODE")
        status, headers, body, seconds = server.get(fresh("/"))
        blocker.rollback()
    assert_is_the_503_page(status, headers, body)
    figures(f"slow: GET / 503 after {seconds:.2f} s (DB_STATEMENT_TIMEOUT={STATEMENT_TIMEOUT})")
    assert server.get("/")[0] == 200


@needs_postgresql
def test_every_postgresql_connection_carries_the_timeouts(db, settings):
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == f"{int(settings.DB_STATEMENT_TIMEOUT)}s"
    assert connection.settings_dict["OPTIONS"]["connect_timeout"] == settings.DB_CONNECT_TIMEOUT
