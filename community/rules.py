import rules

from community.predicates import is_notification_recipient, is_staff_member

rules.add_perm("community.view_my_space", rules.is_authenticated)
rules.add_perm("community.read_notification", rules.is_authenticated & is_notification_recipient)
rules.add_perm("community.manage_people", is_staff_member)
# The trust's own bank accounts (ground-lease fees, room hire, memberships).
rules.add_perm("community.manage_trust_accounts", is_staff_member)
