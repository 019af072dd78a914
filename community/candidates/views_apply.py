"""The online candidacy, in five steps: the household's members, their
incomes, where they live now, their wishes, then a page to check everything
and send. Each step is validated on its own and kept in the draft
(draft.py); the register place is made only when the candidacy is sent.

Thin views: each step parses its form, keeps the draft, and the last one
calls services.submit_application."""

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from socle_site.kernel.refusals import Refusal, carried_out

from . import draft as drafts
from . import forms, selectors, services
from .models import Person

STEPS = [
    ("members", gettext_lazy("Your household")),
    ("incomes", gettext_lazy("Incomes")),
    ("housing", gettext_lazy("Where you live now")),
    ("wishes", gettext_lazy("Your wishes")),
    ("check", gettext_lazy("Check and send")),
]
SLUGS = [slug for slug, _title in STEPS]
MEMBER_KEYS = ["full_name", "relationship", "birth_year", "national_number"]


# --- The draft's forms -------------------------------------------------------


def _prefix(index: int) -> str:
    return f"person-{index}"


def _member_forms(members: list[dict], *, bound: bool) -> list[forms.MemberForm]:
    if not bound:
        return [forms.MemberForm(initial=m, prefix=_prefix(i)) for i, m in enumerate(members)]
    return [
        forms.MemberForm(data={f"{_prefix(i)}-{k}": v for k, v in m.items()}, prefix=_prefix(i))
        for i, m in enumerate(members)
    ]


def _household_check(member_forms: list[forms.MemberForm]) -> django_forms.Form | None:
    """The household as a whole (at least one adult...), asked of the
    service's own rule once each member is valid; None when it holds."""
    try:
        services.check_persons([f.cleaned_data for f in member_forms])
    except Refusal as refusal:
        check = django_forms.Form(data={})
        check.full_clean()
        check.add_error(None, refusal.message)
        return check
    return None


def _members_valid(members: list[dict]) -> bool:
    member_forms = _member_forms(members, bound=True)
    return bool(member_forms) and all(f.is_valid() for f in member_forms) and _household_check(member_forms) is None


def _step_form(slug: str, draft: dict, data=None):
    """The form of a one-form step, bound to data (or the draft's answers
    when data is "draft"), else unbound showing them."""
    stored = draft.get(slug) or {}
    if data == "draft":
        data = stored
    kwargs = {"data": data} if data is not None else {"initial": stored}
    if slug == "incomes":
        return forms.IncomesForm(members=draft.get("members", []), **kwargs)
    return {"housing": forms.HousingForm, "wishes": forms.WishesForm}[slug](**kwargs)


def _first_incomplete(draft: dict) -> str:
    """The first step the draft does not answer validly: where the person
    resumes, and the furthest step they may open."""
    if not _members_valid(draft.get("members", [])):
        return "members"
    for slug in ("incomes", "housing", "wishes"):
        if slug not in draft or not _step_form(slug, draft, "draft").is_valid():
            return slug
    return "check"


def _raw(form) -> dict:
    # What the person typed, as the form reads it back (lists for boxes).
    return {name: form[name].value() for name in form.fields}


# --- Views -------------------------------------------------------------------


def _refusal(request: HttpRequest) -> HttpResponse | None:
    """Who may not apply: a household already in the register (one
    registration is enough, services.submit_application)."""
    current = selectors.candidacy_of(request.user)
    if current is not None and current.is_open:
        messages.info(request, _("Your household is already in the register."))
        return redirect("candidates:my_candidacy")
    return None


def _step_url(slug: str, *, back_to_check: bool = False) -> str:
    url = reverse("candidates:apply_step", args=[slug])
    return f"{url}?back=check" if back_to_check else url


def _context(slug: str, **extra) -> dict:
    number = SLUGS.index(slug) + 1
    return {
        "step": slug, "step_number": number, "step_count": len(STEPS), "step_title": dict(STEPS)[slug],
        "previous_url": _step_url(SLUGS[number - 2]) if number > 1 else None, **extra,
    }


@login_required
def apply(request: HttpRequest) -> HttpResponse:
    """The start: resumes at the first step not yet answered."""
    refused = _refusal(request)
    if refused:
        return refused
    return redirect(_step_url(_first_incomplete(drafts.load(request.session))))


@login_required
def apply_step(request: HttpRequest, step: str) -> HttpResponse:
    if step not in SLUGS:
        raise Http404(_("This step of the candidacy does not exist."))
    refused = _refusal(request)
    if refused:
        return refused
    draft = drafts.load(request.session)
    furthest = _first_incomplete(draft)
    if SLUGS.index(step) > SLUGS.index(furthest):
        messages.info(request, _("Answer this step first."))
        return redirect(_step_url(furthest))
    back_to_check = request.GET.get("back") == "check" or request.POST.get("back") == "check"
    if step == "members":
        return _members(request, draft, back_to_check)
    if step == "check":
        return _check(request, draft)
    if request.method == "POST":
        form = _step_form(step, draft, request.POST)
        draft[step] = _raw(form)
        drafts.save(request.session, draft)
        if form.is_valid():
            return redirect(_next_url(step, back_to_check))
    else:
        form = _step_form(step, draft)
    return render(request, "candidates/apply_step.html", _context(step, form=form, back_to_check=back_to_check))


def _next_url(step: str, back_to_check: bool) -> str:
    return _step_url("check" if back_to_check else SLUGS[SLUGS.index(step) + 1])


def _members(request: HttpRequest, draft: dict, back_to_check: bool) -> HttpResponse:
    """As many members as the household has: "add a member" and "remove"
    are buttons of the form, so they work without JavaScript and keep what
    was typed."""
    members = draft.get("members") or [{}]
    check = None
    if request.method == "POST":
        try:
            count = int(request.POST.get("member_count", "1"))
        except ValueError:
            count = 1
        count = min(max(count, 1), forms.MAX_MEMBERS)
        members = [
            {k: request.POST.get(f"{_prefix(i)}-{k}", "").strip() for k in MEMBER_KEYS} for i in range(count)
        ]
        action = request.POST.get("action", "continue")
        remove = request.POST.get("remove", "")
        if remove.isdigit() and len(members) > 1 and int(remove) < len(members):
            members.pop(int(remove))
            action = "removed"
        elif action == "add" and len(members) < forms.MAX_MEMBERS:
            members.append({})
        draft["members"] = members
        drafts.save(request.session, draft)
        if action == "continue":
            member_forms = _member_forms(members, bound=True)
            if all(f.is_valid() for f in member_forms):
                check = _household_check(member_forms)
                if check is None:
                    return redirect(_next_url("members", back_to_check))
            return render(request, "candidates/apply_step.html", _context(
                "members", member_forms=member_forms, household_check=check, back_to_check=back_to_check,
                can_add=len(members) < forms.MAX_MEMBERS,
            ))
        anchor = f"#id_{_prefix(len(members) - 1)}-full_name" if action == "add" else ""
        return redirect(_step_url("members", back_to_check=back_to_check) + anchor)
    return render(request, "candidates/apply_step.html", _context(
        "members", member_forms=_member_forms(members, bound=False), back_to_check=back_to_check,
        can_add=len(members) < forms.MAX_MEMBERS,
    ))


def _answers(draft: dict) -> list[dict]:
    """Every answer, step by step, as the person reads it back, each step
    with its "change" link. The draft is valid here (_first_incomplete)."""
    members = [f.cleaned_data for f in _member_forms(draft["members"], bound=True) if f.is_valid()]
    relationships = dict(Person.Relationship.choices)
    sections = [{
        "slug": "members", "title": dict(STEPS)["members"], "url": _step_url("members", back_to_check=True),
        "rows": [(m["full_name"], _("%(relationship)s, born in %(year)s") % {
            "relationship": relationships[m["relationship"]], "year": m["birth_year"]}) for m in members],
    }]
    for slug in ("incomes", "housing", "wishes"):
        form = _step_form(slug, draft, "draft")
        form.is_valid()
        sections.append({
            "slug": slug, "title": dict(STEPS)[slug], "url": _step_url(slug, back_to_check=True),
            "rows": [(form[name].label, _shown(form, name)) for name in form.fields],
        })
    return sections


def _shown(form, name: str) -> str:
    field, value = form.fields[name], form.cleaned_data.get(name)
    if isinstance(field, django_forms.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(field, django_forms.ModelMultipleChoiceField):
        return ", ".join(str(o) for o in value) or "—"
    if isinstance(field, django_forms.ChoiceField):
        labels = dict(field.choices)
        chosen = value if isinstance(value, list) else [value]
        return ", ".join(str(labels.get(v, v)) for v in chosen if v) or _("None")
    if value is None or value == "":
        return "—"
    from socle_site.kernel import formatting

    if isinstance(field, django_forms.DecimalField):
        return formatting.format_euros(value)
    return str(value)


def _check(request: HttpRequest, draft: dict) -> HttpResponse:
    form = forms.SendForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        members = [f.cleaned_data for f in _member_forms(draft["members"], bound=True) if f.is_valid()]
        incomes = _step_form("incomes", draft, "draft")
        housing = _step_form("housing", draft, "draft")
        wishes = _step_form("wishes", draft, "draft")
        if not (incomes.is_valid() and housing.is_valid() and wishes.is_valid()):  # _first_incomplete said they are
            return redirect(_step_url(_first_incomplete(draft)))
        persons = [{**m, "yearly_income": income} for m, income in zip(members, incomes.incomes(), strict=True)]
        with carried_out(request) as outcome:
            services.submit_application(
                acting_user=request.user, applicant=request.user, persons=persons,
                operators=list(wishes.cleaned_data["operators"]), consents=form.cleaned_data["consents"],
                **housing.cleaned_data,
                **{k: v for k, v in wishes.cleaned_data.items() if k != "operators"},
            )
        if outcome.ok:
            drafts.clear(request.session)
            messages.success(request, _("Your candidacy is registered."))
            return redirect("candidates:my_candidacy")
    return render(request, "candidates/apply_step.html", _context("check", form=form, sections=_answers(draft)))
