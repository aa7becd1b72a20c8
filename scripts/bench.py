"""Benchmark the reader pages in-process: median time per request and SQL queries per page.

Run with `make bench` (or `.venv/bin/python scripts/bench.py [--requests N]`). It builds a
throw-away SQLite database (or uses DATABASE_URL if set), loads the seed plus generated stories,
and times each page through Django's full request stack (middleware, views, templates), with
DEBUG off and the page cache off: what a miss costs. It prints medians, and the ratio of a
50-section story to the 1-section one: a ratio near 1 means the page does not slow down as
stories grow. Figures vary with the machine; compare runs on the same machine.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def configure_environment(workdir):
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ.update(
        # The views themselves, as on a page-cache miss, with a cache of this run's own.
        PAGE_CACHE="false",
        CACHE_URL=f"filecache://{workdir / 'cache'}",
        DEBUG="false",
        SECRET_KEY="benchmark-only-not-a-secret",
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="false",
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")


def build_content():
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from articles.models import RelatedLink, Section, Story

    call_command("migrate", verbosity=0)
    call_command("loaddata", "seed", verbosity=0)
    stories = {}
    for count in (1, 50):
        story, _ = Story.objects.update_or_create(
            slug=f"bench-{count}-sections",
            defaults={
                "headline": f"Benchmark story with {count} sections",
                "status": Story.Status.PUBLISHED,
                "published_at": timezone.now() - timedelta(minutes=count),
            },
        )
        story.sections.all().delete()
        story.related_links.all().delete()
        Section.objects.bulk_create(
            Section(
                story=story,
                position=n,
                heading=f"Part {n}" if n > 1 else "",
                body="A paragraph of reporting. " * 40 + "\n\n" + "Another one. " * 30,
            )
            for n in range(1, count + 1)
        )
        RelatedLink.objects.bulk_create(
            RelatedLink(story=story, position=n, title=f"Related headline {n}") for n in range(1, 5)
        )
        stories[count] = story
    return {
        "front page": "/",
        "seed story": Story.objects.get(slug__startswith="understanding").get_absolute_url(),
        "story, 1 section": stories[1].get_absolute_url(),
        "story, 50 sections": stories[50].get_absolute_url(),
    }


def measure(client, url, requests):
    from django.db import connection

    client.get(url)  # warm template and connection caches
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    # execute_wrapper survives the reconnects that happen between requests.
    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        client.get(url)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings), len(queries), len(response.content)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="timed requests per page")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        configure_environment(Path(tmp))
        import django

        django.setup()
        from django.test import Client, override_settings

        storages = {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        # Plain static names and no STATIC_ROOT: the benchmark needs no collectstatic.
        with override_settings(STORAGES=storages, STATIC_ROOT=None, WHITENOISE_USE_FINDERS=True):
            pages = build_content()
            client = Client()
            print(f"{'page':<22}{'median ms':>11}{'req/s':>9}{'queries':>9}{'bytes':>9}")
            results = {}
            for name, url in pages.items():
                median, queries, size = measure(client, url, args.requests)
                results[name] = median
                print(f"{name:<22}{median * 1000:>11.2f}{1 / median:>9.0f}{queries:>9}{size:>9}")
            ratio = results["story, 50 sections"] / results["story, 1 section"]
            print(
                f"\n50-section / 1-section story time ratio: {ratio:.2f} "
                f"(median of {args.requests} requests each)"
            )


if __name__ == "__main__":
    main()
