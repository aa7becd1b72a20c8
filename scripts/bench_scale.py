"""Scale benchmark: does any page cost more with 100,000 stories than with 1,000? (PostgreSQL)

Run with `make bench-scale` (or `.venv/bin/python scripts/bench_scale.py [--runs N]`). For each
size it builds (or reuses) a PostgreSQL database of generated stories (`generate_stories N
--seed 1 --days D`: 6 sections and 4 related links each, at about 55 stories a day, so 1,000
stories span 18 days and 100,000 five years), then times every page in-process
through Django's whole request stack with DEBUG off and the page cache off (every request is a
miss): the median of N requests, and the SQL queries of one. It prints a table of the medians
side by side with their ratio, flags any page more than 2x slower at the larger size or over
100 ms, and appends the dated table to bench/RESULTS.md. --explain prints EXPLAIN ANALYZE of
each page's queries at the largest size (and flags sequential scans of the story tables).

Databases: POSTGRES_URL (default postgres://postgres@127.0.0.1:5432) plus DB_PREFIX and the size,
e.g. newsroom_scale_bench_100000. A database that already holds the asked-for number of stories,
over the right span and with its newest story less than MAX_AGE_HOURS old, is reused;
--rebuild builds it again.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
GOAL_RATIO, GOAL_MS = 2.0, 100.0
# Both archives grow at one newsroom's pace: 100,000 stories over 5 years is about 55 a day, so
# 1,000 stories are its first 18 days. The newest pages (front page, feeds, news sitemap) hold
# the same number of stories at both sizes; only the archive behind them differs.
STORIES_A_DAY = 100_000 / (5 * 365)
# A database whose newest story is older than this is built again: its news sitemap has aged.
MAX_AGE_HOURS = 6


def configure_environment(database_url):
    os.environ.update(
        DATABASE_URL=database_url,
        DEBUG="false",
        SECRET_KEY="benchmark-only-not-a-secret",
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="false",
        PAGE_CACHE="false",  # measure what a miss costs; a hit costs the same at any size
        DJANGO_SETTINGS_MODULE="newsroom.settings",
    )
    sys.path.insert(0, str(ROOT))


# --- One size, in its own process (Django is set up once per process) ----------------------


def span_days(size):
    return max(1, round(size / STORIES_A_DAY))


def is_current(size):
    """Whether the database holds `size` stories over span_days(size), the newest of them fresh
    (the news sitemap and the front page read the last hours)."""
    from django.db.models import Max, Min
    from django.utils import timezone

    from articles.models import Story

    if Story.objects.count() != size:
        return False
    times = Story.objects.aggregate(oldest=Min("published_at"), newest=Max("published_at"))
    spread = (times["newest"] - times["oldest"]).total_seconds() / 86400
    age = timezone.now() - times["newest"]
    return abs(spread - span_days(size)) < 1 and age.total_seconds() < MAX_AGE_HOURS * 3600


def build(size, rebuild):
    """Create and fill the database unless it already holds `size` current stories; seconds
    taken."""
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from articles.models import Story

    if not rebuild and is_current(size):
        return None
    with connection.cursor() as cursor:
        # Deleting 100,000 stories through the ORM (cascades and signals) takes longer than
        # building them; everything that points at a story goes with it.
        cursor.execute(f"TRUNCATE {Story._meta.db_table} RESTART IDENTITY CASCADE")
    started = time.perf_counter()
    call_command("generate_stories", size, seed=1, days=span_days(size), verbosity=0)
    built = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # fresh statistics and visibility, as autovacuum would
    return built


def pages():
    """{name: path} of every page the issue's table names."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from articles.generator import ABSENT_WORD, COMMON_WORD, RARE_WORD
    from articles.models import Story
    from articles.views import FrontPageView

    middle = Story.objects.published().order_by("pk")
    story = middle[middle.count() // 2]
    published = Story.objects.published().count()
    # The deepest full page: a last page holding a few stories would flatter the smaller size.
    deepest = max(1, min(FrontPageView.MAX_PAGES, published // FrontPageView.paginate_by))
    get_user_model().objects.filter(username="bench").exists() or (
        get_user_model().objects.create_superuser("bench", "bench@example.org", "bench")
    )
    admin_list = reverse("admin:articles_story_changelist")
    return {
        "story": story.get_absolute_url(),
        "front page 1": "/",
        f"front page {deepest} (deepest full)": f"/?page={deepest}",
        "RSS": "/feeds/rss/",
        "Atom": "/feeds/atom/",
        "sitemap index": "/sitemap.xml",
        "sitemap page (last)": None,  # filled from the index below
        "news sitemap": "/sitemap-news.xml",
        f"search: common ({COMMON_WORD})": f"/search/?q={COMMON_WORD}",
        f"search: rare ({RARE_WORD})": f"/search/?q={RARE_WORD}",
        f"search: absent ({ABSENT_WORD})": f"/search/?q={ABSENT_WORD}",
        "admin list": admin_list,
        f"admin search: rare ({RARE_WORD})": f"{admin_list}?q={RARE_WORD}",
        f"admin search: common ({COMMON_WORD})": f"{admin_list}?q={COMMON_WORD}",
    }


def last_sitemap_page(client):
    import re

    index = client.get("/sitemap.xml").content.decode()
    locations = re.findall(r"<loc>https?://[^/]+([^<]+)</loc>", index)
    return locations[-1].replace("&amp;", "&")


def measure(client, path, runs):
    from django.db import connection

    response = client.get(path)  # warm templates, connection, plans
    assert response.status_code == 200, (path, response.status_code)
    queries = []

    def record(execute, sql, params, many, context):
        queries.append(connection.ops.compose_sql(sql, params) if params else sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        client.get(path)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
    return {
        "ms": statistics.median(timings),
        "queries": len(queries),
        "bytes": len(response.content),
        "sql": queries,
    }


def explain(sql):
    from django.db import connection

    if not sql.lstrip().upper().startswith("SELECT") or "set_config" in sql:
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS OFF) {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def run_one(size, database_url, runs, rebuild, with_plans):
    configure_environment(database_url)
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client, override_settings

    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    built = build(size, rebuild)
    with override_settings(STORAGES=storages, STATIC_ROOT=None, WHITENOISE_USE_FINDERS=True):
        client = Client()
        paths = pages()
        client.force_login(get_user_model().objects.get(username="bench"))
        reader = Client()
        paths["sitemap page (last)"] = last_sitemap_page(reader)
        results = {"built_seconds": built, "pages": {}}
        for name, path in paths.items():
            page_client = client if path.startswith("/admin/") else reader
            result = measure(page_client, path, runs)
            result["path"] = path
            if with_plans:
                result["plans"] = [plan for sql in result["sql"] if (plan := explain(sql))]
            del result["sql"]
            results["pages"][name] = result
    return results


# --- The comparison --------------------------------------------------------------------------


def database_url(size):
    server = os.environ.get("POSTGRES_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
    prefix = os.environ.get("DB_PREFIX", "newsroom_scale_bench_")
    return f"{server}/{prefix}{size}", f"{prefix}{size}", server


def ensure_database(server, name):
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')


def table(sizes, results):
    small, large = sizes
    header = (
        f"| page | {small:,} stories | queries | {large:,} stories | queries | ratio | |\n"
        "|---|---:|---:|---:|---:|---:|---|"
    )
    lines, failures = [header], 0
    for name in results[large]["pages"]:
        # Page names that carry a number (the deepest front page) differ between sizes.
        a = results[small]["pages"].get(name) or _same_kind(results[small]["pages"], name)
        b = results[large]["pages"][name]
        ratio = b["ms"] / a["ms"] if a else float("nan")
        flags = []
        if ratio > GOAL_RATIO:
            flags.append(f"> {GOAL_RATIO:g}x")
        if b["ms"] > GOAL_MS or (a and a["ms"] > GOAL_MS):
            flags.append(f"> {GOAL_MS:g} ms")
        failures += bool(flags)
        lines.append(
            f"| {name} | {a['ms']:.1f} ms | {a['queries']} | {b['ms']:.1f} ms | {b['queries']} "
            f"| {ratio:.2f} | {' '.join(flags) or 'ok'} |"
        )
    return "\n".join(lines), failures


def _same_kind(pages, name):
    kind = name.split(" ")[0:2]
    return next((page for other, page in pages.items() if other.split(" ")[0:2] == kind), None)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="timed requests per page")
    parser.add_argument("--sizes", type=int, nargs=2, default=[1000, 100_000])
    parser.add_argument("--rebuild", action="store_true", help="regenerate the databases")
    parser.add_argument("--explain", action="store_true", help="print the larger size's plans")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: measure one size
    args = parser.parse_args()
    if args.one:
        url, _, _ = database_url(args.one)
        results = run_one(args.one, url, args.runs, args.rebuild, args.explain)
        print(json.dumps(results))
        return
    results = {}
    for size in args.sizes:
        url, name, server = database_url(size)
        ensure_database(server, name)
        print(f"{size:,} stories: database {name} …", flush=True)
        command = [sys.executable, __file__, "--one", str(size), "--runs", str(args.runs)]
        command += ["--rebuild"] * args.rebuild + ["--explain"] * (
            args.explain and size == max(args.sizes)
        )
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        results[size] = json.loads(output.splitlines()[-1])
        built = results[size]["built_seconds"]
        print(f"  built in {built:.0f} s" if built is not None else "  reused", flush=True)
    markdown, failures = table(args.sizes, results)
    if args.explain:
        for name, page in results[max(args.sizes)]["pages"].items():
            print(f"\n### {name}: {page['path']}")
            for plan in page["plans"]:
                print(plan + "\n")
    print()
    print(markdown)
    verdict = (
        "every page within 2x of itself and under 100 ms"
        if not failures
        else f"{failures} page(s) flagged"
    )
    print(f"\n{verdict} (median of {args.runs} requests, in-process, DEBUG off, no page cache)")
    append_results(args, results, markdown, verdict)


def append_results(args, results, markdown, verdict):
    RESULTS.parent.mkdir(exist_ok=True)
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    built = "; ".join(
        f"{size:,} stories built in {r['built_seconds']:.0f} s"
        for size, r in results.items()
        if r["built_seconds"] is not None
    )
    with RESULTS.open("a", encoding="utf-8") as out:
        out.write(
            f"\n## Scale, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC\n\n"
            f"`scripts/bench_scale.py --runs {args.runs}` on PostgreSQL; {os.cpu_count()} cores, "
            f"load {load}, Python {platform.python_version()}. Median of {args.runs} in-process "
            f"requests, DEBUG off, page cache off.{' ' + built + '.' if built else ''}\n\n"
            f"{markdown}\n\n{verdict}.\n"
        )


if __name__ == "__main__":
    main()
