"""The production server's options (newsroom/server.py) come from the environment, with
defaults fit for production: a worker per core, threads for the waits, no access log."""

import os

from granian.constants import Interfaces

from newsroom.server import server_options


def test_defaults_are_a_worker_per_core_four_threads_and_no_access_log():
    options = server_options({})
    assert options["target"] == "newsroom.wsgi:application"
    assert options["interface"] == Interfaces.WSGI
    assert (options["address"], options["port"]) == ("0.0.0.0", 8000)
    assert options["workers"] == len(os.sched_getaffinity(0))
    assert options["blocking_threads"] == 4
    assert options["log_access"] is False
    assert options["respawn_failed_workers"] is True
    assert options["http1_settings"].header_read_timeout == 10_000


def test_the_environment_sets_them():
    options = server_options(
        {
            "SERVER_HOST": "127.0.0.1",
            "PORT": "8123",
            "WEB_CONCURRENCY": "3",
            "SERVER_THREADS": "2",
            "SERVER_ACCESS_LOG": "true",
        }
    )
    assert (options["address"], options["port"]) == ("127.0.0.1", 8123)
    assert (options["workers"], options["blocking_threads"]) == (3, 2)
    assert options["log_access"] is True
