"""The production path is safe by default: no debug, no development key, HTTPS settable."""

import os
import subprocess
import sys
from pathlib import Path

import pacnet

ROOT = Path(pacnet.__file__).resolve().parent.parent
# The variables README.md's production section documents (values are examples).
PRODUCTION = {
    "PACNET_SECRET_KEY": "x7Hq2-production-secret-key-of-fifty-characters-or-more-9Zk",
    "PACNET_ALLOWED_HOSTS": "pacnet.example.vn",
    "PACNET_CSRF_TRUSTED_ORIGINS": "https://pacnet.example.vn",
    "PACNET_HSTS_SECONDS": "31536000",
    "PACNET_PROXY_SSL_HEADER": "X-Forwarded-Proto=https",
}


def run(code_or_args: list[str], env: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    """A fresh interpreter with only the given pacnet variables (none from this test run)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PACNET_", "DJANGO_"))}
    clean.pop("DATABASE_URL", None)
    clean.update(PYTHONPATH=str(ROOT), PACNET_DATA_DIR=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, *code_or_args],
        env=clean,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )


IMPORT_SETTINGS = ["-c", "import pacnet.settings as s; print('DEBUG', s.DEBUG)"]


def test_settings_without_a_secret_key_refuse_to_start_with_a_clear_message(tmp_path):
    result = run(IMPORT_SETTINGS, {}, tmp_path)
    assert result.returncode != 0
    assert "ImproperlyConfigured: PACNET_SECRET_KEY must be set" in result.stderr


def test_debug_is_off_unless_asked(tmp_path):
    result = run(IMPORT_SETTINGS, {"PACNET_SECRET_KEY": PRODUCTION["PACNET_SECRET_KEY"]}, tmp_path)
    assert result.stdout.strip() == "DEBUG False"


def test_debug_is_on_with_pacnet_debug_1_and_needs_no_key(tmp_path):
    result = run(IMPORT_SETTINGS, {"PACNET_DEBUG": "1"}, tmp_path)
    assert result.stdout.strip() == "DEBUG True", result.stderr


def test_the_development_server_runs_in_debug_with_no_configuration(tmp_path):
    code = "import sys; sys.argv = ['pacnet', 'runserver']; import pacnet.settings as s;"
    result = run(["-c", code + " print('DEBUG', s.DEBUG)"], {}, tmp_path)
    assert result.stdout.strip() == "DEBUG True", result.stderr


def test_check_deploy_is_clean_with_the_documented_production_variables(tmp_path):
    result = run(
        ["-m", "pacnet.manage", "check", "--deploy", "--fail-level", "WARNING"],
        PRODUCTION,
        tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr and "System check identified no issues" in result.stdout


def test_the_proxy_header_and_hsts_come_from_the_environment(tmp_path):
    code = (
        "import pacnet.settings as s;"
        "print(s.SECURE_PROXY_SSL_HEADER, s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT)"
    )
    result = run(["-c", code], {**PRODUCTION, "PACNET_SSL_REDIRECT": "0"}, tmp_path)
    assert result.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https') 31536000 False"
