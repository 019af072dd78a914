"""IBAN checks and BIC derivation, through schwifty (maintained, carries the
national bank registries, so Belgian BICs come from the bank code)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException


def normalise_iban(text: str) -> str:
    """The IBAN in its compact form (``BE68539007547034``); ValueError if it is
    not a valid IBAN (length, country, checksum)."""
    try:
        return IBAN(text or "").compact
    except SchwiftyException as error:
        raise ValueError(str(error)) from None


def is_valid_iban(text: str) -> bool:
    try:
        normalise_iban(text)
    except ValueError:
        return False
    return True


def bic_for(iban: str) -> str:
    """The BIC of the IBAN's bank when the registry knows it, else ``""``."""
    try:
        bic = IBAN(iban).bic
    except SchwiftyException:
        return ""
    return str(bic) if bic else ""


def format_iban(iban: str) -> str:
    """Grouped by four, as printed: ``BE68 5390 0754 7034``."""
    try:
        return IBAN(iban).formatted
    except SchwiftyException:
        return iban


def validate_iban(value: str) -> None:
    """A validator for forms and model fields."""
    if not is_valid_iban(value):
        raise ValidationError(_("This is not a valid IBAN (check the letters and digits)."), code="invalid_iban")


# The EEA: a SEPA transfer to an account there needs no BIC (EPC SCT rulebook,
# IBAN-only since 2016); to the other SEPA countries (CH, GB, MC, SM, ...) it does.
EEA_COUNTRIES = frozenset(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IS IT LI LT LU LV MT NL NO PL PT RO SE SI SK".split()
)


def needs_bic(iban: str) -> bool:
    """Whether a SEPA transfer to this account must name its bank's BIC."""
    return (iban or "")[:2].upper() not in EEA_COUNTRIES
