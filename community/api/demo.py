"""The demo's partner key: the demo partner organisation (the Entraide
Cureghem, an association that sits on the demo's housing platform) gets a
key with every scope, so that a newcomer can try the API at once.

A real key is shown once, when staff issue it, and only its fingerprint is
kept. The demo's key is derived from a fixed demo string instead
(``policy.demo_key``), so ``load_demo`` (and so ``dev.py serve``) can print it
every time, beside the demo accounts. ``services.issue_demo_token`` refuses
it in production (``SOCLE_ENV=production``), and this module issues nothing there.
Deterministic and safe to run twice."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from community.models import Organisation, PartnerToken, User

from . import policy, services

ORGANISATION = "Entraide Cureghem"
LABEL = "Demo: try the API"
SEED = "socle-demo-2026"
SCOPES = (PartnerToken.Scope.FIGURES, PartnerToken.Scope.PLATFORM, PartnerToken.Scope.ROOMS)
# Within the longest life of a key (policy.LONGEST_LIFE); loading the demo again renews an expired one.
LIFE = timedelta(days=365)
BASE_URL = "http://127.0.0.1:8000"


def demo_key() -> str:
    return policy.demo_key(SEED)[1]


def load(out) -> None:
    if settings.PRODUCTION:
        return
    key = demo_key()
    now = timezone.now()
    token = PartnerToken.objects.filter(key_hash=policy.key_hash(key)).first()
    if token is not None and policy.is_usable(
        expires_at=token.expires_at, revoked_at=token.revoked_at, now=now
    ):
        return
    if token is not None:
        # Expired or revoked on a demo machine kept for long: the same key, issued again.
        token.delete()
    services.issue_demo_token(
        acting_user=User.objects.filter(email="admin@socle.test").first(),
        organisation=Organisation.objects.get(name=ORGANISATION),
        label=LABEL,
        scopes=SCOPES,
        expires_at=now + LIFE,
        seed=SEED,
    )
    out.write(f"  api: the demo partner key of {ORGANISATION}")


def describe() -> list[str]:
    """What ``load_demo`` prints beside the demo accounts (nothing in production)."""
    if settings.PRODUCTION:
        return []
    key = demo_key()
    token = (
        PartnerToken.objects.filter(key_hash=policy.key_hash(key))
        .select_related("organisation")
        .first()
    )
    if token is None:
        return []
    lines = [
        f"Demo partner API key ({token.organisation}, expires {timezone.localdate(token.expires_at).isoformat()}; "
        f"docs at {BASE_URL}/en/api/):",
        f"  {key}",
        "  scopes:",
    ]
    labels = dict(PartnerToken.Scope.choices)
    lines += [f"    {scope:<9} {labels[scope]}" for scope in token.scopes]
    lines.append(f'  try: curl -H "Authorization: Bearer {key}" {BASE_URL}/api/v1/projects/')
    return lines
