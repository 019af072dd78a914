"""The EPC payment QR code ("scan to pay", EPC069-12): the text a banking
app reads, and its QR code as an inline SVG made with segno."""

import segno

from .iban import normalise_iban
from .references import normalise

MAX_NAME = 70
MAX_CENTS = 99_999_999_999  # EPC069-12: at most EUR999999999.99


def epc_payload(*, name: str, iban: str, amount_cents: int, reference: str, bic: str = "") -> str:
    """EPC069-12 version 002, character set 1 (UTF-8), SEPA credit transfer.
    Lines: service tag, version, character set, identification, BIC (optional
    in version 002), beneficiary (70 at most), IBAN, amount, purpose (empty),
    the structured reference (a Belgian structured communication, 12 digits)
    and the unstructured remittance, left empty: one of the two only. The
    last element is empty, so the text ends with the reference (the standard
    allows trailing empty elements to be left out)."""
    name = " ".join((name or "").split())
    if not name or len(name) > MAX_NAME:
        raise ValueError("The beneficiary name must have 1 to 70 characters.")
    if not 1 <= amount_cents <= MAX_CENTS:
        raise ValueError("The amount must be from 0.01 to 999999999.99 euros.")
    digits = normalise(reference)
    if digits is None:
        raise ValueError("The reference is not a valid structured communication.")
    bic = (bic or "").strip().upper()
    if bic and len(bic) not in (8, 11):
        raise ValueError("A BIC has 8 or 11 characters.")
    euros, cents = divmod(amount_cents, 100)
    lines = ["BCD", "002", "1", "SCT", bic, name, normalise_iban(iban), f"EUR{euros}.{cents:02d}", "", digits]
    return "\n".join(lines)


def epc_qr_svg(payload: str, *, title: str = "", scale: int = 4) -> str:
    """The payload as a QR code in an inline ``<svg>`` (no XML declaration),
    error correction M as EPC069-12 requires (not boosted), byte mode in UTF-8."""
    code = segno.make(payload, error="m", boost_error=False, micro=False, mode="byte", encoding="utf-8")
    return code.svg_inline(scale=scale, border=4, title=title or None, svgclass="epc-qr", lineclass=None,
                           omitsize=False)


def epc_qr_png(payload: str, *, scale: int = 6) -> bytes:
    """The same code as a PNG, for an e-mail attachment (mail readers show no inline SVG)."""
    import io

    code = segno.make(payload, error="m", boost_error=False, micro=False, mode="byte", encoding="utf-8")
    out = io.BytesIO()
    code.save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def transfer_qr(*, name: str, iban: str, bic: str, amount_cents: int, reference: str, title: str) -> tuple[str, str]:
    """(payload, inline SVG) of a transfer's QR code, or ("", "") when it
    cannot be made (nothing to pay, a BIC mistyped in the administration): the
    page then keeps the account and reference, without the code. The SVG is
    written by segno from the payload and our own title, nothing a person typed
    beyond the account's name and IBAN, which the payload validates."""
    if amount_cents <= 0 or not iban or not reference:
        return "", ""
    try:
        payload = epc_payload(name=name[:MAX_NAME], iban=iban, bic=bic, amount_cents=amount_cents, reference=reference)
    except ValueError:
        return "", ""
    return payload, epc_qr_svg(payload, title=title)
