"""Who may do what in the register: named predicates, written once."""

import rules

from . import selectors


@rules.predicate
def is_register_staff(user) -> bool:
    """Holds the candidates role for at least one operator."""
    return bool(selectors.operator_ids_of(user))


@rules.predicate
def staffs_candidacy(user, application) -> bool:
    # Each operator's staff see only the households that chose it.
    return application is not None and selectors.staffs(user, application)


@rules.predicate
def staffs_home(user, home) -> bool:
    return home is not None and home.operator_id in selectors.operator_ids_of(user)


@rules.predicate
def is_candidacy_member(user, application) -> bool:
    return application is not None and selectors.is_member_of(user, application)
