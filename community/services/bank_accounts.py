"""The bank accounts Socle manages (community.BankAccount): the trust's own,
and the accounts features point at (a building's funds). The IBAN rules are the
kernel's (socle_site.kernel.banking.iban); here is only who may set what."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from socle_site.kernel.banking.iban import bic_for, normalise_iban

from community.exceptions import CommunityError
from community.models import BankAccount, User
from community.services.audit import record_audit


class BankAccountRefusal(CommunityError):
    """An account that cannot be recorded (an invalid IBAN, one already used)."""


def compact_iban(iban: str) -> str:
    """The IBAN in its compact form, or a refusal the person reads."""
    try:
        return normalise_iban(iban)
    except ValueError:
        raise BankAccountRefusal(
            _("This is not a valid IBAN (check the letters and digits).")
        ) from None


def _used_elsewhere(compact: str, account: BankAccount | None) -> bool:
    others = BankAccount.objects.filter(iban=compact)
    if account is not None and account.pk is not None:
        others = others.exclude(pk=account.pk)
    return others.exists()


def _already_used() -> BankAccountRefusal:
    return BankAccountRefusal(
        _("This IBAN is already the account of something else in Socle: each account is recorded once.")
    )


def save_bank_account(
    *, iban: str, holder: str, account: BankAccount | None = None, trust_purpose: str = ""
) -> BankAccount:
    """The account with this IBAN, its BIC derived from the IBAN when the bank
    registry knows it. ``account``: the row to change (a fund moving to
    another bank keeps its row, so what points at it follows). An IBAN already
    used by another account is refused: each account is known once. Called
    inside the caller's service (its transaction, its permission check)."""
    compact = compact_iban(iban)
    holder = " ".join((holder or "").split())[:70]
    if _used_elsewhere(compact, account):
        raise _already_used()
    if account is None:
        account = BankAccount(trust_purpose=trust_purpose)
    account.iban, account.bic, account.holder = compact, bic_for(compact), holder
    try:
        # The check above and this write race with another person's save: the
        # database's unique constraints decide, and the loser reads why.
        with transaction.atomic():
            account.save()
    except IntegrityError:
        if _used_elsewhere(compact, account):
            raise _already_used() from None
        raise BankAccountRefusal(_(
            "Someone else changed the bank accounts at the same moment: reload the page and try again."
        )) from None
    return account


@transaction.atomic
def set_trust_account(
    *, acting_user: User | None, purpose: str, iban: str, holder: str
) -> BankAccount:
    """The trust's account for one purpose (ground-lease fees, room hire, memberships)."""
    if acting_user is not None and not acting_user.has_perm("community.manage_trust_accounts"):
        raise BankAccountRefusal(_("Only the trust's staff may change its bank accounts."))
    if purpose not in BankAccount.TrustPurpose.values:
        raise BankAccountRefusal(_("Choose what the account is for."))
    current = BankAccount.objects.select_for_update().filter(trust_purpose=purpose).first()
    if (
        current is not None
        and current.iban == compact_iban(iban)
        and current.holder == " ".join((holder or "").split())[:70]
    ):
        return current  # nothing changes, nothing to record (the demo loads twice)
    account = save_bank_account(iban=iban, holder=holder, account=current, trust_purpose=purpose)
    record_audit(
        actor=acting_user,
        action="community.set_trust_account",
        target=account,
        purpose=purpose,
        iban=account.iban,
    )
    return account
