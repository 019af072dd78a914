"""Stewardship's ground-lease panel on a home's file (community.homefile):
what the owner household owes, how to pay it (the trust's account, their
structured communication, a QR code for the amount) and the latest fees and
payments."""

from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from socle_site.kernel.banking.iban import format_iban
from socle_site.kernel.banking.qr import transfer_qr
from socle_site.kernel.banking.references import display

from . import selectors


def fee_panel(request, dwelling) -> dict | None:
    account = selectors.fee_account(dwelling, timezone.localdate())
    if account is None:
        return None
    bank = account.account
    reference = account.reference.digits or ""
    # The QR code asks what is owed, or else the next period's fee (a payment ahead).
    amount = account.balance.owed_cents if account.balance.owed_cents > 0 else (account.period_fee_cents or 0)
    _payload, svg = transfer_qr(name=(bank.holder if bank else "") or "CLT", iban=bank.iban if bank else "",
                                bic=bank.bic if bank else "", amount_cents=amount, reference=reference,
                                title=gettext("Payment QR code"))
    return {
        "fees": account,
        "reference": display(reference) if reference else "",
        "iban": format_iban(bank.iban) if bank else "",
        "beneficiary": bank.holder if bank else "",
        "qr_amount_cents": amount,
        "qr_svg": mark_safe(svg),  # noqa: S308 (segno's SVG, see transfer_qr)
        "is_steward": selectors.is_steward(request.user),
    }
