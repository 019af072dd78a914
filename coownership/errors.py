from socle_site.kernel.refusals import Refusal


class CoownershipRefusal(Refusal):
    """A co-ownership action refused, with the reason; nothing was changed."""


class ImportRefusal(CoownershipRefusal):
    """A bank file refused as a whole; ``errors`` lists (line number, reason)."""

    def __init__(self, message: str, *, errors: list[tuple[int, str]]):
        super().__init__(message)
        self.errors = errors
