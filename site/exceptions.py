from socle_site.kernel.refusals import Refusal


class PublicSiteError(Refusal):
    """A refusal on the public site (registration, orders)."""
