"""Thin views: parse, check the perm, call one service, render. Refusals
are shown to the person, never a 500."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from socle_site.kernel import formatting
from socle_site.kernel.crypto import decrypt_bytes
from socle_site.kernel.refusals import carried_out

from community import homefile
from community.privacy.selectors import readings_of

from . import forms, policy, selectors, services
from .models import (
    ActivationStep,
    Application,
    Deed,
    Home,
    IncomeCategory,
    Offer,
    SupportingDocument,
)

PAGE_SIZE = 50
# The ranked list for one home, a page at a time (issue 18): each line explains
# its place, and rendering those explanations is most of the page's CPU.
RANKING_PAGE_SIZE = 25


def _persons(formset) -> list[dict]:
    return [f.cleaned_data for f in formset.forms if f.cleaned_data and f.cleaned_data.get("full_name")]


def _submit(request, form, formset, **extra) -> Application | None:
    application = None
    with carried_out(request):
        application = services.submit_application(
            acting_user=request.user,
            persons=_persons(formset),
            operators=list(form.cleaned_data["operators"]),
            current_tenure=form.cleaned_data["current_tenure"],
            current_municipality=form.cleaned_data["current_municipality"],
            current_rent=form.cleaned_data["current_rent"],
            wished_municipalities=form.cleaned_data["wished_municipalities"],
            bedrooms_min=form.cleaned_data["bedrooms_min"],
            bedrooms_max=form.cleaned_data["bedrooms_max"],
            needs_accessible=form.cleaned_data["needs_accessible"],
            consents=form.cleaned_data["consents"],
            **extra,
        )
    return application


@login_required
def my_candidacy(request: HttpRequest) -> HttpResponse:
    candidacy = selectors.candidacy_of(request.user)
    if candidacy is None:
        return render(request, "candidates/no_candidacy.html")
    return render(
        request,
        "candidates/my_candidacy.html",
        {
            "candidacy": candidacy,
            "positions": selectors.positions(candidacy) if candidacy.is_open else [],
            "checklist": selectors.checklist(candidacy),
            "documents": SupportingDocument.objects.filter(person__application=candidacy).select_related("person"),
            "offers": list(candidacy.offers.select_related("home__housing_project")),
            "deeds": selectors.deeds_of(request.user) if candidacy.status == Application.Status.HOUSED else [],
            "document_form": forms.DocumentForm(application=candidacy),
            "answer_form": forms.AnswerForm(),
        },
    )


@login_required
@require_POST
def upload_document(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application, pk=pk)
    is_staff = request.user.has_perm("candidates.manage_candidacy", application)
    if not (is_staff or request.user.has_perm("candidates.follow_candidacy", application)):
        raise Http404(_("This candidacy does not exist or is not yours."))
    form = forms.DocumentForm(request.POST, request.FILES, application=application)
    if form.is_valid():
        with carried_out(request):
            services.upload_document(
                acting_user=request.user, person=form.cleaned_data["person"], kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"]
            )
            messages.success(request, _("The document is sent. The CLT's staff will check it."))
    else:
        messages.error(request, _("Choose the person, the kind of document and a file."))
    return redirect("candidates:register_detail", pk) if is_staff else redirect("candidates:my_candidacy")


@login_required
def document_download(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    """Documents are only ever served here: permission checked, access logged."""
    document = get_object_or_404(SupportingDocument.objects.select_related("person__application"), pk=document_pk, person__application_id=pk)
    application = document.person.application
    if not (request.user.has_perm("candidates.view_personal_data", application) or request.user.has_perm("candidates.follow_candidacy", application)):
        raise Http404(_("This document does not exist or is not yours."))
    services.log_access(user=request.user, application=application, what=f"document:{document.pk}")
    response = HttpResponse(decrypt_bytes(document.encrypted_content), content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="document-{document.pk}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def answer_offer(request: HttpRequest, offer_pk: int) -> HttpResponse:
    offer = get_object_or_404(Offer.objects.select_related("application__household", "home"), pk=offer_pk)
    for_staff = request.user.has_perm("candidates.allocate_home", offer.home)
    if not (for_staff or request.user.has_perm("candidates.follow_candidacy", offer.application)):
        raise Http404(_("This offer does not exist or is not yours."))
    form = forms.AnswerForm(request.POST)
    form.is_valid()
    with carried_out(request):
        services.answer_offer(
            acting_user=request.user, offer=offer, accept=request.POST.get("answer") == "accept", reason=form.cleaned_data.get("reason", "")
        )
        messages.success(request, _("Your answer is recorded."))
    return redirect("candidates:home_ranking", offer.home_id) if for_staff else redirect("candidates:my_candidacy")


@login_required
def renew(request: HttpRequest) -> HttpResponse:
    candidacy = selectors.candidacy_of(request.user)
    if candidacy is None:
        raise Http404(_("Your household has no candidacy."))
    initial = [
        {"full_name": p.full_name, "relationship": p.relationship, "birth_year": p.birth_year, "yearly_income": p.yearly_income or 0}
        for p in candidacy.persons.all()
    ]
    formset = forms.PersonFormSet(request.POST or None, prefix="person", initial=initial)
    if request.method == "POST" and formset.is_valid():
        with carried_out(request):
            services.renew_application(acting_user=request.user, application=candidacy, persons=_persons(formset))
            messages.success(request, _("Your candidacy is renewed for a year."))
            return redirect("candidates:my_candidacy")
    return render(request, "candidates/renew.html", {"candidacy": candidacy, "formset": formset})


# --- Staff -----------------------------------------------------------------


def _require(request, perm, obj=None):
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied(_refusals()[perm])


def _refusals() -> dict:
    # One reason per perm (rules.py), read on the 403 page.
    return {
        "candidates.view_register": _("Only the register staff of a housing operator see the register."),
        "candidates.view_personal_data": _("Only the register staff of an operator this household chose may see this."),
        "candidates.allocate_home": _("Only the register staff of this home's operator manage it."),
    }


@login_required
def register_list(request: HttpRequest) -> HttpResponse:
    _require(request, "candidates.view_register")
    categories = list(IncomeCategory.objects.order_by("rank"))
    filters = forms.RegisterFilterForm(request.GET or None, categories=categories)
    category = status = ""
    if filters.is_valid():
        category, status = filters.cleaned_data["category"], filters.cleaned_data["status"]
    page = Paginator(selectors.register_for(request.user, category=category, status=status), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "candidates/register_list.html", {"page": page, "filters": filters, "query": query.urlencode()})


@login_required
def register_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application.objects.select_related("household", "category"), pk=pk)
    _require(request, "candidates.view_personal_data", application)
    services.log_access(user=request.user, application=application, what="candidacy")
    return render(
        request,
        "candidates/register_detail.html",
        {
            "candidacy": application,
            "persons": list(application.persons.prefetch_related("documents")),
            "checklist": selectors.checklist(application),
            "steps": ActivationStep.objects.exclude(pk__in=application.completions.values("step_id")),
            "offers": list(application.offers.select_related("home__housing_project")),
            "document_form": forms.DocumentForm(application=application),
            "correction_form": forms.CorrectionForm(initial={"status": application.status}),
            "review_form": forms.ReviewForm(),
            "accesses": readings_of(application),
        },
    )


@login_required
@require_POST
def review_document(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    document = get_object_or_404(SupportingDocument, pk=document_pk, person__application_id=pk)
    form = forms.ReviewForm(request.POST)
    form.is_valid()
    with carried_out(request):
        services.review_document(
            acting_user=request.user, document=document, validated=request.POST.get("decision") == "validate", note=form.cleaned_data.get("note", "")
        )
        messages.success(request, _("The document's review is recorded."))
    return redirect("candidates:register_detail", pk)


@login_required
@require_POST
def complete_step(request: HttpRequest, pk: int, step_pk: int) -> HttpResponse:
    application = get_object_or_404(Application, pk=pk)
    step = get_object_or_404(ActivationStep, pk=step_pk)
    with carried_out(request):
        services.complete_step(acting_user=request.user, application=application, step=step)
        messages.success(request, _("The step is recorded."))
    return redirect("candidates:register_detail", pk)


@login_required
@require_POST
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application, pk=pk)
    form = forms.CorrectionForm(request.POST)
    form.is_valid()
    with carried_out(request):
        services.correct_register(
            acting_user=request.user, application=application, status=form.cleaned_data.get("status", ""), reason=form.cleaned_data.get("reason", "")
        )
        messages.success(request, _("The correction is recorded in the audit log."))
    return redirect("candidates:register_detail", pk)


@login_required
def paper_application(request: HttpRequest) -> HttpResponse:
    _require(request, "candidates.view_register")
    form = forms.ApplicationForm(request.POST or None)
    form.fields["operators"].queryset = selectors.operators_staffed_by(request.user)
    household_form = forms.PaperHouseholdForm(request.POST or None)
    formset = forms.PersonFormSet(request.POST or None, prefix="person")
    if request.method == "POST" and form.is_valid() and formset.is_valid() and household_form.is_valid():
        from community.models import Household

        household = Household.objects.create(name=household_form.cleaned_data["household_name"], municipality=form.cleaned_data["current_municipality"])
        application = _submit(request, form, formset, household=household)
        if application:
            messages.success(request, _("The paper application is registered."))
            return redirect("candidates:register_detail", application.pk)
        household.delete()
    return render(request, "candidates/apply.html", {"form": form, "formset": formset, "household_form": household_form, "paper": True})


@login_required
def homes(request: HttpRequest) -> HttpResponse:
    _require(request, "candidates.view_register")
    operators = selectors.operators_staffed_by(request.user)
    form = forms.HomeForm(request.POST or None, operators=operators)
    if request.method == "POST" and form.is_valid():
        with carried_out(request):
            home = services.create_home(acting_user=request.user, **form.cleaned_data)
            messages.success(request, _("The home is described; here is its ranked list."))
            return redirect("candidates:home_ranking", home.pk)
    return render(request, "candidates/homes.html", {"homes": selectors.homes_for(request.user), "form": form})


@login_required
def home_ranking(request: HttpRequest, pk: int) -> HttpResponse:
    # The dwelling, and the co-ownership lot that shares it if any, in the same query.
    home = get_object_or_404(
        Home.objects.select_related("housing_project", "operator", "dwelling__housing_project", "dwelling__lot__building"), pk=pk
    )
    _require(request, "candidates.allocate_home", home)
    # The database sorts and cuts the page (issue 18): the ranked list costs
    # the same at 100 or 10,000 candidacies, and every page of it is reachable.
    number = request.GET.get("page", "")
    number = int(number) if number.isdigit() and 0 < int(number) < 1_000_000 else 1
    lines, eligible_count = selectors.ranked_page(home, offset=(number - 1) * RANKING_PAGE_SIZE, limit=RANKING_PAGE_SIZE)
    if not lines and number > 1:  # past the end (the list shrank): its last page
        _lines, eligible_count = selectors.ranked_page(home, limit=1)
        number = max(1, -(-eligible_count // RANKING_PAGE_SIZE))
        lines, eligible_count = selectors.ranked_page(home, offset=(number - 1) * RANKING_PAGE_SIZE, limit=RANKING_PAGE_SIZE)
    page = Paginator(range(eligible_count), RANKING_PAGE_SIZE).get_page(number)
    deed = selectors.current_deed(home)
    resale = getattr(deed, "resale", None) if deed else None
    accepted = selectors.accepted_offer(home) if home.status == Home.Status.ALLOCATED else None
    needs_deed = accepted is not None and (deed is None or deed.application_id != accepted.application_id)
    deed_form = resale_form = None
    if needs_deed:
        deed_form = forms.DeedForm(initial={"price_paid": accepted.max_price, "bought_on": timezone.localdate(), "formula": Deed.Formula.APPRAISAL, "share_percent": 25})
    elif deed is not None and resale is None:
        # The approved works whose invoices are in (stewardship registers them with the base) are proposed.
        counted = Decimal(homefile.improvements_cents(home.dwelling)) / 100
        resale_form = forms.ResaleForm(initial={"valued_on": timezone.localdate(), "improvements": counted},
                                       formula=deed.formula)
    offers = list(home.offers.select_related("application"))
    return render(
        request,
        "candidates/home_ranking.html",
        {
            "home": home, "lines": lines, "eligible_count": eligible_count, "page": page,
            "offers": offers,
            "has_accepted_offer": any(offer.status == Offer.Status.ACCEPTED for offer in offers),
            "deed": deed, "resale": resale, "resale_lines": selectors.resale_lines(resale) if resale else [],
            "accepted": accepted if needs_deed else None, "deed_form": deed_form, "resale_form": resale_form,
        },
    )


@login_required
@require_POST
def record_deed(request: HttpRequest, pk: int) -> HttpResponse:
    home = get_object_or_404(Home, pk=pk)
    _require(request, "candidates.allocate_home", home)
    form = forms.DeedForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the deed: %(errors)s") % {"errors": _form_errors(form)})
        return redirect("candidates:home_ranking", pk)
    with carried_out(request):
        services.record_deed(acting_user=request.user, home=home, **form.cleaned_data)
        messages.success(request, _("The owner's deed is recorded."))
    return redirect("candidates:home_ranking", pk)


@login_required
@require_POST
def record_resale(request: HttpRequest, pk: int) -> HttpResponse:
    home = get_object_or_404(Home, pk=pk)
    _require(request, "candidates.allocate_home", home)
    deed = selectors.current_deed(home)
    form = forms.ResaleForm(request.POST, formula=deed.formula if deed else "")
    if deed is None:
        messages.error(request, _("This home has no recorded owner: record the deed first."))
    elif not form.is_valid():
        messages.error(request, _("Check the resale: %(errors)s") % {"errors": _form_errors(form)})
    else:
        with carried_out(request):
            resale = services.record_resale(acting_user=request.user, deed=deed, **form.cleaned_data)
            messages.success(request, _("The resale price is %(price)s; the home is back on the register's ranked list.")
                             % {"price": formatting.format_euros(resale.price)})
    return redirect("candidates:home_ranking", pk)


def _form_errors(form) -> str:
    return " ".join(f"{form.fields[name].label}: {' '.join(errors)}" if name in form.fields else " ".join(errors)
                    for name, errors in form.errors.items())


@login_required
@require_POST
def make_offer(request: HttpRequest, pk: int) -> HttpResponse:
    home = get_object_or_404(Home, pk=pk)
    _require(request, "candidates.allocate_home", home)
    number = request.POST.get("application", "")
    application = Application.objects.filter(pk=int(number)).first() if number.isdigit() else None
    with carried_out(request):
        if application is None:
            raise services.CandidacyRefusal(_("This candidacy does not exist."))
        services.make_offer(acting_user=request.user, home=home, application=application,
                            skip_reason=request.POST.get("skip_reason", ""))
        messages.success(request, _("The offer is sent to the household."))
    return redirect("candidates:home_ranking", pk)


@login_required
def notary_pack(request: HttpRequest, pk: int) -> HttpResponse:
    """The sale's pack for the notary, as PDF in the reader's language: the
    price and how the deed's formula gives it, the legal cap, the buyer's
    eligibility, the deeds' clauses. It names the buyers: the reading is logged."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    home = get_object_or_404(Home.objects.select_related("housing_project", "operator", "dwelling"), pk=pk)
    _require(request, "candidates.allocate_home", home)
    pack = selectors.notary_pack(home)
    if pack is None:
        raise Http404(_("The notary's pack is ready once a household has accepted the home."))
    services.log_access(user=request.user, application=pack["application"], what="notary-pack")
    html = render_to_string("candidates/notary_pack_pdf.html", {**pack, "language": translation.get_language(),
                                                                "today": timezone.localdate()})
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="notary-pack-{home.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- Public ------------------------------------------------------------------


def ownership_calculator(request: HttpRequest) -> HttpResponse:
    """"Could I become a CLT owner, and at what price?" No login, nothing stored."""
    form = forms.OwnershipCalculatorForm(request.GET or None)
    result = None
    thresholds = selectors.current_thresholds()
    if form.is_valid() and thresholds:
        adults, dependants = form.cleaned_data["adults"], form.cleaned_data["dependants"]
        income = form.cleaned_data["yearly_income"]
        code = policy.income_category(
            incomes=[income], adults=adults, dependants=dependants,
            thresholds=[selectors.as_threshold(t) for t in thresholds],
        )
        threshold = next((t for t in thresholds if t.category.code == code), None)
        prices = []
        if threshold is not None:
            default = policy.PriceRule(threshold.price_rule, threshold.price_value)
            own_rules = selectors.price_rules_by_operator()  # each operator's own rule, if it set one
            for home in Home.objects.filter(status=Home.Status.OPEN):
                if not policy.fits_home(household_size=adults + dependants, bedrooms=home.bedrooms):
                    continue
                prices.append(policy.offered_price(
                    home_price=home.price, is_resale=home.is_resale,
                    rule=own_rules.get((home.operator_id, threshold.category_id), default),
                    cost_price=home.cost_price, land_value=home.land_value, yearly_income=income,
                ))
        result = {
            "threshold": threshold,
            "ceilings": [(t.category, selectors.as_threshold(t).ceiling(adults, dependants)) for t in thresholds],
            "price_low": min(prices) if prices else None,
            "price_high": max(prices) if prices else None,
        }
    return render(request, "candidates/ownership_calculator.html", {"form": form, "result": result, "year": thresholds[0].year if thresholds else None})


def rent_calculator(request: HttpRequest) -> HttpResponse:
    form = forms.RentCalculatorForm(request.GET or None)
    curve = policy.LUXEMBOURG_2023
    result = None
    if form.is_valid():
        rent, rate = policy.affordable_rent(curve=curve, monthly_income=form.cleaned_data["monthly_income"])
        result = {"rent": rent, "rate": rate}
    table = [(i + 1, bound, *policy.affordable_rent(curve=curve, monthly_income=bound)) for i, bound in enumerate(curve.deciles)]
    return render(request, "candidates/rent_calculator.html", {"form": form, "result": result, "table": table, "curve": curve})


def figures(request: HttpRequest) -> HttpResponse:
    return render(request, "candidates/figures.html", {"figures": selectors.anonymised_figures(), "minimum": selectors.MIN_GROUP})



def resale_calculator(request: HttpRequest) -> HttpResponse:
    """The resale price under the three formulas a deed may hold. Nothing stored."""
    form = forms.ResaleCalculatorForm(request.GET or None)
    price = None
    if form.is_valid():
        data = form.cleaned_data
        terms = policy.DeedTerms(
            formula=data["formula"], price_paid=data["price_paid"], bought_on=data["bought_on"] or timezone.localdate(),
            share_percent=data["share_percent"], appraisal_at_purchase=data["appraisal_at_purchase"],
            index_at_purchase=data["index_at_purchase"], rate_percent=data["rate_percent"],
        )
        sale = policy.SaleFacts(
            sold_on=data["sold_on"] or terms.bought_on, appraisal_now=data["appraisal_now"], index_now=data["index_now"],
            improvements=data["improvements"] or 0,
        )
        with carried_out(request):  # the deed's rules refuse what the formula cannot price
            price, _lines = policy.resale_computation(terms, sale)
    return render(request, "candidates/resale_calculator.html", {"form": form, "price": price})
