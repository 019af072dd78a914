import rules

from .predicates import is_support

rules.add_perm("support.handle_cases", rules.is_authenticated & is_support)
