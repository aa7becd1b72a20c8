"""The production server: granian serving newsroom.wsgi. Production, `make serve`, the benchmarks
and the tests that need real HTTP all start it this way: `python -m newsroom.server`.

The environment tunes it:
- PORT (default 8000) and SERVER_HOST (default 0.0.0.0): where it listens.
- WEB_CONCURRENCY: worker processes; default one per core.
- SERVER_THREADS: threads per worker running Django; default 4.
- SERVER_ACCESS_LOG: "true" logs a line per request. Off by default: the CDN or proxy in front
  logs requests, and a line per request costs about as much as serving a cached page.

Why granian rather than gunicorn: granian reads and writes HTTP in Rust, outside Python's GIL,
so a worker's Python threads run only Django. One process per core is then enough, and the
threads cover the waits on the database and the cache. Measured with scripts/bench_http.py on 2
cores at 32 connections, a cached story: gunicorn (4 gthread workers of 4 threads) 7,000 req/s
at p99 19.9 ms; granian (2 workers of 4 threads) 16,000 req/s at p99 7.5 ms; uncached, p99
149 ms and 34 ms.

Granian has no per-request timeout that kills a stuck worker, as gunicorn's did: every wait
this site makes is bounded where it happens instead (DB_CONNECT_TIMEOUT, DB_STATEMENT_TIMEOUT,
SEARCH_TIMEOUT, the cache's socket timeouts), and a worker that dies is started again.
"""

import os

from granian import Granian
from granian.constants import Interfaces
from granian.http import HTTP1Settings
from granian.log import LogLevels

# Granian's own lines (start, stop, worker deaths) go to stderr, like Django's JSON lines.
LOGGING = {
    "handlers": {
        "console": {
            "formatter": "generic",
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
        },
        "access": {
            "formatter": "access",
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
        },
    },
}


def server_options(environ=os.environ):
    """Granian's options, from the environment."""
    return {
        "target": "newsroom.wsgi:application",
        "interface": Interfaces.WSGI,
        "address": environ.get("SERVER_HOST", "0.0.0.0"),
        "port": int(environ.get("PORT", 8000)),
        "workers": int(environ.get("WEB_CONCURRENCY") or len(os.sched_getaffinity(0))),
        "blocking_threads": int(environ.get("SERVER_THREADS", 4)),
        "websockets": False,
        # A client gets 10 s to send its request's headers (a slow-loris client, no longer);
        # connections from the proxy stay open between requests.
        "http1_settings": HTTP1Settings(header_read_timeout=10_000, keep_alive=True),
        "log_level": LogLevels.warning,
        "log_dictconfig": LOGGING,
        "log_access": environ.get("SERVER_ACCESS_LOG", "").lower() in {"1", "true", "yes"},
        # A worker that dies is replaced; on shutdown, requests in flight get 30 s to finish.
        "respawn_failed_workers": True,
        "workers_kill_timeout": 30,
    }


def main():
    Granian(**server_options()).serve()


if __name__ == "__main__":
    main()
