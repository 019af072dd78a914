"""Thin views: find the building, check the perm, call one service, render.
Refusals are shown with their reason, never a 500; another building's data is
refused (403) to whom holds no role in it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from socle_site.kernel.banking.iban import format_iban
from socle_site.kernel.banking.statements import MAX_STATEMENT_BYTES
from socle_site.kernel.jobs import status_url
from socle_site.kernel.ratelimit import rate_limited
from socle_site.kernel.refusals import carried_out

from community.governance.models import Meeting
from community.models import Household, User

from . import charts, forms, meetings, selectors, services
from . import jobs as coownership_jobs
from .errors import CoownershipRefusal
from .models import (
    BankCredit,
    BankDebit,
    Building,
    BuildingDocument,
    Expense,
    Fund,
    SepaMandate,
    Statement,
    Ticket,
    TicketPhoto,
)
from .refusals import REASONS
from .refusals import refusal as refusal_of


def _building(request: HttpRequest, slug: str, perm: str, refusal: str = "") -> Building:
    building = get_object_or_404(Building.objects.select_related("housing_project"), slug=slug)
    if not request.user.has_perm(perm, building):
        raise PermissionDenied(refusal or REASONS[perm])
    return building


def _reconciling_refusal() -> str:
    return _("Only the building's syndic and committee reconcile its bank statements.")


def _file(stored, *, inline: bool) -> HttpResponse:
    response = HttpResponse(bytes(stored.content), content_type=stored.content_type)
    disposition = "inline" if inline else "attachment"
    safe_name = "".join(c for c in stored.filename if c.isalnum() or c in "._- ") or "file"
    response["Content-Disposition"] = f'{disposition}; filename="{safe_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


@login_required
def buildings(request: HttpRequest) -> HttpResponse:
    mine = selectors.buildings_of(request.user)
    if len(mine) == 1:
        return redirect("coownership:building", mine[0].slug)
    return render(request, "coownership/buildings.html", {"buildings": mine})


@login_required
def building(request: HttpRequest, slug: str) -> HttpResponse:
    the_building = _building(request, slug, "coownership.view_building")
    today = timezone.localdate()
    manages = request.user.has_perm("coownership.manage_building", the_building)
    lots = selectors.lots_with_owners(the_building, today)
    sale_form = forms.SaleForm(
        lots=lots, households=selectors.possible_owners(the_building), initial={"on_date": today}
    ) if manages else None
    return render(
        request,
        "coownership/building.html",
        {
            "building": the_building,
            "lots": lots,
            "sale_form": sale_form,
            "roles": selectors.roles_of(the_building),
            "is_coowner": request.user.has_perm("coownership.view_own_account", the_building),
            "manages": request.user.has_perm("coownership.view_accounts", the_building),
            "meetings": selectors.meetings_of(the_building, include_drafts=manages),
            "second_meeting_form": forms.SecondMeetingForm() if manages else None,
            "convenes": request.user.has_perm("coownership.manage_convocations", the_building),
        },
    )


@login_required
@require_POST
def call_second_meeting(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    the_building = _building(request, slug, "coownership.manage_building")
    meeting = get_object_or_404(Meeting, pk=pk, body_id=the_building.body_id or 0)
    form = forms.SecondMeetingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date and time of the second meeting."))
        return redirect("coownership:building", slug=slug)
    with carried_out(request, _("The second meeting is convened; the co-owners have been told.")) as outcome:
        second = meetings.call_second_meeting(
            meeting=meeting, acting_user=request.user, starts_at=form.cleaned_data["starts_at"],
            place=form.cleaned_data["place"],
        )
    if not outcome.ok:
        return redirect("coownership:building", slug=slug)
    return redirect("governance:meeting", pk=second.pk)


@login_required
@require_POST
def record_sale(request: HttpRequest, slug: str) -> HttpResponse:
    the_building = _building(request, slug, "coownership.manage_building")
    lots = list(the_building.lots.all())
    households = selectors.possible_owners(the_building)
    form = forms.SaleForm(request.POST, lots=lots, households=households)
    if not form.is_valid():
        messages.error(request, _("Choose the lot, the new owner and the date."))
        return redirect("coownership:building", slug)
    data = form.cleaned_data
    with carried_out(request, _("The sale is recorded: the new owner is a co-owner from that date.")):
        services.transfer_lot(
            acting_user=request.user, lot=next(lot for lot in lots if lot.pk == data["lot"]),
            household=next(h for h in households if h.pk == data["household"]), on_date=data["on_date"],
        )
    return redirect("coownership:building", slug)


@login_required
def my_account(request: HttpRequest, slug: str) -> HttpResponse:
    the_building = _building(request, slug, "coownership.view_own_account")
    households = selectors.households_of(request.user)
    today = timezone.localdate()
    # One read of the households' totals serves the account and the payment instructions.
    totals = selectors.own_totals(the_building, households, today)
    year = _year(request)
    statements, email_consent = selectors.statements_and_consent(the_building, households)
    return render(
        request,
        "coownership/my_account.html",
        {
            "building": the_building,
            "lots": selectors.lots_of(the_building, households, today),
            "account": selectors.account(the_building, households, today, totals=totals),
            "to_pay": selectors.payment_instructions(the_building, households, today, totals=totals),
            "households_count": len(totals),
            "statements": _following_jobs(statements),
            # Art. 3.87 §3: how this co-owner is convened, and since when.
            "email_consent": email_consent,
            "statement_form": forms.StatementForm(initial={"year": today.year}),
            # "Where does my money go": the budget by key and the year's expenses against it.
            "year": year,
            "money_charts": charts.where_money_goes(selectors.budget_against_spent(the_building, year), year),
        },
    )


def _following_jobs(statements):
    """A statement being prepared shows its progress and updates by itself (socle_site.kernel.jobs)."""
    for statement in statements:
        if statement.status == Statement.Status.PENDING:
            statement.job_status_url = status_url(coownership_jobs.KIND, statement.pk)
    return statements


@login_required
@require_POST
@rate_limited("coownership-statement", "10/h")
def request_statement(request: HttpRequest, slug: str) -> HttpResponse:
    the_building = _building(request, slug, "coownership.view_own_account")
    form = forms.StatementForm(request.POST)
    households = sorted(selectors.households_of(request.user))
    if not form.is_valid() or not households:
        messages.error(request, _("Choose a year for the statement."))
        return redirect("coownership:my_account", slug)
    household = Household.objects.get(pk=households[0])
    with carried_out(request, _("Your statement is being prepared; its link appears below as soon as it is ready.")):
        services.request_statement(acting_user=request.user, building=the_building, household=household,
                                   year=form.cleaned_data["year"])
    return redirect("coownership:my_account", slug)


@login_required
def statement_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    statement = get_object_or_404(Statement.objects.select_related("building", "pdf"), pk=pk, building__slug=slug)
    if not request.user.has_perm("coownership.download_statement", statement):
        raise refusal_of("coownership.download_statement")
    if statement.pdf is None:
        raise Http404
    return _file(statement.pdf, inline=False)


@login_required
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    the_building = _building(request, slug, "coownership.view_accounts")
    year = _year(request)
    return render(
        request,
        "coownership/dashboard.html",
        {"building": the_building, "year": year, **selectors.dashboard(the_building, year, timezone.localdate())},
    )


@login_required
@require_POST
@rate_limited("coownership-reminders", "5/h")
def send_reminders(request: HttpRequest, slug: str) -> HttpResponse:
    the_building = _building(request, slug, "coownership.manage_building")
    count = services.send_arrears_reminders(acting_user=request.user, building=the_building)
    messages.success(request, _("Reminders sent: %(count)d.") % {"count": count})
    return redirect("coownership:dashboard", slug)


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


def _int(text) -> int | None:
    return int(text) if str(text or "").isdigit() else None


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


@login_required
def tickets(request: HttpRequest, slug: str) -> HttpResponse:
    the_building = _building(request, slug, "coownership.view_building")
    return render(request, "coownership/tickets.html", {"building": the_building, "tickets": selectors.tickets_of(the_building)})


@login_required
@rate_limited("coownership-ticket", "10/h")
def report_ticket(request: HttpRequest, slug: str) -> HttpResponse:
    the_building = _building(request, slug, "coownership.report_ticket")
    form = forms.TicketForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with carried_out(request, _("Thank you: the building committee and the syndic are told.")) as outcome:
            ticket = services.report_ticket(
                acting_user=request.user, building=the_building, title=data["title"], location=data["location"],
                description=data["description"], photos=data["photos"],
            )
        if outcome.ok:
            return redirect("coownership:ticket", slug, ticket.pk)
    return render(request, "coownership/report_ticket.html", {"building": the_building, "form": form})


@login_required
@rate_limited("coownership-ticket-update", "60/h")
def ticket(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    the_building = _building(request, slug, "coownership.view_building")
    the_ticket = get_object_or_404(Ticket.objects.select_related("reporter", "assignee"), pk=pk, building=the_building)
    handles = request.user.has_perm("coownership.handle_ticket", the_building)
    managers = selectors.managers_of(the_building) if handles else []
    if request.method == "POST":
        action = request.POST.get("action")
        with carried_out(request, _("Saved.")):
            if action == "comment":
                form = forms.CommentForm(request.POST)
                if not form.is_valid():
                    raise CoownershipRefusal(_("Write a comment."))
                services.comment_ticket(acting_user=request.user, ticket=the_ticket, body=form.cleaned_data["body"])
            elif action == "status":
                form = forms.StatusForm(request.POST)
                if not form.is_valid():
                    raise CoownershipRefusal(_("Choose a status."))
                services.change_ticket_status(acting_user=request.user, ticket=the_ticket,
                                              status=form.cleaned_data["status"])
            elif action == "assign":
                form = forms.AssignForm(request.POST, managers=managers)
                if not handles:
                    raise refusal_of("coownership.handle_ticket")
                if not form.is_valid():
                    raise CoownershipRefusal(_("Assign the ticket to a committee member or the syndic of this building."))
                assignee = User.objects.filter(pk=form.cleaned_data["assignee"]).first() if form.cleaned_data["assignee"] else None
                services.assign_ticket(acting_user=request.user, ticket=the_ticket, assignee=assignee)
            else:
                raise CoownershipRefusal(_("Unknown action."))
        return redirect("coownership:ticket", slug, the_ticket.pk)
    return render(
        request,
        "coownership/ticket.html",
        {
            "building": the_building, "ticket": the_ticket, "handles": handles,
            "photos": list(the_ticket.photos.all()), "comments": list(the_ticket.comments.select_related("author")),
            "may_comment": handles or the_ticket.reporter_id == request.user.pk,
            "comment_form": forms.CommentForm(), "status_form": forms.StatusForm(initial={"status": the_ticket.status}),
            "assign_form": forms.AssignForm(managers=managers, initial={"assignee": the_ticket.assignee_id}),
        },
    )


@login_required
def ticket_photo(request: HttpRequest, slug: str, pk: int, photo: int) -> HttpResponse:
    the_building = _building(request, slug, "coownership.view_building")
    the_photo = get_object_or_404(TicketPhoto.objects.select_related("file"), pk=photo, ticket_id=pk,
                                  ticket__building=the_building)
    return _file(the_photo.file, inline=True)


@login_required
def documents(request: HttpRequest, slug: str) -> HttpResponse:
    the_building = _building(request, slug, "coownership.view_building")
    manages = request.user.has_perm("coownership.manage_building", the_building)
    form = forms.DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not manages:
            raise refusal_of("coownership.manage_building")
        if form.is_valid():
            data = form.cleaned_data
            with carried_out(request, _("The document is added.")) as outcome:
                services.upload_document(acting_user=request.user, building=the_building, kind=data["kind"],
                                         title=data["title"], upload=data["file"])
            if outcome.ok:
                return redirect("coownership:documents", slug)
    return render(
        request,
        "coownership/documents.html",
        {"building": the_building, "documents": selectors.documents_of(the_building), "form": form, "manages": manages,
         # The minutes are the co-owners' (a tenant living in the building does not read them).
         "minutes_list": selectors.approved_minutes_of(the_building) if manages or request.user.has_perm(
             "coownership.view_own_account", the_building) else []},
    )


@login_required
def document(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    the_building = _building(request, slug, "coownership.view_building")
    doc = get_object_or_404(BuildingDocument.objects.select_related("file"), pk=pk, building=the_building)
    return _file(doc.file, inline=False)

