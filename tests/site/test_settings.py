"""The settings switch on the environment; production refuses unsafe starts."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "SOCLE_ENV"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "socle_site.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", SOCLE_ENV="production")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_passes_check_deploy_with_no_warning(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SOCLE_ENV="production",
        SECRET_KEY="x" * 30 + "-a-long-and-random-enough-production-key-1234567890",
        ALLOWED_HOSTS="socle.example.org",
        SOCLE_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_embedded_default_needs_no_configuration():
    from django.conf import settings

    if os.environ.get("DATABASE_URL"):
        assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
        assert settings.CHANNEL_LAYERS["default"]["BACKEND"] == "channels_redis.core.RedisChannelLayer"
        # The test settings use a subclass whose clear() spares the other
        # xdist workers' keys (tests/redis_cache.py).
        from django.utils.module_loading import import_string
        from socle_site.kernel.cache import TolerantRedisCache

        assert issubclass(import_string(settings.CACHES["default"]["BACKEND"]), TolerantRedisCache)
        # Tasks queue in the database even with Redis: none is lost while it is down.
        assert settings.Q_CLUSTER["orm"] == "default" and "redis" not in settings.Q_CLUSTER
    else:
        assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
        assert settings.CHANNEL_LAYERS["default"]["BACKEND"] == "channels.layers.InMemoryChannelLayer"
        assert settings.Q_CLUSTER["orm"] == "default"


def test_postgresql_connections_come_from_a_pool_sized_for_the_request_threads():
    result = run_manage(
        "shell", "-v", "0", "-c",
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['ENGINE'], d['CONN_MAX_AGE'], d['OPTIONS']['pool']['max_size'], settings.REQUEST_THREADS)",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/socle", SOCLE_REQUEST_THREADS="6",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "0", "10", "6"]


def test_postgresql_prepares_the_statements_it_runs_again_unless_told_not_to():
    read = ("from django.conf import settings; o = settings.DATABASES['default'].get('OPTIONS', {}); "
            "print(o.get('server_side_binding'), o.get('prepare_threshold'), 'pool' in o)")
    prepared = run_manage("shell", "-v", "0", "-c", read, DATABASE_URL="postgres://postgres@127.0.0.1:5432/socle")
    assert prepared.returncode == 0, prepared.stderr
    assert prepared.stdout.split() == ["True", "2", "True"]  # with the pool, not instead of it
    off = run_manage("shell", "-v", "0", "-c", read, DATABASE_URL="postgres://postgres@127.0.0.1:5432/socle",
                     SOCLE_DB_PREPARE="0")
    assert off.stdout.split() == ["None", "None", "True"]
    embedded = run_manage("shell", "-v", "0", "-c", read)  # SQLite: nothing to prepare
    assert embedded.stdout.split() == ["None", "None", "False"], embedded.stderr
