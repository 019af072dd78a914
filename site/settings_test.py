"""Settings for the test suite: the same as production code paths, faster hashing.

Tasks run inline (django-q2 ``sync``) so a test sees the e-mail a task sends;
the broker itself is exercised by its own test.
"""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("SOCLE_VAR_DIR", os.path.join(os.path.dirname(__file__), "..", "var", "test"))
# Metrics in multi-process mode as in production, in a directory of this test
# process's own (pytest-xdist workers must not add up each other's counts).
if "PROMETHEUS_MULTIPROC_DIR" not in os.environ:
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="socle-test-metrics-")
    atexit.register(shutil.rmtree, os.environ["PROMETHEUS_MULTIPROC_DIR"], True)

from .settings import *  # noqa: E402,F403
from .settings import Q_CLUSTER  # noqa: E402

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
