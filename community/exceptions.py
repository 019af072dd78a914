from socle_site.kernel.refusals import Refusal


class CommunityError(Refusal):
    """Refusals of the community app (roles, households, notifications)."""
