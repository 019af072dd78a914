"""Supplier payments as a pain.001 credit-transfer batch the treasurer uploads
to the bank (made by the shared socle_site.kernel.banking.sepa, validated
against the ISO 20022 XSD). An expense is put in one batch only, so it is not
paid twice."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from socle_site.kernel.banking.iban import bic_for, needs_bic
from socle_site.kernel.banking.sepa import Party, Transfer, credit_transfer_file

from community.models import User
from community.services.audit import record_audit

from ..errors import CoownershipRefusal
from ..models import Building, Expense, Fund, StoredFile, TransferBatch
from ._common import _require


@transaction.atomic
def transfer_batch(
    *,
    acting_user: User | None,
    building: Building,
    expenses: list[Expense],
    execute_on: date | None = None,
) -> TransferBatch:
    """One pain.001 batch paying the chosen unpaid expenses from the account of
    the fund that pays them (the reserve fund's for expenses paid from it).
    Refused as a whole, naming the expense, when one has no supplier IBAN, is
    already paid or in another batch, mixes the two funds, or when the account
    or a supplier's bank has no BIC where the transfer needs one."""
    if acting_user is not None:
        _require(acting_user, "coownership.manage_building", building)
    if not expenses:
        raise CoownershipRefusal(_("Choose at least one expense to pay."))
    rows = list(
        Expense.objects.select_for_update(of=("self",))
        .filter(building=building, pk__in=[e.pk for e in expenses])
        .select_related("debit")
        .order_by("spent_on", "pk")
    )
    if len(rows) != len({e.pk for e in expenses}):
        raise CoownershipRefusal(_("Choose expenses of this building."))
    funds = {row.fund for row in rows}
    if len(funds) > 1:
        raise CoownershipRefusal(
            _(
                "Expenses paid from the reserve fund go in a batch of their own: choose them "
                "apart from the others."
            )
        )
    fund = funds.pop()
    account = building.account_of(fund)
    if account is None:
        raise CoownershipRefusal(
            _("Enter the account of the %(fund)s before paying from it.")
            % {"fund": Fund(fund).label.lower()}
        )
    if not account.bic and needs_bic(account.iban):
        raise CoownershipRefusal(
            _("The account %(iban)s has no BIC: a transfer from it needs one.")
            % {"iban": str(account)}
        )
    transfers = []
    for row in rows:
        label = {"supplier": row.supplier, "date": row.spent_on.isoformat()}
        if row.transfer_batch_id or getattr(row, "debit", None) is not None:
            raise CoownershipRefusal(
                _("The expense of %(supplier)s of %(date)s is already paid: nothing was made.")
                % label
            )
        if not row.supplier_iban:
            raise CoownershipRefusal(
                _(
                    "The expense of %(supplier)s of %(date)s has no supplier IBAN: enter it on "
                    "the expense first. Nothing was made."
                )
                % label
            )
        bic = bic_for(row.supplier_iban)
        if not bic and needs_bic(row.supplier_iban):
            raise CoownershipRefusal(
                _(
                    "The supplier %(supplier)s's account is outside the EEA and its BIC is "
                    "unknown: a transfer to it needs one. Nothing was made."
                )
                % label
            )
        transfers.append(
            Transfer(
                name=row.supplier[:70],
                iban=row.supplier_iban,
                amount_cents=row.amount_cents,
                end_to_end_id=f"E{row.pk}",
                bic=bic,
                description=(row.description or row.supplier)[:140],
            )
        )
    execute_on = max(execute_on or timezone.localdate(), timezone.localdate())
    number = TransferBatch.objects.filter(building=building).count() + 1
    message_id = f"{building.slug[:20]}-T{number}-{timezone.now():%Y%m%d%H%M%S}"[:35]
    content = credit_transfer_file(
        Party(name=(account.holder or building.name)[:70], iban=account.iban, bic=account.bic),
        transfers,
        execute_on=execute_on,
        message_id=message_id,
    )
    stored = StoredFile.objects.create(
        filename=f"{message_id}.xml",
        content_type="application/xml",
        size=len(content),
        content=content,
    )
    batch = TransferBatch.objects.create(
        building=building,
        fund=fund,
        execute_on=execute_on,
        message_id=message_id,
        total_cents=sum(r.amount_cents for r in rows),
        file=stored,
        created_by=acting_user,
    )
    Expense.objects.filter(pk__in=[r.pk for r in rows]).update(transfer_batch=batch)
    record_audit(
        actor=acting_user,
        action="coownership.transfer_batch",
        target=building,
        batch=batch.pk,
        fund=fund,
        expenses=[r.pk for r in rows],
        cents=batch.total_cents,
    )
    return batch
