"""Perms of platforms and forums, composed from predicates.py; views,
templates and tests ask these names."""

import rules

from community.predicates import is_staff_member

from .predicates import (
    belongs_to_action_owner,
    can_read_forum,
    can_read_post_forum,
    is_member_of_platform,
    is_platform_pilot,
    is_post_author,
    leads_action_platform,
    leads_platform,
    moderates_forum,
    moderates_post_forum,
)

rules.add_perm("platform_forums.view_members_space", is_member_of_platform | is_staff_member)
rules.add_perm("platform_forums.read_forum", can_read_forum | is_staff_member)
# Staff read every forum (moderation) but write only where they belong.
rules.add_perm("platform_forums.post_in_forum", can_read_forum)
rules.add_perm("platform_forums.moderate_forum", moderates_forum | is_staff_member)
rules.add_perm("platform_forums.edit_post", is_post_author & can_read_post_forum)
rules.add_perm("platform_forums.flag_post", can_read_post_forum)
rules.add_perm("platform_forums.moderate_post", moderates_post_forum)
rules.add_perm("platform_forums.moderate_all", is_staff_member)
rules.add_perm("platform_forums.accept_member", is_platform_pilot)
rules.add_perm("platform_forums.lead_platform", leads_platform)
rules.add_perm("platform_forums.update_action", belongs_to_action_owner | leads_action_platform)
rules.add_perm("platform_forums.take_part", is_member_of_platform)
