"""Who may see and do what in stewardship: named predicates, written once."""

import rules

from community.predicates import owned_dwelling_ids

from . import selectors


@rules.predicate
def is_steward(user) -> bool:
    """A stewardship officer (role), or the administrator."""
    return selectors.is_steward(user)


@rules.predicate
def owns_home(user, dwelling) -> bool:
    """The person's household owns this home now."""
    return dwelling is not None and dwelling.pk in owned_dwelling_ids(user)


may_see_file = is_steward | owns_home
