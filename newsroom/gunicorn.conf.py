"""Gunicorn settings: how production (and `make serve`) runs the site.

`gunicorn -c newsroom/gunicorn.conf.py` serves newsroom.wsgi. Environment variables tune it:
WEB_CONCURRENCY (workers; default two per core), GUNICORN_THREADS (per worker; 4),
GUNICORN_BIND (default 0.0.0.0:8000), GUNICORN_ACCESS_LOG (a path, or "-" for stderr; off by
default: the CDN or proxy in front logs requests, and a log line per request costs about as
much as serving a cached page).
"""

import os

wsgi_app = "newsroom.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")

# Two processes per core, each with a few threads (GUNICORN_THREADS): a page costs CPU, and
# the threads cover the waits on the database and the cache. Threaded workers keep connections
# from the proxy alive between requests, which sync workers can't: measured with
# scripts/bench_http.py on 2 cores, the same requests cost the same CPU either way, but
# gthread served 2-3 times the requests per second (3,063 vs 1,036 for the static file).
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * len(os.sched_getaffinity(0))))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 4))
# Load Django once, then fork: workers share its memory and start at once.
preload_app = True

timeout = 30  # a worker stuck this long is killed and replaced
graceful_timeout = 30
keepalive = 5  # seconds an idle connection from the proxy stays open
# The heartbeat file on a RAM disk: a slow disk can't make a healthy worker look stuck.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
# Gunicorn's control socket has one fixed path per user, which several servers on one machine
# would fight over; nothing here uses it.
control_socket_disable = True
