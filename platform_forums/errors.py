from socle_site.kernel.refusals import Refusal


class ForumRefusal(Refusal):
    """A forum or platform action the person may not do, or bad input."""
