"""Settings come from the environment or .env; with neither, this is production."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHOW = (
    "from django.conf import settings; "
    "print(settings.DEBUG, settings.DATABASES['default']['ENGINE'])"
)


@pytest.fixture
def project(tmp_path):
    """A copy of the project code with no .env, so only what a test sets counts."""
    for name in ["newsroom", "articles", "templates", "static", "fixtures", "manage.py"]:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    return tmp_path


def manage(project, *args, env=None, code=None):
    clean = {"PATH": os.environ["PATH"], **(env or {})}
    command = ["-c", f"import django; django.setup(); {code}"] if code else ["manage.py", *args]
    return subprocess.run(
        [sys.executable, *command],
        cwd=project,
        env=clean | {"DJANGO_SETTINGS_MODULE": "newsroom.settings"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_no_env_means_production_and_a_missing_secret_key_is_a_clear_error(project):
    result = manage(project, "check")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_dotenv_gives_local_debug_on_sqlite(project):
    (project / ".env").write_text("DEBUG=true\nSECRET_KEY=local-only\n")
    result = manage(project, code=SHOW)
    assert result.stdout.split() == ["True", "django.db.backends.sqlite3"]


def test_real_environment_wins_over_dotenv(project):
    (project / ".env").write_text("DEBUG=true\nSECRET_KEY=local-only\n")
    result = manage(project, code=SHOW, env={"DEBUG": "false", "DATABASE_URL": "postgres://u@h/db"})
    assert result.stdout.split() == ["False", "django.db.backends.postgresql"]


def test_production_passes_the_deploy_check(project):
    env = {
        "SECRET_KEY": "x7#Lq9!vR2@pZ5$wN8^tK3&mB6*hJ1(cF4)dG0_sA-yE+uI=oP",
        "ALLOWED_HOSTS": "news.example.com",
        "DEBUG": "false",
    }
    result = manage(project, "check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def redis_is_up():
    import socket

    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", 6379)) == 0


def test_cache_url_selects_a_shared_redis_cache(project):
    if not redis_is_up():
        pytest.skip("Redis is not running at 127.0.0.1:6379 (CI starts it)")
    (project / ".env").write_text("DEBUG=true\nSECRET_KEY=local-only\n")
    code = (
        "from django.core.cache import cache; from django.conf import settings; "
        "cache.set('newsroom-settings-test', 'shared', 30); "
        "print(settings.CACHES['default']['BACKEND'], cache.get('newsroom-settings-test'))"
    )
    result = manage(project, code=code, env={"CACHE_URL": "redis://127.0.0.1:6379/0"})
    assert result.stdout.split() == ["django.core.cache.backends.redis.RedisCache", "shared"], (
        result.stderr
    )


def test_sentry_dsn_without_sentry_sdk_is_a_clear_start_up_error(project):
    env = {"SECRET_KEY": "local-only", "SENTRY_DSN": "https://key@sentry.example.com/1"}
    result = manage(project, "check", env=env)
    assert result.returncode != 0
    assert 'pip install "sentry-sdk[django]"' in result.stderr


def test_production_statement_and_connect_timeouts_reach_postgresql_options(project):
    code = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])"
    env = {"SECRET_KEY": "x", "DATABASE_URL": "postgres://u@h/db", "DB_STATEMENT_TIMEOUT": "2.5"}
    result = manage(project, code=code, env=env)
    assert result.stdout.strip() == "{'connect_timeout': 3, 'options': '-c statement_timeout=2500'}"
    sqlite = manage(project, code=code, env={"SECRET_KEY": "x"})
    assert "statement_timeout" not in sqlite.stdout
