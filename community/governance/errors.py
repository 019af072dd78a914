from socle_site.kernel.refusals import Refusal


class GovernanceRefusal(Refusal):
    """A governance action refused (meeting, proxy, attendance), with the reason."""


class VoteRefusal(GovernanceRefusal):
    """A ballot or a vote's life-cycle step refused; nothing was recorded."""
