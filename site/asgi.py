# ruff: noqa: I001  (Django must be set up before channels and the consumers are imported)
"""One ASGI application for HTTP and websockets."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socle_site.settings")
# Django must be set up before the consumers (and their models) are imported.
django.setup(set_prefix=False)

from socle_site.kernel.request_threads import PooledThreadsASGIHandler  # noqa: E402

django_asgi_app = PooledThreadsASGIHandler()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from socle_site import gc_freeze  # noqa: E402
from socle_site.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)

# Last, once everything above is loaded (see socle_site.gc_freeze).
gc_freeze.install()
