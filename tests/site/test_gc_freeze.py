"""The server process keeps what it loaded once out of full collections."""

import gc

from django.core.signals import request_finished
from socle_site import gc_freeze


def _collected_ids() -> set[int]:
    """Objects the collector still walks; frozen ones are in none of its generations."""
    return {id(obj) for obj in gc.get_objects()}


def test_objects_are_frozen_at_start_and_again_once_warm(monkeypatch):
    monkeypatch.setattr(gc_freeze, "_served", 0)
    monkeypatch.setattr(gc_freeze, "WARM_UP_REQUESTS", 3)
    try:
        gc_freeze.install()
        assert gc.get_freeze_count() > 0
        # Counting frozen objects would be fragile (frozen objects freed by other
        # tests lower the count), so follow the warm-up's own objects instead.
        warm_up_objects = [[i] for i in range(1000)]
        assert all(id(obj) in _collected_ids() for obj in warm_up_objects[:5])
        for _ in range(2):
            # As request_finished would (sending it also closes database connections).
            gc_freeze._freeze_when_warm(sender=None)
        assert id(warm_up_objects[0]) in _collected_ids()
        gc_freeze._freeze_when_warm(sender=None)
        collected = _collected_ids()
        assert not any(id(obj) in collected for obj in warm_up_objects)
        # Once is enough: the receiver is gone.
        assert not request_finished.disconnect(dispatch_uid=gc_freeze.DISPATCH_UID)
    finally:
        request_finished.disconnect(dispatch_uid=gc_freeze.DISPATCH_UID)
        gc.unfreeze()
