"""The WSGI application: plain HTTP in production (gunicorn's threaded
workers behind nginx); websockets go to the ASGI application (``asgi.py``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socle_site.settings")
application = get_wsgi_application()

from socle_site import gc_freeze  # noqa: E402  (after Django is set up)

# Last, once everything above is loaded (see socle_site.gc_freeze).
gc_freeze.install()
