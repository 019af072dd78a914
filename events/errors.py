from socle_site.kernel.refusals import Refusal


class BookingRefusal(Refusal):
    """A booking, registration or calendar action refused, with the reason."""

    def __init__(self, message: str, *, conflicts: list | None = None, can_wait: bool = False):
        super().__init__(message)
        # The dates of a recurring request that clash with existing bookings.
        self.conflicts = conflicts or []
        # A taken slot: the person may join its waiting list instead.
        self.can_wait = can_wait
