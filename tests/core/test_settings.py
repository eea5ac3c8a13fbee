"""Production settings refuse to start without a secret and pass Django's deployment checks."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    drop = {"SECRET_KEY", "SECRET_KEY_FILE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in drop}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret():
    result = _run(["check"], DJANGO_SETTINGS_MODULE="config.settings.production")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_passes_check_deploy(tmp_path):
    production = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "ita.example.go.th",
        "PRONGSAI_VAR_DIR": str(tmp_path),
    }
    keygen = _run(["prongsai_setup", "--keys-only"], **production)
    assert keygen.returncode == 0, keygen.stderr
    result = _run(["check", "--deploy", "--fail-level", "WARNING"], **production)
    assert result.returncode == 0, result.stdout + result.stderr


def test_secret_key_file_is_read(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("k" * 64 + "\n")
    result = _run(
        ["shell", "-c", "from django.conf import settings; print(len(settings.SECRET_KEY))"],
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY_FILE=str(secret),
        ALLOWED_HOSTS="ita.example.go.th",
        PRONGSAI_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("64")


def test_development_generates_and_keeps_its_own_secret(tmp_path):
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    first = _run(
        ["shell", "-c", code],
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        PRONGSAI_VAR_DIR=str(tmp_path),
    )
    second = _run(
        ["shell", "-c", code],
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        PRONGSAI_VAR_DIR=str(tmp_path),
    )
    assert first.returncode == 0, first.stderr
    key = first.stdout.strip().splitlines()[-1]
    assert len(key) >= 50
    assert second.stdout.strip().splitlines()[-1] == key
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
