"""Accounts: brute force is locked out (django-axes), passwords are long, and the hasher is
Argon2. Lockouts count per username and client address, and read the client address correctly
behind a configured number of proxies."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import RequestFactory

from newsroom import accounts
from newsroom import settings as project_settings
from tests.conftest import PASSWORD

LOGIN = "/admin/login/"


@pytest.fixture
def ana(db, make_user):
    return make_user("ana", "Editors")


def log_in(client, password, username="ana", **meta):
    return client.post(LOGIN, {"username": username, "password": password}, **meta)


def logged_in(response):
    return response.status_code == 302 and "_auth_user_id" in response.wsgi_request.session


def fail(client, times, **meta):
    return [log_in(client, "wrong password", **meta).status_code for _ in range(times)]


def test_four_wrong_passwords_still_let_the_right_one_in(client, ana):
    assert fail(client, 4) == [200] * 4
    assert logged_in(log_in(client, PASSWORD))


def test_the_fifth_wrong_password_locks_out_with_a_styled_429(client, ana, settings):
    assert fail(client, 5) == [200, 200, 200, 200, 429]
    response = log_in(client, "wrong password")
    assert response.status_code == 429
    assert response["Retry-After"] == str(15 * 60)
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "Too many failed log-in attempts" in html
    assert "for 15 minutes" in html and "/static/css/site.css" in html


def test_the_right_password_is_refused_while_locked_out(client, ana):
    fail(client, 5)
    response = log_in(client, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_lockout_is_per_username_and_address(client, ana, make_user):
    make_user("bea", "Editors")
    fail(client, 5)
    assert logged_in(log_in(client, PASSWORD, username="bea"))
    assert logged_in(log_in(client.__class__(), PASSWORD, REMOTE_ADDR="198.51.100.7"))


def test_a_lockout_ends_after_the_cool_off(client, ana):
    fail(client, 5)
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16)
    )
    assert logged_in(log_in(client, PASSWORD))


def test_the_limit_and_the_lockout_time_are_settings(client, ana, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = timedelta(minutes=5)
    assert fail(client, 2) == [200, 429]
    response = log_in(client, PASSWORD)
    assert response["Retry-After"] == "300" and "for 5 minutes" in response.content.decode()


def test_a_superuser_unlocks_an_account_with_axes_reset_username(client, ana):
    fail(client, 5)
    call_command("axes_reset_username", "ana", verbosity=0)
    assert logged_in(log_in(client, PASSWORD))


def test_behind_a_proxy_the_lockout_counts_the_client_not_the_proxy(client, ana, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    attacker = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    assert fail(client, 5, **attacker)[-1] == 429
    # A forged X-Forwarded-For prefix does not give the attacker a fresh address...
    forged = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.9"}
    assert log_in(client, PASSWORD, **forged).status_code == 429
    # ...and another reader behind the same proxy is not locked out.
    colleague = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.20"}
    assert logged_in(log_in(client.__class__(), PASSWORD, **colleague))


@pytest.mark.parametrize(
    ("proxies", "remote_addr", "forwarded_for", "client"),
    [
        (0, "203.0.113.9", None, "203.0.113.9"),
        (0, "203.0.113.9", "6.6.6.6", "203.0.113.9"),  # no proxy: the header is forged
        (1, "10.0.0.1", "203.0.113.9", "203.0.113.9"),
        (1, "10.0.0.1", "6.6.6.6, 203.0.113.9", "203.0.113.9"),
        (2, "10.0.0.1", "6.6.6.6, 203.0.113.9, 192.0.2.50", "203.0.113.9"),
        (2, "10.0.0.1", "203.0.113.9", "10.0.0.1"),  # a chain shorter than promised
    ],
)
def test_the_client_address_behind_proxies(settings, proxies, remote_addr, forwarded_for, client):
    settings.TRUSTED_PROXY_COUNT = proxies
    meta = {"REMOTE_ADDR": remote_addr}
    if forwarded_for:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded_for
    assert accounts.client_ip(RequestFactory().get("/", **meta)) == client


@pytest.mark.parametrize("password", ["1", "short pass", "12345678901234", "password1234"])
def test_short_numeric_and_common_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        password_validation.validate_password(password)


def test_a_twelve_character_password_is_accepted():
    password_validation.validate_password("tram lane 42")


def test_the_admin_refuses_a_password_of_1(admin_client):
    response = admin_client.post(
        "/admin/auth/user/add/",
        {"username": "cai", "password1": "1", "password2": "1", "usable_password": "true"},
    )
    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()


def test_production_hashes_passwords_with_argon2id_at_owasp_parameters():
    assert project_settings.PASSWORD_HASHERS[0] == "newsroom.accounts.Argon2PasswordHasher"
    hasher = accounts.Argon2PasswordHasher()
    encoded = hasher.encode("tram lane 42", hasher.salt())
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert hasher.verify("tram lane 42", encoded)
    assert not hasher.verify("tram lane 43", encoded)


def test_a_hash_with_django_default_argon2_parameters_verifies_and_is_upgraded():
    from django.contrib.auth.hashers import Argon2PasswordHasher

    old = Argon2PasswordHasher().encode("tram lane 42", "somesaltvalue123")
    hasher = accounts.Argon2PasswordHasher()
    assert hasher.verify("tram lane 42", old)
    assert hasher.must_update(old)


def test_an_editor_logs_in_with_a_production_hashed_password(client, make_user, settings):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    ana = make_user("ana", "Editors")
    assert ana.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert logged_in(log_in(client, PASSWORD))
