"""Settings for the test suite: the same as production code paths, faster hashing.

Tasks run inline (django-q2 ``sync``) so a test sees the e-mail a task sends;
the broker itself is exercised by its own test.
"""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("SOCLE_VAR_DIR", os.path.join(os.path.dirname(__file__), "..", "var", "test"))
# pytest-xdist runs the suite in several processes at once (dev.py test: -n 2),
# each with a test database of its own (pytest-django adds the worker's name to
# it). What else they would share is made theirs too: the files (media, static,
# backups, mail) under a var directory of their own, and the Redis keys (cache,
# channel layer) under a prefix of their own (tests/redis_cache.py).
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if _WORKER:
    if os.path.basename(os.path.normpath(os.environ["SOCLE_VAR_DIR"])) != _WORKER:
        os.environ["SOCLE_VAR_DIR"] = os.path.join(os.environ["SOCLE_VAR_DIR"], _WORKER)
    _prefix = os.environ.get("SOCLE_REDIS_PREFIX", "socle")
    if not _prefix.endswith(f"-{_WORKER}"):
        os.environ["SOCLE_REDIS_PREFIX"] = f"{_prefix}-{_WORKER}"
# Metrics in multi-process mode as in production, in a directory of this test
# process's own (pytest-xdist workers must not add up each other's counts). The
# workers inherit the controller's environment, so "own" is checked by pid.
if os.environ.get("SOCLE_TEST_METRICS_PID") != str(os.getpid()):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="socle-test-metrics-")
    os.environ["SOCLE_TEST_METRICS_PID"] = str(os.getpid())
    atexit.register(shutil.rmtree, os.environ["PROMETHEUS_MULTIPROC_DIR"], True)

# Tests run without a tile server whatever the environment says (issue 24): pages
# list the places; a test that needs a map sets SOCLE_MAP_TILES with override_settings.
os.environ.pop("SOCLE_MAP_TILES", None)

from .settings import *  # noqa: E402,F403
from .settings import CACHES, Q_CLUSTER  # noqa: E402

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
Q_CLUSTER = {**Q_CLUSTER, "sync": True}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405  (whitenoise warns otherwise)
if "pool" in DATABASES["default"].get("OPTIONS", {}):  # noqa: F405
    # The concurrency tests fire 30 threads at once, each on a connection of its own.
    DATABASES["default"]["OPTIONS"]["pool"] = {**DATABASES["default"]["OPTIONS"]["pool"], "max_size": 40}  # noqa: F405
if CACHES["default"]["BACKEND"] == "socle_site.kernel.cache.TolerantRedisCache":
    # clear() between tests drops this process's keys only, not the whole
    # Redis database the xdist workers share.
    CACHES = {**CACHES, "default": {**CACHES["default"], "BACKEND": "tests.redis_cache.RunScopedRedisCache"}}
