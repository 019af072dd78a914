"""SEPA files for the treasurer to upload to the bank: direct-debit collections
(pain.008.001.02) and credit transfers (pain.001.001.03), made with sepaxml
(maintained, and validated against the ISO 20022 XSD it ships before a file
is handed out). Plain data in, bytes out: the features say who is collected
or paid, this module knows no feature.

Amounts are integer cents end to end (sepaxml takes cents); the remittance
carries the payer's structured communication as on their transfers, so the
collection is matched like any of their payments when the statement comes."""

import re
from dataclasses import dataclass
from datetime import date

from sepaxml import SepaDD, SepaTransfer

from .iban import normalise_iban
from .references import display, normalise

_CREDITOR_ID = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{3}[A-Z0-9]{1,28}$")


def normalise_creditor_id(text: str) -> str:
    """A SEPA creditor identifier (``BE69ZZZ050D000000008``): country, two check
    digits over the national identifier (ISO 7064 mod 97-10, the creditor
    business code in positions 5–7 left out), business code, national
    identifier. ValueError if it is not one."""
    compact = "".join((text or "").split()).upper()
    if not _CREDITOR_ID.match(compact) or len(compact) > 35:
        raise ValueError("not a SEPA creditor identifier")
    checked = compact[7:] + compact[:4]
    if int("".join(str(int(c, 36)) for c in checked)) % 97 != 1:
        raise ValueError("the check digits of the creditor identifier are wrong")
    return compact


@dataclass(frozen=True)
class Party:
    """The creditor of a collection or the debtor of a transfer: the account's holder."""

    name: str
    iban: str
    bic: str = ""
    creditor_id: str = ""


@dataclass(frozen=True)
class Collection:
    """One direct debit: the mandate it rests on, the debtor's account, the amount."""

    mandate_id: str
    signed_on: date
    debtor_name: str
    debtor_iban: str
    amount_cents: int
    end_to_end_id: str
    reference: str  # the debtor's structured communication (12 digits)
    debtor_bic: str = ""
    sequence: str = "RCUR"  # FRST no longer needed since the 2016 rulebook: RCUR from the first


@dataclass(frozen=True)
class Transfer:
    """One credit transfer: to whom, which account, how much, and what it pays."""

    name: str
    iban: str
    amount_cents: int
    end_to_end_id: str
    description: str
    bic: str = ""


def _positive(cents: int) -> int:
    if not isinstance(cents, int) or not 1 <= cents <= 99_999_999_999:
        raise ValueError("an amount of 0.01 to 999,999,999.99 euros in whole cents")
    return cents


def _message_id(sepa, message_id: str) -> None:
    """Our own message identification (sepaxml makes a random one when it writes the
    header): the bank refuses a second file with the same one, so a repeated download
    of the same collection cannot be collected twice."""
    sepa.msg_id = message_id[:35]
    sepa._xml.find(".//GrpHdr/MsgId").text = sepa.msg_id


def direct_debit_file(creditor: Party, collections: list[Collection], *, collect_on: date, message_id: str) -> bytes:
    """pain.008.001.02, core scheme, one batch per collection date, validated
    against the XSD. ValueError for an empty list or a bad creditor."""
    if not collections:
        raise ValueError("nothing to collect")
    sepa = SepaDD({
        "name": creditor.name[:70], "IBAN": normalise_iban(creditor.iban), "BIC": creditor.bic or "NOTPROVIDED",
        "batch": True, "creditor_id": normalise_creditor_id(creditor.creditor_id), "currency": "EUR",
        "instrument": "CORE",
    }, schema="pain.008.001.02", clean=True)
    _message_id(sepa, message_id)
    for item in collections:
        digits = normalise(item.reference)
        if digits is None:
            raise ValueError("the remittance must be a structured communication")
        payment = {
            "name": item.debtor_name, "IBAN": normalise_iban(item.debtor_iban), "amount": _positive(item.amount_cents),
            "type": item.sequence, "collection_date": collect_on, "mandate_id": item.mandate_id[:35],
            "mandate_date": item.signed_on, "description": display(digits), "endtoend_id": item.end_to_end_id[:35],
        }
        if item.debtor_bic:
            payment["BIC"] = item.debtor_bic
        sepa.add_payment(payment)
    return sepa.export(validate=True, pretty_print=True)


def credit_transfer_file(debtor: Party, transfers: list[Transfer], *, execute_on: date, message_id: str) -> bytes:
    """pain.001.001.03, one batch, validated against the XSD."""
    if not transfers:
        raise ValueError("nothing to pay")
    sepa = SepaTransfer({
        "name": debtor.name[:70], "IBAN": normalise_iban(debtor.iban), "BIC": debtor.bic or "NOTPROVIDED",
        "batch": True, "currency": "EUR",
    }, schema="pain.001.001.03", clean=True)
    _message_id(sepa, message_id)
    for item in transfers:
        payment = {
            "name": item.name, "IBAN": normalise_iban(item.iban), "amount": _positive(item.amount_cents),
            "execution_date": execute_on, "description": item.description[:140],
            "endtoend_id": item.end_to_end_id[:35],
        }
        if item.bic:
            payment["BIC"] = item.bic
        sepa.add_payment(payment)
    return sepa.export(validate=True, pretty_print=True)
