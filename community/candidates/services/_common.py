"""What the register's services share: its refusal, amounts, links."""

from decimal import Decimal, InvalidOperation

from django.urls import reverse
from django.utils.translation import gettext as _
from socle_site.kernel.refusals import Refusal

MAX_DOCUMENT_SIZE = 5 * 1024 * 1024


class CandidacyRefusal(Refusal):
    pass


def _url(name: str, *args) -> callable:
    return lambda: reverse(name, args=args)


def _decimal(value, label) -> Decimal:
    try:
        amount = Decimal(str(value or 0))
    except InvalidOperation as error:
        raise CandidacyRefusal(_("%(label)s must be an amount in euros.") % {"label": label}) from error
    if amount < 0:
        raise CandidacyRefusal(_("%(label)s cannot be negative.") % {"label": label})
    return amount
