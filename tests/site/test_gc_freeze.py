"""The server process keeps what it loaded once out of full collections."""

import gc

from django.core.signals import request_finished
from socle_site import gc_freeze


def test_objects_are_frozen_at_start_and_again_once_warm(monkeypatch):
    monkeypatch.setattr(gc_freeze, "_served", 0)
    monkeypatch.setattr(gc_freeze, "WARM_UP_REQUESTS", 3)
    try:
        gc_freeze.install()
        at_start = gc.get_freeze_count()
        assert at_start > 0
        warm_up_objects = [[i] for i in range(1000)]
        for _ in range(3):
            # As request_finished would (sending it also closes database connections).
            gc_freeze._freeze_when_warm(sender=None)
        assert gc.get_freeze_count() >= at_start + len(warm_up_objects)
        # Once is enough: the receiver is gone.
        assert not request_finished.disconnect(dispatch_uid=gc_freeze.DISPATCH_UID)
    finally:
        request_finished.disconnect(dispatch_uid=gc_freeze.DISPATCH_UID)
        gc.unfreeze()
