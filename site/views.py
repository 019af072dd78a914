"""Thin views of the public site: search, robots.txt, the translation
fallback, and the forms of public events."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static as static_url
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from socle_site import selectors, services
from socle_site.forms import ResourceOrderForm, SearchForm, VisitorRegistrationForm
from socle_site.kernel.ratelimit import rate_limited
from socle_site.kernel.refusals import carried_out
from socle_site.models import PublicEventPage
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page


@require_GET
def search(request):
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    results = None
    if query:
        language = get_supported_content_language_variant(get_language())
        results = selectors.search_results_page(query, language, request.GET.get("page"), request)
    return render(request, "socle_site/search.html", {"form": form, "query": query, "results": results})


SECTIONS = {
    "projects": "ProjectIndexPage",
    "testimonials": "TestimonialIndexPage",
    "recommendations": "RecommendationIndexPage",
    "news": "NewsIndexPage",
    "events": "EventIndexPage",
}


@require_GET
def section(request, section: str):
    """The navigation's stable address of a public section: it leads to the
    section's page in the visitor's language (or its untranslated original),
    so base.html needs no database query to draw the menu."""
    from socle_site import models

    if section not in SECTIONS:
        raise Http404
    pages = getattr(models, SECTIONS[section]).objects.live().public()
    page = pages.filter(locale=Locale.get_active()).first() or pages.order_by("pk").first()
    if page is None:
        raise Http404
    if page.locale_id != Locale.get_active().pk:
        return redirect("socle_site:untranslated_page", page_id=page.pk)
    return redirect(page.get_url(request))


@require_GET
def favicon(request):
    # Browsers ask for /favicon.ico whatever the page's <link rel="icon"> says. The
    # static URL is read per request: in production it comes from the manifest.
    return HttpResponsePermanentRedirect(static_url("img/favicon.svg"))


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /cms/",
        "Disallow: /fr/my/", "Disallow: /nl/my/", "Disallow: /en/my/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_GET
def untranslated_page(request, page_id: int):
    """A page not yet translated into the visitor's language: its own
    language's version, with a notice in the visitor's language, never a 404."""
    page = get_object_or_404(Page.objects.live().public(), pk=page_id).specific
    translated = page.get_translation_or_none(Locale.get_active())
    if translated is not None and translated.live:
        return redirect(translated.get_url(request))
    if not getattr(page, "cache_whole_page", False):
        raise Http404
    request.is_translation_fallback = True
    response = page.serve(request)
    return response


def _event(page_id: int) -> PublicEventPage:
    # The event in the visitor's language when it is translated.
    return get_object_or_404(PublicEventPage.objects.live(), pk=page_id).localized


@require_POST
@login_required
@rate_limited("site-event-registration", "20/h")
def register(request, page_id: int):
    event = _event(page_id)
    with carried_out(request) as outcome:
        registration = services.register_for_event(event=event, acting_user=request.user)
    if outcome.ok:
        if registration.status == registration.Status.CONFIRMED:
            messages.success(request, _("You are registered. A confirmation is on its way to you."))
        else:
            messages.info(request, _("The event is full: you are on the waiting list. We will tell you if a seat becomes free."))
    return redirect(event.get_url(request))


@require_POST
@login_required
def cancel_registration(request, page_id: int):
    event = _event(page_id)
    with carried_out(request, _("Your registration is cancelled.")):
        services.cancel_registration(event=event, acting_user=request.user)
    return redirect(event.get_url(request))


@rate_limited("site-resource-order", "10/h")
def order_resources(request, page_id: int):
    event = _event(page_id)
    if not event.takes_resource_orders:
        raise Http404
    form = ResourceOrderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with carried_out(request, _("Thank you: your order is recorded. We will send the copies to the address you gave.")) as outcome:
            services.order_resources(
                event=event,
                acting_user=request.user if request.user.is_authenticated else None,
                quantities={"fr": data["quantity_fr"] or 0, "nl": data["quantity_nl"] or 0},
                organisation=data["organisation"],
                contact_name=data["contact_name"],
                email=data["email"],
                phone=data["phone"],
                delivery_address=data["delivery_address"],
            )
        if outcome.ok:
            return redirect(event.get_url(request))
    return render(
        request,
        "socle_site/order_resources.html",
        {"form": form, "event": event, "action": reverse("socle_site:order_resources", args=[event.pk])},
        status=400 if request.method == "POST" else 200,
    )


# --- Open data ---------------------------------------------------------------
def _licence() -> dict:
    from django.conf import settings

    return settings.SOCLE_OPEN_DATA_LICENCE


@require_GET
def open_data(request):
    """The public figures every feature registered, to download under the
    licence of the settings (shown beside each download)."""
    from socle_site.kernel.dataio.exporters import open_datasets

    return render(request, "socle_site/open_data.html", {"datasets": open_datasets(), "licence": _licence()})


@require_GET
def open_data_file(request, name: str, fmt: str):
    import json

    from django.utils import timezone
    from socle_site.kernel.dataio import exporters

    dataset = exporters.get_open_dataset(name)
    if dataset is None or fmt not in ("csv", "json"):
        raise Http404(_("There is no such dataset."))
    rows = list(dataset.rows())
    licence = _licence()
    if fmt == "json":
        body = json.dumps(
            {
                "dataset": dataset.name,
                "title": str(dataset.title),
                "licence": licence,
                "generated_at": timezone.now().isoformat(),
                "fields": {c.key: str(c.label) for c in dataset.columns},
                "rows": exporters.as_records(dataset.columns, rows),
            },
            ensure_ascii=False,
            indent=1,
        )
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    else:
        data = exporters.table(dataset.columns, rows, title=str(dataset.title))
        response = HttpResponse(exporters.render(data, "csv"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{exporters.filename(dataset.name, fmt, timezone.localdate())}"'
    # The licence travels with the file (a CSV has no place for it inside).
    response["Link"] = f'<{licence["url"]}>; rel="license"'
    return response
# --- Visitors without an account (issue 26) ------------------------------------


@rate_limited("site-event-visitor", "5/h")
def visitor_register(request, page_id: int):
    """The form of a visitor without an account: a name and an address, then
    a link to confirm by e-mail. Limited per address: it sends e-mail."""
    event = _event(page_id)
    if not event.accepts_visitors:
        raise Http404(_("This event is for members: log in to register."))
    form = VisitorRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with carried_out(request) as outcome:
            services.register_visitor(event=event, name=form.cleaned_data["name"], email=form.cleaned_data["email"],
                                      language=get_language())
        if outcome.ok:
            messages.success(request, _("Almost done: we sent you an e-mail. Open its link within 48 hours to "
                                        "confirm your registration."))
            return redirect(event.get_url(request))
    return render(request, "socle_site/visitor_register.html", {"event": event, "form": form})


@rate_limited("site-event-visitor-link", "30/h")
def visitor_confirm(request, token: str):
    """The link of the confirmation e-mail: a page with one button (a mail
    scanner that opens links must not confirm for the person)."""
    registration = event = None
    if request.method == "POST":
        with carried_out(request) as outcome:
            registration, event = services.confirm_visitor(token=token)
        if outcome.ok:
            if registration.status == registration.Status.CONFIRMED:
                messages.success(request, _("Your registration is confirmed. See you there!"))
            else:
                messages.info(request, _("The event is full: you are on the waiting list. We will write to you if a "
                                         "seat becomes free."))
        return render(request, "socle_site/visitor_link.html", {"done": outcome.ok, "event": event, "action": "confirm"})
    with carried_out(request) as outcome:
        services.registration_of_token(token, "confirm")
    return render(request, "socle_site/visitor_link.html", {"valid": outcome.ok, "action": "confirm"})


@rate_limited("site-event-visitor-link", "30/h")
def visitor_cancel(request, token: str):
    """The cancel link of every e-mail to a visitor: one button, no login."""
    event = None
    if request.method == "POST":
        with carried_out(request, _("Your registration is cancelled.")) as outcome:
            _registration, event = services.cancel_visitor(token=token)
        return render(request, "socle_site/visitor_link.html", {"done": outcome.ok, "event": event, "action": "cancel"})
    with carried_out(request) as outcome:
        services.registration_of_token(token, "cancel")
    return render(request, "socle_site/visitor_link.html", {"valid": outcome.ok, "action": "cancel"})
