"""Writes about partner keys: one function per write, audited."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from socle_site.kernel.refusals import Refusal

from community.models import ApiCall, Organisation, PartnerToken, User
from community.services.audit import record_audit

from . import policy


class ApiRefusal(Refusal):
    pass


@transaction.atomic
def issue_token(*, acting_user: User, organisation: Organisation, label: str, scopes, expires_at) -> tuple[PartnerToken, str]:
    """A new key for the organisation; returns the key itself, shown once
    and never stored."""
    prefix = secrets.token_hex(policy.PREFIX_LENGTH // 2)
    key = f"{policy.KEY_START}{prefix}_{secrets.token_urlsafe(policy.KEY_BYTES)}"
    return _store(acting_user=acting_user, organisation=organisation, label=label, scopes=scopes,
                  expires_at=expires_at, prefix=prefix, key=key), key


@transaction.atomic
def issue_demo_token(*, acting_user: User | None, organisation: Organisation, label: str, scopes, expires_at,
                     seed: str) -> tuple[PartnerToken, str]:
    """The demo's key, derived from ``seed`` (``policy.demo_key``) so that the
    demo can print it every time it loads, where a real key is shown once.
    Refused in production: a key anyone can read in the sources opens nothing there."""
    if settings.PRODUCTION:
        raise ApiRefusal(_("A demo key is never issued in production."))
    prefix, key = policy.demo_key(seed)
    return _store(acting_user=acting_user, organisation=organisation, label=label, scopes=scopes,
                  expires_at=expires_at, prefix=prefix, key=key), key


def _store(*, acting_user, organisation, label, scopes, expires_at, prefix: str, key: str) -> PartnerToken:
    scopes = sorted(set(scopes))
    if not scopes or not set(scopes) <= set(PartnerToken.Scope.values):
        raise ApiRefusal(_("Choose at least one scope."))
    if not policy.is_valid_expiry(expires_at, timezone.now()):
        raise ApiRefusal(_("A key expires in the future, within two years."))
    token = PartnerToken.objects.create(
        organisation=organisation, label=label, prefix=prefix, key_hash=policy.key_hash(key),
        scopes=scopes, expires_at=expires_at, created_by=acting_user,
    )
    record_audit(actor=acting_user, action="api.token_issued", target=token, scopes=scopes)
    return token


@transaction.atomic
def revoke_token(*, acting_user: User, token: PartnerToken) -> PartnerToken:
    token = PartnerToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_audit(actor=acting_user, action="api.token_revoked", target=token)
    return token


def record_call(*, token: PartnerToken, route: str, status: int) -> None:
    ApiCall.objects.create(token=token, route=route[:100], status=status)
