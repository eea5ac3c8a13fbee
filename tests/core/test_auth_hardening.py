"""Staff sign-in: Argon2, lockout after repeated failures, idle and absolute session timeouts."""

from __future__ import annotations

import time_machine
from django.conf import settings
from django.test import Client, override_settings

from tests.conftest import PASSWORD


def test_passwords_are_hashed_with_argon2_in_every_real_environment():
    from django.contrib.auth.hashers import Argon2PasswordHasher

    from config.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    # argon2-cffi is installed, so the hasher really works (tests use a fast hasher instead).
    hasher = Argon2PasswordHasher()
    encoded = hasher.encode("รหัสผ่านทดสอบ", hasher.salt())
    assert encoded.startswith("argon2$")
    assert hasher.verify("รหัสผ่านทดสอบ", encoded)


def _login(client: Client, username: str, password: str):
    return client.post("/admin/login/", {"username": username, "password": password})


def test_lockout_after_repeated_failures(world):
    client = Client(REMOTE_ADDR="10.0.0.7")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _login(client, "somchai", "wrong password")
        assert response.status_code == 200  # the form again, with an error
    assert _login(client, "somchai", "wrong password").status_code == 429
    locked = _login(client, "somchai", PASSWORD)  # even the right password is refused now
    assert locked.status_code == 429
    assert "ถูกระงับชั่วคราว" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_does_not_lock_the_same_user_from_another_address(world):
    attacker = Client(REMOTE_ADDR="10.0.0.66")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(attacker, "somchai", "wrong password")
    colleague = Client(REMOTE_ADDR="10.0.0.8")
    assert _login(colleague, "somchai", PASSWORD).status_code == 302


def test_wrong_user_and_wrong_password_look_the_same(world):
    unknown = _login(Client(REMOTE_ADDR="10.1.0.1"), "nobody-here", "x")
    wrong = _login(Client(REMOTE_ADDR="10.1.0.2"), "somchai", "x")
    assert unknown.status_code == wrong.status_code == 200
    assert unknown.context["form"].errors == wrong.context["form"].errors
    assert unknown.context["form"].errors


def test_session_key_changes_at_sign_in(world):
    client = Client()
    client.get("/admin/login/")
    before = client.cookies.get(settings.SESSION_COOKIE_NAME)
    assert _login(client, "somchai", PASSWORD).status_code == 302
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert before is None or before.value != after


@override_settings(SESSION_IDLE_SECONDS=600)
def test_idle_timeout_signs_out(world):
    client = Client()
    with time_machine.travel("2026-01-05 09:00 +0700", tick=False) as traveller:
        assert _login(client, "somchai", PASSWORD).status_code == 302
        assert client.get("/admin/").status_code == 200
        traveller.shift(540)  # 9 minutes: still active
        assert client.get("/admin/").status_code == 200
        traveller.shift(660)  # 11 minutes idle
        response = client.get("/admin/")
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


@override_settings(SESSION_IDLE_SECONDS=3600, SESSION_COOKIE_AGE=2 * 3600)
def test_absolute_timeout_signs_out_even_when_active(world):
    client = Client()
    with time_machine.travel("2026-01-05 09:00 +0700", tick=False) as traveller:
        assert _login(client, "somchai", PASSWORD).status_code == 302
        for _ in range(4):  # active every 30 minutes for two hours
            traveller.shift(1800)
            client.get("/admin/")
        traveller.shift(60)
        response = client.get("/admin/")
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


def test_deactivated_account_loses_its_session(world):
    client = Client()
    client.force_login(world.users["somchai"])
    assert client.get("/admin/").status_code == 200
    world.users["somchai"].is_active = False
    world.users["somchai"].save()
    assert client.get("/admin/").status_code == 302
