from socle_site.errors import Refusal


class CommunityError(Refusal):
    """Refusals of the community app (roles, households, notifications)."""
