"""Load test: readers at 64 connections for 60 s while an editor saves the story once a second.

Run with `make load-test` (or `.venv/bin/python scripts/load_test.py [--database postgres]
[--bad-logins 8]`). It builds a throw-away database (SQLite in a temporary folder, or the
PostgreSQL database named by --database-url), loads the seed, creates an editor, and starts the
production server (newsroom/server.py, DEBUG off) on 127.0.0.1. Then, at
the same time:

- wrk sends readers to the seed story, the front page and the RSS feed, in turn;
- an editor logs in and saves the story through the admin over HTTP once a second, and after
  each save an anonymous reader fetches the story and must see the new text at once;
- with --bad-logins N, an attacker posts N wrong passwords a second to /admin/login/.

It prints readers' req/s, p50 and p99, the saves' p50 and p99, and every error it saw: non-2xx/3xx
answers, socket errors, failed saves, saves readers did not see, "database is locked" in the
server's log. It exits non-zero if there was any, and appends its table to bench/RESULTS.md.
Only ever aimed at 127.0.0.1, and bounded in time.
"""

import argparse
import datetime
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
EDITOR = ("load-editor", "a long editor passphrase for load tests")
READER_PATHS = ["/stories/{slug}/", "/", "/feeds/rss/"]
WRK_SCRIPT = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
"""


class FormFields(HTMLParser):
    """The fields a browser would submit from the form with the given id."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.fields = form_id, False, []
        self._select = self._textarea = None
        self._text = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select = [name, None, None]
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select[2] is None:
                self._select[2] = value
            if "selected" in attrs:
                self._select[1] = value
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self._select is not None:
            name, chosen, first = self._select
            self.fields.append((name, chosen if chosen is not None else first or ""))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # Browsers drop the one newline that may follow <textarea>.
            self.fields.append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None


def form_fields(html, form_id):
    parser = FormFields(form_id)
    parser.feed(html)
    return parser.fields


class Browser:
    """A client that keeps its own cookies and does not follow redirects.

    It says it came through a TLS-terminating proxy (X-Forwarded-Proto: https), as production
    traffic does, so the admin's secure cookies and CSRF checks work over local plain HTTP.
    """

    def __init__(self, base):
        self.base = base
        self.cookies = {}
        https = base.replace("http://", "https://", 1)
        self.headers = {"X-Forwarded-Proto": "https", "Referer": https + "/admin/"}

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.opener = urllib.request.build_opener(NoRedirect)

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers=self.headers)
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, response.headers, response.read().decode(errors="replace")

    def csrf_token(self, path):
        _status, _, html = self.request(path)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        return match.group(1) if match else ""

    def log_in(self, username, password):
        token = self.csrf_token("/admin/login/")
        return self.request(
            "/admin/login/?next=/admin/",
            {"csrfmiddlewaretoken": token, "username": username, "password": password},
        )[0]


def prepare(workdir, database_url):
    env = dict(
        os.environ,
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url or f"sqlite:///{workdir / 'load.sqlite3'}",
    )
    manage = [PYTHON, str(ROOT / "manage.py")]
    for command in (["migrate", "--noinput"], ["seed"], ["collectstatic", "--noinput"]):
        subprocess.run(manage + command + ["-v", "0"], env=env, check=True, cwd=ROOT)
    create_editor = (
        "from django.contrib.auth import get_user_model; U = get_user_model(); "
        f"U.objects.filter(username={EDITOR[0]!r}).delete(); "
        f"U.objects.create_superuser({EDITOR[0]!r}, 'editor@example.com', {EDITOR[1]!r}, "
        "first_name='Load', last_name='Editor'); "
        "from articles.models import Story; print(Story.objects.get().pk, Story.objects.get().slug)"
    )
    output = subprocess.run(
        [*manage, "shell", "-c", create_editor],
        env=env,
        check=True,
        cwd=ROOT,
        text=True,
        capture_output=True,
    ).stdout.split()
    return env, int(output[-2]), output[-1]


def recreate_postgres_database(url):
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def start_server(env, port, log):
    listening = {"SERVER_HOST": "127.0.0.1", "PORT": str(port)}
    server = subprocess.Popen(
        [PYTHON, "-m", "newsroom.server"], env=env | listening, cwd=ROOT, stdout=log, stderr=log
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/robots.txt", timeout=2)
            return server, base
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit(f"the server on port {port} did not start; see {log.name}")


def run_wrk(base, paths, seconds, connections, workdir):
    script = workdir / "paths.lua"
    script.write_text(WRK_SCRIPT % ", ".join(f'"{p}"' for p in paths))
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script), base],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return output


def parse_wrk(output):
    def latency_ms(label):
        match = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(r"Socket errors: (.*)", output)
    socket_errors = sum(int(n) for n in re.findall(r"\d+", sockets.group(1))) if sockets else 0
    return {
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": latency_ms("50"),
        "p99": latency_ms("99"),
        "non_2xx_3xx": int(bad.group(1)) if bad else 0,
        "socket_errors": socket_errors,
    }


def edit_loop(base, story_id, slug, stop, result):
    editor = Browser(base)
    if editor.log_in(*EDITOR) != 302:
        result["failures"].append("the editor could not log in")
        return
    change_url = f"/admin/articles/story/{story_id}/change/"
    reader = Browser(base)
    number = 0
    while not stop.is_set():
        started = time.monotonic()
        number += 1
        marker = f"Load-test save {number} at {datetime.datetime.now(datetime.UTC):%H:%M:%S.%f}"
        status, _, html = editor.request(change_url)
        fields = [(k, v) for k, v in form_fields(html, "story_form") if k != "standfirst"]
        fields.append(("standfirst", marker))
        status, _, html = editor.request(change_url, fields)
        result["saves"].append((time.monotonic() - started) * 1000)
        if status != 302:
            errors = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S)
            result["failures"].append(f"save {number}: {status} {errors[:2]}")
        else:
            status, _, page = reader.request(f"/stories/{slug}/")
            if marker not in page:
                result["unseen"].append(f"save {number}: reader got {status} without the new text")
        stop.wait(max(0.0, 1.0 - (time.monotonic() - started)))


def bad_login_loop(base, per_second, stop, result):
    attacker = Browser(base)
    while not stop.is_set():
        started = time.monotonic()
        token = attacker.csrf_token("/admin/login/")
        status, _, _ = attacker.request(
            "/admin/login/",
            {"csrfmiddlewaretoken": token, "username": "intruder", "password": "wrong"},
        )
        result["logins"][status] = result["logins"].get(status, 0) + 1
        stop.wait(max(0.0, 1.0 / per_second - (time.monotonic() - started)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--postgres-url",
        default="postgres://postgres@127.0.0.1:5432/newsroom_load",
        help="with --database postgres: a throw-away database, dropped and created afresh",
    )
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=0, help="0: the config's default")
    parser.add_argument("--port", type=int, default=8470)
    parser.add_argument("--bad-logins", type=float, default=0, help="wrong logins a second")
    args = parser.parse_args()
    if not 1 <= args.seconds <= 600:
        parser.error("--seconds must be between 1 and 600")

    with tempfile.TemporaryDirectory(prefix="newsroom-load-") as tmp:
        workdir = Path(tmp)
        database_url = ""
        if args.database == "postgres":
            database_url = args.postgres_url
            recreate_postgres_database(database_url)
        env, story_id, slug = prepare(workdir, database_url)
        if args.workers:
            env["WEB_CONCURRENCY"] = str(args.workers)
        log_path = workdir / "server.log"
        with open(log_path, "w") as log:
            server, base = start_server(env, args.port, log)
            try:
                stop = threading.Event()
                result = {"saves": [], "failures": [], "unseen": [], "logins": {}}
                threads = [
                    threading.Thread(target=edit_loop, args=(base, story_id, slug, stop, result))
                ]
                if args.bad_logins:
                    threads.append(
                        threading.Thread(
                            target=bad_login_loop, args=(base, args.bad_logins, stop, result)
                        )
                    )
                for thread in threads:
                    thread.start()
                paths = [p.format(slug=urllib.parse.quote(slug)) for p in READER_PATHS]
                readers = parse_wrk(run_wrk(base, paths, args.seconds, args.connections, workdir))
                stop.set()
                for thread in threads:
                    thread.join(timeout=60)
            finally:
                server.send_signal(signal.SIGTERM)
                server.wait(timeout=30)
        server_log = log_path.read_text(errors="replace")
    report(args, readers, result, server_log)


def report(args, readers, result, server_log):
    locked = server_log.count("database is locked")
    server_errors = len(re.findall(r"Internal Server Error|Traceback", server_log))
    saves = sorted(result["saves"])
    save_p99 = saves[min(len(saves) - 1, int(len(saves) * 0.99))] if saves else float("nan")
    database = "PostgreSQL" if args.database == "postgres" else "SQLite (WAL)"
    rows = [
        ("database", database),
        ("connections, seconds", f"{args.connections}, {args.seconds}"),
        ("wrong logins a second", f"{args.bad_logins:g} {result['logins'] or ''}"),
        ("readers: requests", readers["requests"]),
        ("readers: req/s", f"{readers['rps']:.0f}"),
        ("readers: p50 / p99", f"{readers['p50']:.1f} ms / {readers['p99']:.1f} ms"),
        ("saves", len(saves)),
        (
            "saves: p50 / p99",
            f"{statistics.median(saves):.0f} ms / {save_p99:.0f} ms" if saves else "none",
        ),
        ("errors: non-2xx/3xx, socket", f"{readers['non_2xx_3xx']}, {readers['socket_errors']}"),
        ("failed saves", len(result["failures"])),
        ("saves readers did not see next", len(result["unseen"])),
        ('"database is locked" / tracebacks in the log', f"{locked} / {server_errors}"),
    ]
    table = "\n".join(f"| {k} | {v} |" for k, v in rows)
    load = os.getloadavg()
    stamp = f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC"
    text = (
        f"\n## Load test, {stamp} ({os.cpu_count()} cores, load {load[0]:.2f})\n\n"
        f"`scripts/load_test.py {' '.join(sys.argv[1:])}`\n\n| figure | value |\n|---|---|\n"
        f"{table}\n"
    )
    print(text)
    for line in result["failures"][:10] + result["unseen"][:10]:
        print("  ", line)
    results = ROOT / "bench" / "RESULTS.md"
    results.parent.mkdir(exist_ok=True)
    with results.open("a") as out:
        out.write(text)
    errors = (
        readers["non_2xx_3xx"]
        + readers["socket_errors"]
        + len(result["failures"])
        + len(result["unseen"])
        + locked
        + server_errors
    )
    sys.exit(1 if errors or not saves else 0)


if __name__ == "__main__":
    main()
