"""The production server (newsroom/server.py) serving a copy of the project with production
settings, for tests that need real HTTP the way production answers it (database faults,
security headers, HEAD, logging).

The copy has no .env and its own collected static files, so DEBUG is off and whitenoise serves
hashed, compressed files as in production. Servers bind 127.0.0.1 on a free port in
SERVER_PORTS and are stopped after their test module.
"""

import os
import random
import secrets
import shutil
import socket
import subprocess
import sys
import time
from http.client import HTTPConnection
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Ports are drawn at random from a wide range: suites running side by side on one machine (CI
# and a developer's run, say) would otherwise all pick the same first free port and collide.
SERVER_PORTS = range(20000, 40000)
PROJECT_PARTS = ["newsroom", "articles", "templates", "static", "fixtures", "manage.py"]


def free_port(ports=SERVER_PORTS):
    for port in random.sample(ports, min(len(ports), 200)):
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {ports}")


def production_env(**overrides):
    return {
        "PATH": os.environ["PATH"],
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "https://news.example.com",
        "LOG_LEVEL": "INFO",
        **overrides,
    }


@pytest.fixture(scope="session")
def production_copy(tmp_path_factory):
    """The project's code copied with collected static files, as a deploy has it."""
    copy = tmp_path_factory.mktemp("production")
    for name in PROJECT_PARTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, copy / name)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=copy,
        env=production_env(DATABASE_URL=f"sqlite:///{copy / 'unused.sqlite3'}"),
        check=True,
    )
    return copy


class Server:
    """A running production server: its base URL, and its log so far."""

    def __init__(self, process, port, log_path):
        self.process, self.port, self.log_path = process, port, log_path
        self.url = f"http://127.0.0.1:{port}"

    def request(self, method, path, headers=None, timeout=60):
        """(status, headers, body, seconds): one request on a fresh connection."""
        connection = HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        started = time.perf_counter()
        try:
            connection.request(method, path, headers={"Host": "127.0.0.1", **(headers or {})})
            response = connection.getresponse()
            body = response.read()
            return response.status, response.headers, body, time.perf_counter() - started
        finally:
            connection.close()

    def get(self, path, **headers):
        # Production redirects plain HTTP to HTTPS; a TLS-terminating proxy sends this header.
        return self.request("GET", path, {"X-Forwarded-Proto": "https", **headers})

    def log(self):
        return self.log_path.read_text(errors="replace")


def start_server(copy, env, log_path, workers=2, threads=4):
    port = free_port()
    listening = {
        "SERVER_HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": str(workers),
        "SERVER_THREADS": str(threads),
    }
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "newsroom.server"],
            cwd=copy,
            env=env | listening,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = Server(process, port, log_path)
    for _ in range(300):
        if process.poll() is not None:
            raise RuntimeError(f"the server exited:\n{server.log()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.1)
    stop_server(server)
    raise RuntimeError(f"the server did not start:\n{server.log()}")


def stop_server(server):
    server.process.terminate()
    try:
        server.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@pytest.fixture(scope="module")
def seeded_server(production_copy, tmp_path_factory):
    """The production server on its own SQLite database holding the seed story."""
    work = tmp_path_factory.mktemp("seeded")
    env = production_env(DATABASE_URL=f"sqlite:///{work / 'site.sqlite3'}")
    for command in (["migrate", "--noinput"], ["loaddata", "seed"]):
        subprocess.run(
            [sys.executable, "manage.py", *command, "-v0"], cwd=production_copy, env=env, check=True
        )
    server = start_server(production_copy, env, work / "server.log")
    yield server
    stop_server(server)
