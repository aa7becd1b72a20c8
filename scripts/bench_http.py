"""HTTP benchmark: wrk against the production server, every figure as a ratio to a static file.

Run with `make bench-http` (or `.venv/bin/python scripts/bench_http.py [--rounds N ...]`). It
builds a throw-away SQLite database (the seed plus stories of 1 and 50 sections) and a fresh
file cache, runs collectstatic, and starts two production servers (newsroom/server.py) with
DEBUG off: one as production runs (page cache on) and one with PAGE_CACHE=false, whose story
pages are all true misses of the page cache. After a warm-up it runs wrk on every target in
turn, for several rounds, and reports medians: requests per second, p50, p99, and CPU time per
request (the server's processes' utime + stime from /proc, over the requests wrk completed). Then
p99 at 32 connections for the story, cached and uncached. The table is printed and appended,
dated, with the core count and load average, to bench/RESULTS.md.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
GOALS = {"story, cached (1 section)": 0.5, "story, 304": 0.5, "story, uncached (1 section)": 0.25}


def server_environment(workdir):
    return os.environ | {
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}"),
        "CACHE_URL": os.environ.get("CACHE_URL", f"filecache://{workdir / 'cache'}"),
        "DEBUG": "false",
        "SECRET_KEY": "benchmark-only-not-a-secret",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
    }


def prepare(environment):
    """Migrate, load the content and collect static files; return the paths to measure."""
    script = (
        "import json, bench, django; django.setup();"
        "from django.core.management import call_command;"
        "from django.contrib.staticfiles.storage import staticfiles_storage;"
        "call_command('collectstatic', interactive=False, verbosity=0);"
        "pages = bench.build_content();"
        "pages['css'] = staticfiles_storage.url('css/site.css');"
        "print(json.dumps(pages))"
    )
    output = subprocess.run(
        [sys.executable, "-c", script],
        env=environment | {"PYTHONPATH": f"{ROOT}:{ROOT / 'scripts'}"},
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


class Server:
    """The production server (newsroom/server.py), on 127.0.0.1:port."""

    def __init__(self, environment, port, workers):
        self.base = f"http://127.0.0.1:{port}"
        listening = {"SERVER_HOST": "127.0.0.1", "PORT": str(port)}
        if workers:
            listening["WEB_CONCURRENCY"] = str(workers)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "newsroom.server"],
            env=environment | listening,
            cwd=ROOT,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(300):
            try:
                urllib.request.urlopen(self.base + "/robots.txt", timeout=2).read()
                return
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"the server did not answer on {self.base}")

    def workers(self):
        """The supervising process and its workers (each runs granian's HTTP handling and
        Django's threads): every process whose CPU the requests cost."""
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [self.process.pid, *(int(pid) for pid in path.read_text().split())]

    def cpu_seconds(self):
        total = 0
        for pid in self.workers():
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
        return total / CLOCK_TICKS

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def to_ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * UNITS[unit]


def wrk(url, *, seconds, connections, headers=()):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    for header in headers:
        command[1:1] = ["-H", header]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    return {
        "requests": requests,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": to_ms(re.search(r"^\s*50%\s+(\S+)", out, re.M).group(1)),
        "p99": to_ms(re.search(r"^\s*99%\s+(\S+)", out, re.M).group(1)),
        "socket_errors": "Socket errors" in out,
        "non_2xx": "Non-2xx" in out,
    }


def measure(server, url, *, seconds, connections, headers=()):
    before = server.cpu_seconds()
    result = wrk(server.base + url, seconds=seconds, connections=connections, headers=headers)
    result["cpu_ms"] = (server.cpu_seconds() - before) * 1000 / max(1, result["requests"])
    return result


def etag_of(server, url):
    with urllib.request.urlopen(server.base + url) as response:
        return response.headers["ETag"]


def median_of(runs, key):
    return statistics.median(run[key] for run in runs)


def table(results, p99_at_32):
    static = results["static CSS"]
    rows = [
        "| target | req/s | × static | p50 ms | p99 ms | CPU ms/req | × static CPU |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, runs in results.items():
        rps, cpu = median_of(runs, "rps"), median_of(runs, "cpu_ms")
        rows.append(
            f"| {name} | {rps:,.0f} | {rps / median_of(static, 'rps'):.2f} | "
            f"{median_of(runs, 'p50'):.2f} | {median_of(runs, 'p99'):.2f} | {cpu:.2f} | "
            f"{cpu / median_of(static, 'cpu_ms'):.1f} |"
        )
    rows.append("")
    rows.append("| at 32 connections | req/s | p99 ms |")
    rows.append("|---|---|---|")
    for name, runs in p99_at_32.items():
        rows.append(f"| {name} | {median_of(runs, 'rps'):,.0f} | {median_of(runs, 'p99'):.2f} |")
    return "\n".join(rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8610, help="cached server; uncached: +1")
    parser.add_argument("--workers", type=int, default=None, help="default: the config's")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5, help="per wrk run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "RESULTS.md")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        environment = server_environment(Path(tmp))
        pages = prepare(environment)
        cached = Server(environment, args.port, args.workers)
        uncached = Server(environment | {"PAGE_CACHE": "false"}, args.port + 1, args.workers)
        try:
            one, fifty = pages["story, 1 section"], pages["story, 50 sections"]
            targets = {
                "static CSS": (cached, pages["css"], ()),
                "story, cached (1 section)": (cached, one, ()),
                "story, cached (50 sections)": (cached, fifty, ()),
                "story, uncached (1 section)": (uncached, one, ()),
                "story, uncached (50 sections)": (uncached, fifty, ()),
                "story, 304": (cached, one, (f"If-None-Match: {etag_of(cached, one)}",)),
                "front page": (cached, "/", ()),
                "RSS feed": (cached, "/feeds/rss/", ()),
                "search": (cached, "/search/?q=bubble", ()),
            }
            for server, url, headers in targets.values():  # warm every worker and cache
                wrk(server.base + url, seconds=1, connections=8, headers=headers)
            results = {name: [] for name in targets}
            p99_at_32 = {"story, cached": [], "story, uncached": []}
            for _ in range(args.rounds):
                for name, (server, url, headers) in targets.items():
                    run = measure(
                        server,
                        url,
                        seconds=args.seconds,
                        connections=args.connections,
                        headers=headers,
                    )
                    results[name].append(run)
                for name, server in (("story, cached", cached), ("story, uncached", uncached)):
                    p99_at_32[name].append(
                        measure(server, one, seconds=args.seconds, connections=32)
                    )
        finally:
            cached.stop()
            uncached.stop()

    workers = len(os.sched_getaffinity(0)) if args.workers is None else args.workers
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    heading = (
        f"## {datetime.now(UTC):%Y-%m-%d %H:%M} UTC: {os.cpu_count()} cores, load {load}, "
        f"{workers} granian workers, wrk -t2 -c{args.connections} -d{args.seconds}s, "
        f"median of {args.rounds} rounds"
    )
    report = f"{heading}\n\n{table(results, p99_at_32)}\n"
    failed = [
        name
        for name, runs in results.items()
        for run in runs
        if run["socket_errors"] or (run["non_2xx"] and "304" not in name)
    ]
    if failed:
        report += f"\nSocket errors or unexpected statuses in: {', '.join(sorted(set(failed)))}\n"
    print(report)
    args.results.parent.mkdir(exist_ok=True)
    with args.results.open("a", encoding="utf-8") as results_file:
        results_file.write("\n" + report)


if __name__ == "__main__":
    main()
