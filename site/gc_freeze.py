"""Keep what a server process loads once out of Python's full garbage
collections.

A served process holds some 250,000 tracked objects that live as long as it
does (modules, models, URL patterns, compiled templates). Python's full
collection walks all of them: about 200 ms of CPU, during which every request
of that process waits, and that was the worst latency of the public pages.
``gc.freeze()`` moves them to a generation the collector no longer walks,
once at start and once more when the first requests have compiled the
templates and filled the caches.
"""

import gc
import threading

from django.core.signals import request_finished

WARM_UP_REQUESTS = 200
DISPATCH_UID = "socle_site_gc_freeze"

_lock = threading.Lock()
_served = 0


def _freeze_when_warm(**kwargs) -> None:
    global _served
    with _lock:
        _served += 1
        if _served != WARM_UP_REQUESTS:
            return
    gc.collect()
    gc.freeze()
    request_finished.disconnect(dispatch_uid=DISPATCH_UID)


def install() -> None:
    """Called by the servers' entry points (asgi.py, wsgi.py), after Django is set up."""
    gc.freeze()
    request_finished.connect(_freeze_when_warm, dispatch_uid=DISPATCH_UID)
