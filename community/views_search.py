"""The member search page: parse, check, call the one search, render."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from community.search import kinds
from community.search.query import clean_query
from community.search.query import search as run_search


def search(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        # What a member finds depends on who they are: a visitor logs in first.
        messages.info(request, _("Log in to search your spaces: the forums, meetings, votes and documents you may read."))
        return redirect_to_login(request.get_full_path())
    query = clean_query(request.GET.get("q"))
    kind = request.GET.get("kind") or None
    known = {k.code: k for k in kinds()}
    if kind not in known:
        kind = None
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 1
    results = run_search(request.user, query, kind=kind, page=page)
    filters = [
        {"code": k.code, "label": k.label, "count": results.counts[k.code],
         "url": "?" + urlencode({"q": query, "kind": k.code}), "current": k.code == kind}
        for k in known.values() if results.counts.get(k.code)
    ]

    def page_url(number: int) -> str:
        return "?" + urlencode({"q": query, **({"kind": kind} if kind else {}), "page": number})

    return render(request, "community/search.html", {
        "query": query, "kind": kind, "results": results, "filters": filters,
        "all_url": "?" + urlencode({"q": query}),
        "previous_url": page_url(results.page - 1) if results.has_previous else "",
        "next_url": page_url(results.page + 1) if results.has_next else "",
    })
