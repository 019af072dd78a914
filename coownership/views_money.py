"""The building's money, for its managers: expenses, the budget, calls for funds,
payments and the bank queues, transfers to suppliers and direct debits. Thin
views, as in ``views``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from socle_site.kernel.banking.iban import format_iban
from socle_site.kernel.banking.statements import MAX_STATEMENT_BYTES
from socle_site.kernel.ratelimit import rate_limited
from socle_site.kernel.refusals import carried_out

from . import forms, selectors, services
from .errors import CoownershipRefusal
from .models import (
    BankCredit,
    BankDebit,
    Expense,
    Fund,
    SepaMandate,
)
from .refusals import refusal as refusal_of
from .views import _building, _file, _int, _reconciling_refusal, _year


@login_required
def expenses(request: HttpRequest, slug: str) -> HttpResponse:
    the_building = _building(request, slug, "coownership.view_accounts")
    keys = list(the_building.keys.all())
    form = forms.ExpenseForm(request.POST or None, request.FILES or None, keys=keys)
    if request.method == "POST":
        if not request.user.has_perm("coownership.manage_building", the_building):
            raise refusal_of("coownership.manage_building")
        if form.is_valid():
            data = form.cleaned_data
            with carried_out(request, _("The expense is recorded and shared over the lots.")) as outcome:
                services.record_expense(
                    acting_user=request.user, building=the_building,
                    key=next(k for k in keys if k.pk == data["key"]), supplier=data["supplier"],
                    spent_on=data["spent_on"], amount=data["amount"], kind=data["kind"],
                    description=data["description"], document=data["document"],
                    supplier_iban=data["supplier_iban"],
                )
            if outcome.ok:
                return redirect("coownership:expenses", slug)
    year = _year(request)
    return render(
        request,
        "coownership/expenses.html",
        {"building": the_building, "year": year, "expenses": selectors.expenses_of(the_building, year), "form": form},
    )


@login_required
def expense_document(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    the_building = _building(request, slug, "coownership.view_accounts")
    expense = get_object_or_404(Expense.objects.select_related("document"), pk=pk, building=the_building)
    if expense.document is None:
        raise Http404
    return _file(expense.document, inline=False)


@login_required
def budget(request: HttpRequest, slug: str) -> HttpResponse:
    the_building = _building(request, slug, "coownership.view_accounts")
    keys = list(the_building.keys.all())
    year = _year(request)
    form = forms.BudgetForm(request.POST or None, keys=keys, initial={"year": year})
    if request.method == "POST":
        if not request.user.has_perm("coownership.manage_building", the_building):
            raise refusal_of("coownership.manage_building")
        if form.is_valid():
            data = form.cleaned_data
            with carried_out(request, _("The budget is saved.")) as outcome:
                services.set_budget_line(
                    acting_user=request.user, building=the_building, year=data["year"],
                    key=next(k for k in keys if k.pk == data["key"]), amount=data["amount"],
                    is_reserve=data["is_reserve"],
                )
            if outcome.ok:
                return redirect(f"{request.path}?year={data['year']}")
    return render(
        request,
        "coownership/budget.html",
        {
            "building": the_building, "year": year, "form": form,
            "lines": list(the_building.budget_lines.filter(year=year).select_related("key")),
            "calls": list(the_building.calls.filter(year=year)),
            "call_form": forms.CallForm(initial={"year": year}),
            "reserve": selectors.reserve_fund(the_building, year, timezone.localdate()),
        },
    )


@login_required
@require_POST
@rate_limited("coownership-call", "10/h")
def issue_call(request: HttpRequest, slug: str) -> HttpResponse:
    the_building = _building(request, slug, "coownership.manage_building")
    form = forms.CallForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a year and a quarter."))
        return redirect("coownership:budget", slug)
    with carried_out(request, _("The call for funds is sent to the co-owners.")):
        services.issue_call_for_funds(acting_user=request.user, building=the_building, year=form.cleaned_data["year"],
                                      quarter=form.cleaned_data["quarter"])
    return redirect(f"{redirect('coownership:budget', slug).url}?year={form.cleaned_data['year']}")


@login_required
def payments(request: HttpRequest, slug: str) -> HttpResponse:
    the_building = _building(request, slug, "coownership.view_accounts", _reconciling_refusal())
    households = selectors.co_owners(the_building, timezone.localdate())
    form = forms.PaymentForm(request.POST or None, households=households)
    working = the_building.working_account
    columns = (working.csv_columns if working else None) or {}
    import_form = forms.BankImportForm(initial={f"{field}_column": name for field, name in columns.items()})
    account_form = forms.BankAccountForm(initial={"iban": format_iban(working.iban) if working else "",
                                                  "account_name": working.holder if working else ""})
    import_errors, dry_run = [], None
    if request.method == "POST":
        if not request.user.has_perm("coownership.manage_building", the_building):
            raise refusal_of("coownership.manage_building")
        if "file" in request.FILES:
            import_form = forms.BankImportForm(request.POST, request.FILES)
            if import_form.is_valid():
                upload = import_form.cleaned_data["file"]
                if upload.size > MAX_STATEMENT_BYTES:
                    messages.error(request, _("The file is too large (%(mb)d MB at most).")
                                   % {"mb": MAX_STATEMENT_BYTES // (1024 * 1024)})
                elif request.POST.get("step") == "check":
                    # A dry run: the file is read, nothing imported; a CSV's columns are saved.
                    with carried_out(request) as done:
                        dry_run = services.check_bank_statement(
                            acting_user=request.user, building=the_building, content=upload.read(),
                            csv_columns=import_form.csv_columns(), fund=import_form.cleaned_data.get("fund"))
                    import_errors = getattr(done.refusal, "errors", [])
                else:
                    with carried_out(request) as done:
                        outcome = services.import_bank_statement(acting_user=request.user, building=the_building,
                                                                 content=upload.read(),
                                                                 fund=import_form.cleaned_data.get("fund"))
                    # An unreadable statement names its faulty lines (ImportRefusal.errors).
                    import_errors = getattr(done.refusal, "errors", [])
                    if done.ok:
                        messages.success(request, _("Payments imported: %(count)d.") % {"count": len(outcome.created)})
                        if outcome.already_imported:
                            messages.info(request, _("Already imported before, left unchanged: %(count)d.")
                                          % {"count": outcome.already_imported})
                        if outcome.unmatched:
                            messages.warning(request, _("Credits not recognised, waiting below: %(count)d.")
                                             % {"count": len(outcome.unmatched)})
                        if outcome.debits:
                            messages.info(request, _("Debits waiting below for their expense: %(count)d.")
                                          % {"count": outcome.debits})
                        return redirect("coownership:payments", slug)
            form = forms.PaymentForm(households=households)
        elif request.POST.get("action") == "bank_account":
            account_form = forms.BankAccountForm(request.POST)
            if account_form.is_valid():
                with carried_out(request, _("The fund's bank account is saved.")) as outcome:
                    services.set_bank_account(acting_user=request.user, building=the_building,
                                              iban=account_form.cleaned_data["iban"],
                                              fund=account_form.cleaned_data["fund"],
                                              account_name=account_form.cleaned_data["account_name"])
                if outcome.ok:
                    return redirect("coownership:payments", slug)
            form = forms.PaymentForm(households=households)
        elif form.is_valid():
            data = form.cleaned_data
            household = next((h for h in households if h.pk == data["household"]), None)
            with carried_out(request, _("The payment is recorded.")) as outcome:
                if household is None:
                    raise CoownershipRefusal(_("This household owns no lot in the building."))
                services.record_payment(acting_user=request.user, building=the_building, household=household,
                                        paid_on=data["paid_on"], amount=data["amount"], reference=data["reference"])
            if outcome.ok:
                return redirect("coownership:payments", slug)
    return render(
        request,
        "coownership/payments.html",
        {
            "building": the_building, "form": form, "import_form": import_form, "import_errors": import_errors,
            "dry_run": dry_run,
            "account_form": account_form, "credits": selectors.bank_credits(the_building),
            "accounts": [(label, the_building.account_of(fund)) for fund, label in Fund.choices],
            "payments": list(the_building.payments.select_related("household")[:50]),
            "co_owners": selectors.possible_payers(the_building),
            "may_reconcile": request.user.has_perm("coownership.manage_building", the_building),
        },
    )


@login_required
@require_POST
def reconcile_credit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Assign a credit of the queue to a co-owner, mark it "not for us", or undo a match."""
    the_building = _building(request, slug, "coownership.manage_building", _reconciling_refusal())
    credit = get_object_or_404(BankCredit, pk=pk, building=the_building)
    action = request.POST.get("action")
    with carried_out(request) as outcome:
        if action == "assign":
            household = next((h for h in selectors.possible_payers(the_building)
                              if str(h.pk) == request.POST.get("household")), None)
            if household is None:
                raise CoownershipRefusal(_("Choose the co-owner who made this payment."))
            services.assign_bank_credit(acting_user=request.user, credit=credit, household=household)
            done = _("The credit is recorded as %(name)s's payment.") % {"name": household}
        elif action == "dismiss":
            services.dismiss_bank_credit(acting_user=request.user, credit=credit)
            done = _("The credit is marked “not for us”.")
        elif action == "undo":
            services.undo_bank_credit(acting_user=request.user, credit=credit)
            done = _("Undone: the credit waits in the queue again.")
        else:
            raise CoownershipRefusal(_("Unknown action."))
    if outcome.ok:
        messages.success(request, done)
    return redirect(f"{redirect('coownership:payments', slug).url}#queue-title")


@login_required
@require_POST
def reconcile_debit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Confirm which expense a debit paid, mark it "not an expense", or undo."""
    the_building = _building(request, slug, "coownership.manage_building", _reconciling_refusal())
    debit = get_object_or_404(BankDebit, pk=pk, building=the_building)
    action = request.POST.get("action")
    with carried_out(request) as outcome:
        if action == "confirm":
            expense = Expense.objects.filter(building=the_building, pk=_int(request.POST.get("expense"))).first()
            if expense is None:
                raise CoownershipRefusal(_("Choose the expense this debit paid."))
            services.confirm_bank_debit(acting_user=request.user, debit=debit, expense=expense)
            done = _("The debit is recorded as paying %(expense)s.") % {"expense": expense}
        elif action == "dismiss":
            services.dismiss_bank_debit(acting_user=request.user, debit=debit)
            done = _("The debit is marked “not an expense”.")
        elif action == "undo":
            services.undo_bank_debit(acting_user=request.user, debit=debit)
            done = _("Undone: the debit waits in the queue again.")
        else:
            raise CoownershipRefusal(_("Unknown action."))
    if outcome.ok:
        messages.success(request, done)
    return redirect(f"{redirect('coownership:payments', slug).url}#debits-title")




@login_required
def transfers(request: HttpRequest, slug: str) -> HttpResponse:
    """The treasurer chooses unpaid expenses and downloads the pain.001 batch paying them."""
    the_building = _building(request, slug, "coownership.manage_building", _reconciling_refusal())
    unpaid = selectors.unpaid_expenses(the_building)
    form = forms.TransferBatchForm(request.POST or None, expenses=unpaid)
    if request.method == "POST":
        if not form.is_valid():
            messages.error(request, _("Choose at least one expense to pay."))
        else:
            chosen = [e for e in unpaid if e.pk in set(form.cleaned_data["expenses"])]
            with carried_out(request) as outcome:
                batch = services.transfer_batch(acting_user=request.user, building=the_building, expenses=chosen,
                                                execute_on=form.cleaned_data.get("execute_on"))
            if outcome.ok:
                response = HttpResponse(bytes(batch.file.content), content_type="application/xml")
                response["Content-Disposition"] = f'attachment; filename="{batch.file.filename}"'
                return response
    return render(request, "coownership/transfers.html", {
        "building": the_building, "form": form, "expenses": unpaid,
        "batches": list(the_building.transfer_batches.select_related("created_by")[:20]),
    })


@login_required
def direct_debit(request: HttpRequest, slug: str) -> HttpResponse:
    """The co-owners' SEPA mandates, the creditor identifier, and the calls to collect."""
    the_building = _building(request, slug, "coownership.manage_building", _reconciling_refusal())
    households = selectors.possible_payers(the_building)
    form = forms.MandateForm(households=households)
    creditor_form = forms.CreditorIdForm(initial={"creditor_id": the_building.creditor_id})
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "creditor_id":
            creditor_form = forms.CreditorIdForm(request.POST)
            if creditor_form.is_valid():
                with carried_out(request, _("The SEPA creditor identifier is saved.")) as outcome:
                    services.set_creditor_id(acting_user=request.user, building=the_building,
                                             creditor_id=creditor_form.cleaned_data["creditor_id"])
                if outcome.ok:
                    return redirect("coownership:direct_debit", slug)
        elif action == "revoke":
            mandate = get_object_or_404(SepaMandate, pk=request.POST.get("mandate") or 0, building=the_building)
            with carried_out(request, _("The mandate is revoked: it will not be collected again.")):
                services.revoke_mandate(acting_user=request.user, mandate=mandate)
            return redirect("coownership:direct_debit", slug)
        else:
            form = forms.MandateForm(request.POST, households=households)
            if form.is_valid():
                data = form.cleaned_data
                with carried_out(request, _("The mandate is recorded.")) as outcome:
                    household = next((h for h in households if h.pk == data["household"]), None)
                    if household is None:
                        raise CoownershipRefusal(_("This household owns no lot in the building."))
                    services.record_mandate(
                        acting_user=request.user, building=the_building, household=household,
                        reference=data["reference"], signed_on=data["signed_on"], debtor_name=data["debtor_name"],
                        debtor_iban=data["debtor_iban"])
                if outcome.ok:
                    return redirect("coownership:direct_debit", slug)
    return render(request, "coownership/direct_debit.html", {
        "building": the_building, "form": form, "creditor_form": creditor_form,
        "mandates": list(the_building.mandates.select_related("household")),
        "calls": list(the_building.calls.all()[:8]),
    })


@login_required
def collection_file(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The pain.008 file of a call, for the treasurer to upload to the bank."""
    the_building = _building(request, slug, "coownership.manage_building", _reconciling_refusal())
    call = get_object_or_404(the_building.calls, pk=pk)
    with carried_out(request) as outcome:
        content = services.collection_file(acting_user=request.user, call=call)
    if not outcome.ok:
        return redirect("coownership:direct_debit", slug)
    response = HttpResponse(content, content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="pain008-{slug}-{call.year}-Q{call.quarter}.xml"'
    return response
