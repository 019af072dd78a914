import rules

from .predicates import is_candidacy_member, is_register_staff, staffs_candidacy, staffs_home

rules.add_perm("candidates.view_register", rules.is_authenticated & is_register_staff)
rules.add_perm("candidates.view_personal_data", rules.is_authenticated & staffs_candidacy)
rules.add_perm("candidates.manage_candidacy", rules.is_authenticated & staffs_candidacy)
rules.add_perm("candidates.allocate_home", rules.is_authenticated & staffs_home)
rules.add_perm("candidates.follow_candidacy", rules.is_authenticated & is_candidacy_member)
