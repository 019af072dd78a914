# ruff: noqa: I001  (Django must be set up before channels and the consumers are imported)
"""One ASGI application for HTTP and websockets."""

import os
import sys

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socle_site.settings")
# Django must be set up before the consumers (and their models) are imported.
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from socle_site.routing import websocket_urlpatterns  # noqa: E402

# Each process's event loop (websockets, live pushes) shares the interpreter
# with the thread that runs Django's sync views. Every socket write releases
# the GIL, and getting it back from a busy view thread takes up to the switch
# interval (5 ms by default): with a hundred live screens per process, one
# push took half a second of waiting and the screens fell ever further behind
# during a vote (bench/assembly_votes.py). A shorter interval bounds that wait.
sys.setswitchinterval(float(os.environ.get("SOCLE_GIL_SWITCH_INTERVAL", "0.0005")))

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
