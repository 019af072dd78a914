import rules

from .predicates import is_steward, may_see_file

rules.add_perm("stewardship.view_file", rules.is_authenticated & may_see_file)
rules.add_perm("stewardship.follow_homes", rules.is_authenticated & is_steward)
