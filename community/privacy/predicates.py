"""Who may do what with personal data: named predicates (see rules.py)."""

import rules

from community.predicates import is_staff_member

# The staff answer personal data requests and review the access log.
is_privacy_officer = is_staff_member


@rules.predicate
def is_request_owner(user, request) -> bool:
    return request is not None and request.user_id == getattr(user, "pk", None)


@rules.predicate
def is_consent_owner(user, consent) -> bool:
    return consent is not None and consent.user_id == getattr(user, "pk", None)
