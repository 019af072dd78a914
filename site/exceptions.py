from socle_site.errors import Refusal


class PublicSiteError(Refusal):
    """A refusal on the public site (registration, orders)."""
