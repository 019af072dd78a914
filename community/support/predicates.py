"""Who may see early warning: the support worker (role) and the administrator, no one else
(not even the stewardship officers: the cases are the household's confidence)."""

import rules

from . import selectors


@rules.predicate
def is_support(user) -> bool:
    return selectors.is_support(user)
