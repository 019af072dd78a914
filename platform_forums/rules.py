"""Perms of platforms and forums, composed from predicates.py; views,
templates and tests ask these names."""

import rules

from community.predicates import is_staff_member

from .predicates import (
    added_practice,
    belongs_to_action_owner,
    can_read_attachment,
    can_read_forum,
    can_read_post_forum,
    is_draft,
    is_member_of_opinion_platform,
    is_member_of_platform,
    is_member_of_practice_platform,
    is_platform_pilot,
    is_post_author,
    is_public_practice,
    is_sub_commission_member,
    leads_action_platform,
    leads_meeting,
    leads_opinion_platform,
    leads_platform,
    leads_practice_platform,
    leads_sub_commission,
    moderates_forum,
    moderates_post_forum,
    takes_part_in_meeting,
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

# Sub-commissions: members join, their coordinator or the platform's leads convene.
rules.add_perm("platform_forums.join_sub_commission", is_member_of_platform)
rules.add_perm("platform_forums.create_sub_commission", leads_platform)
rules.add_perm("platform_forums.take_part_in_sub_commission", is_sub_commission_member)
rules.add_perm("platform_forums.lead_sub_commission", leads_sub_commission)
rules.add_perm("platform_forums.take_part_in_meeting", takes_part_in_meeting)
rules.add_perm("platform_forums.lead_meeting", leads_meeting)
# Opinions: drafted by all the members, approved by the pilot (or the
# secretariat citing the meeting that decided, checked in the service).
rules.add_perm("platform_forums.draft_opinion", is_member_of_platform)
rules.add_perm("platform_forums.read_opinion_draft", is_member_of_opinion_platform | is_staff_member)
rules.add_perm("platform_forums.edit_opinion", is_member_of_opinion_platform & is_draft)
rules.add_perm("platform_forums.comment_opinion", is_member_of_opinion_platform)
rules.add_perm("platform_forums.approve_opinion", leads_opinion_platform & is_draft)
rules.add_perm("platform_forums.follow_up_opinion", leads_opinion_platform & ~is_draft)
# Its translations: whoever may edit the draft, and once published (no longer
# editable) those who speak for the platform, so a public opinion can still be read in every language.
rules.add_perm("platform_forums.translate_opinion", (is_member_of_opinion_platform & is_draft) | leads_opinion_platform)
# The catalogue of good practices and innovative projects.
rules.add_perm("platform_forums.add_practice", is_member_of_platform)
rules.add_perm(
    "platform_forums.view_practice",
    is_public_practice | is_member_of_practice_platform | is_staff_member,
)
rules.add_perm("platform_forums.edit_practice", added_practice & is_member_of_practice_platform | leads_practice_platform)
rules.add_perm("platform_forums.download_attachment", can_read_attachment)
