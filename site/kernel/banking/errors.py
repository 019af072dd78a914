from socle_site.kernel.refusals import Refusal


class StatementRefusal(Refusal):
    """A bank statement file refused as a whole; ``line`` is the line (1-based)
    that failed, or None when the whole file is at fault. Nothing was read
    from it, so nothing is written."""

    def __init__(self, message: str, *, line: int | None = None):
        super().__init__(message)
        self.line = line
