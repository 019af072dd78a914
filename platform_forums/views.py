"""Thin views: parse, ask the perm, call one service, render. Refusals are
shown to the person, never a 500."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from socle_site.kernel.charts import bar_chart
from socle_site.kernel.ratelimit import rate_limited
from socle_site.kernel.refusals import carried_out

from community.models import Organisation

from . import selectors, services
from .models import Forum, Platform, PlatformMembership, Post, Thread
from .rules_sharing import carried_by_few
from .text import editable_text, quote_of

PUBLIC_PRACTICES = 6


def _require(request: HttpRequest, perm: str, obj) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied(_("This space is for its members only."))


def platform_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "platform_forums/platform_list.html", {"platforms": Platform.objects.all()}
    )


def platform_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The public page: purpose, themes, member organisations."""
    platform = get_object_or_404(Platform, slug=slug)
    organisations = (
        Organisation.objects.filter(memberships__user=request.user)
        if request.user.is_authenticated
        else Organisation.objects.none()
    )
    seats = list(selectors.seats(platform))
    seated = {s.organisation_id for s in seats} | {
        s.organisation_id for s in selectors.pending_requests(platform)
    }
    practices, _themes = selectors.practice_search(platform, AnonymousUser())
    return render(
        request,
        "platform_forums/platform_detail.html",
        {
            "platform": platform,
            "seats": seats,
            "sub_commissions": selectors.sub_commissions(platform),
            "opinions": selectors.published_opinions(platform),
            "practices": practices[:PUBLIC_PRACTICES],
            "can_enter": request.user.has_perm("platform_forums.view_members_space", platform),
            "may_ask_for": [o for o in organisations if o.pk not in seated],
        },
    )


@login_required
def members(request: HttpRequest, slug: str) -> HttpResponse:
    """The members' space: forum, pending requests to join (for the pilot)."""
    platform = get_object_or_404(Platform, slug=slug)
    _require(request, "platform_forums.view_members_space", platform)
    sharing = selectors.task_sharing(platform)
    sharing_chart = bar_chart(
        _("Who carries the platform (last twelve months)"),
        [(row["organisation"].name, (row["actions"], row["convocations"], row["minutes"])) for row in sharing],
        series=[_("Actions"), _("Convocations"), _("Minutes")], label_header=_("Organisation"),
    )
    return render(
        request,
        "platform_forums/members.html",
        {
            "platform": platform,
            "seats": selectors.seats(platform),
            "pending": selectors.pending_requests(platform)
            if request.user.has_perm("platform_forums.accept_member", platform)
            else [],
            "forums": platform.forums.filter(sub_commission__isnull=True),
            "meetings": selectors.meetings_of(platform),
            "sharing": sharing,
            "sharing_chart": sharing_chart,
            "is_carried_by_few": carried_by_few(
                {row["organisation"].name: row["total"] for row in sharing}
            ),
            "leads": request.user.has_perm("platform_forums.lead_platform", platform),
            # Staff see the members' space but draft and add only as members.
            "may_draft_opinion": request.user.has_perm("platform_forums.draft_opinion", platform),
            "may_add_practice": request.user.has_perm("platform_forums.add_practice", platform),
            "sub_commissions": selectors.sub_commissions(platform),
            "draft_opinions": selectors.draft_opinions(platform),
            "opinions": selectors.published_opinions(platform),
        },
    )


@login_required
@require_POST
@rate_limited("forums-join", "5/h")
def ask_to_join(request: HttpRequest, slug: str) -> HttpResponse:
    platform = get_object_or_404(Platform, slug=slug)
    organisation = Organisation.objects.filter(pk=request.POST.get("organisation") or 0).first()
    if organisation is None:
        messages.error(request, _("Choose an organisation."))
    else:
        with carried_out(request):
            services.request_to_join(
                acting_user=request.user, platform=platform, organisation=organisation
            )
            messages.success(request, _("Your request is sent to the platform's pilot."))
    return redirect("platform_forums:platform", slug=platform.slug)


@login_required
@require_POST
@rate_limited("forums-accept", "60/h")
def accept(request: HttpRequest, seat_id: int) -> HttpResponse:
    seat = get_object_or_404(
        PlatformMembership.objects.select_related("platform", "organisation"), pk=seat_id
    )
    with carried_out(request):
        services.accept_join_request(acting_user=request.user, seat=seat)
        messages.success(
            request,
            _("%(organisation)s is now a member.") % {"organisation": seat.organisation.name},
        )
    return redirect("platform_forums:platform", slug=seat.platform.slug)


@login_required
def forum_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "platform_forums/forum_list.html", {"forums": selectors.forums_for(request.user)}
    )


@login_required
def forum(request: HttpRequest, slug: str) -> HttpResponse:
    forum = get_object_or_404(
        Forum.objects.select_related("platform", "housing_project"), slug=slug
    )
    _require(request, "platform_forums.read_forum", forum)
    query = request.GET.get("q", "")[:100]
    page, unread = selectors.thread_page(
        forum, request.user, page=request.GET.get("page", 1), query=query
    )
    return render(
        request,
        "platform_forums/forum.html",
        {
            "forum": forum, "page": page, "unread": unread, "query": query,
            # Staff read every forum but write only where they belong (rules.py).
            "can_post": request.user.has_perm("platform_forums.post_in_forum", forum),
        },
    )


@login_required
@rate_limited("forums-post", "30/h")
def new_thread(request: HttpRequest, slug: str) -> HttpResponse:
    forum = get_object_or_404(
        Forum.objects.select_related("platform", "housing_project"), slug=slug
    )
    _require(request, "platform_forums.post_in_forum", forum)
    title, body = request.POST.get("title", ""), request.POST.get("body", "")
    if request.method == "POST":
        with carried_out(request):
            thread = services.start_thread(
                acting_user=request.user,
                forum=forum,
                title=title,
                body=body,
                files=request.FILES.getlist("files"),
            )
            return redirect("platform_forums:thread", thread_id=thread.pk)
    return render(
        request, "platform_forums/new_thread.html", {"forum": forum, "title": title, "body": body}
    )


@login_required
@rate_limited("forums-post", "30/h")
def thread(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = get_object_or_404(
        Thread.objects.select_related("forum__platform", "forum__housing_project"), pk=thread_id
    )
    _require(request, "platform_forums.read_forum", thread.forum)
    body = request.POST.get("body", "")
    if request.method == "POST":
        with carried_out(request):
            post = services.reply(
                acting_user=request.user,
                thread=thread,
                body=body,
                files=request.FILES.getlist("files"),
            )
            page = selectors.post_page(thread, page="last").number
            return redirect(
                reverse("platform_forums:thread", args=[thread.pk]) + f"?page={page}#post-{post.pk}"
            )
    quoted = request.GET.get("quote")
    if quoted and quoted.isdigit() and not body:
        post = (
            Post.objects.filter(thread=thread, pk=int(quoted), is_hidden=False)
            .select_related("author")
            .first()
        )
        if post is not None:
            body = quote_of(post.author.display_name if post.author else "", post.body_html)
    page = selectors.post_page(thread, page=request.GET.get("page", 1))
    services.mark_thread_read(acting_user=request.user, thread=thread)
    return render(
        request,
        "platform_forums/thread.html",
        {
            "thread": thread,
            "forum": thread.forum,
            "page": page,
            "body": body,
            "can_post": request.user.has_perm("platform_forums.post_in_forum", thread.forum)
            and not thread.is_locked,
            "can_moderate": request.user.has_perm("platform_forums.moderate_forum", thread.forum),
            # The flag perm is decided per post; any post of this thread answers for all of them.
            "can_flag": request.user.has_perm("platform_forums.flag_post", Post(thread=thread)),
            "is_last_page": not page.has_next(),
        },
    )


@login_required
@rate_limited("forums-mention", "300/h")
def mention_suggestions(request: HttpRequest, slug: str) -> JsonResponse:
    """The names a writer may mention in this forum, for the message field's
    suggestions: names only, never an e-mail address, and only to those who
    may write here."""
    forum = get_object_or_404(Forum, slug=slug)
    if not request.user.has_perm("platform_forums.post_in_forum", forum):
        return JsonResponse({"error": _("Only the members of this forum may mention its members.")}, status=403)
    names = selectors.mention_suggestions(forum, request.GET.get("q", ""))
    return JsonResponse({"names": names})


@login_required
def post_fragment(request: HttpRequest, post_id: int) -> HttpResponse:
    """One post's HTML, fetched by the live thread page when a reply arrives."""
    post = get_object_or_404(Post.objects.select_related("author", "thread__forum"), pk=post_id)
    _require(request, "platform_forums.read_forum", post.thread.forum)
    return render(
        request,
        "platform_forums/_post.html",
        {
            "post": post,
            "thread": post.thread,
            "can_moderate": request.user.has_perm(
                "platform_forums.moderate_forum", post.thread.forum
            ),
            "can_post": request.user.has_perm("platform_forums.post_in_forum", post.thread.forum)
            and not post.thread.is_locked,
            "can_flag": request.user.has_perm("platform_forums.flag_post", post),
        },
    )


@login_required
def edit(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_object_or_404(Post.objects.select_related("thread__forum", "author"), pk=post_id)
    if not request.user.has_perm("platform_forums.edit_post", post):
        raise PermissionDenied(_("Only the author may edit this message."))
    body = request.POST.get("body", editable_text(post.body_html))
    if request.method == "POST":
        with carried_out(request):
            services.edit_post(acting_user=request.user, post=post, body=body)
            return redirect(
                reverse("platform_forums:thread", args=[post.thread_id]) + f"#post-{post.pk}"
            )
    return render(
        request,
        "platform_forums/edit.html",
        {"post": post, "body": body, "revisions": post.revisions.all()},
    )


@login_required
@require_POST
def flag(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_object_or_404(Post.objects.select_related("thread__forum"), pk=post_id)
    _require(request, "platform_forums.read_forum", post.thread.forum)
    with carried_out(request):
        services.flag_post(
            acting_user=request.user, post=post, reason=request.POST.get("reason", "")
        )
        messages.success(request, _("Thank you: the moderators will look at this message."))
    return redirect(reverse("platform_forums:thread", args=[post.thread_id]) + f"#post-{post.pk}")


@login_required
@require_POST
def moderate_post(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_object_or_404(Post.objects.select_related("thread__forum"), pk=post_id)
    _require(request, "platform_forums.read_forum", post.thread.forum)
    with carried_out(request):
        services.set_post_hidden(
            acting_user=request.user,
            post=post,
            hidden=request.POST.get("action") == "hide",
            reason=request.POST.get("reason", ""),
        )
        messages.success(
            request,
            _("The message is hidden.") if post.is_hidden else _("The message is restored."),
        )
    return redirect(
        request.POST.get("next") == "queue"
        and reverse("platform_forums:moderation")
        or reverse("platform_forums:thread", args=[post.thread_id]) + f"#post-{post.pk}"
    )


@login_required
@require_POST
def moderate_thread(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = get_object_or_404(Thread.objects.select_related("forum"), pk=thread_id)
    _require(request, "platform_forums.read_forum", thread.forum)
    action = request.POST.get("action")
    changes = {
        "lock": {"is_locked": True},
        "unlock": {"is_locked": False},
        "pin": {"is_pinned": True},
        "unpin": {"is_pinned": False},
    }.get(action)
    if changes is None:
        messages.error(request, _("Unknown action."))
    else:
        with carried_out(request):
            services.set_thread_state(acting_user=request.user, thread=thread, **changes)
            messages.success(request, _("The thread is updated."))
    return redirect("platform_forums:thread", thread_id=thread.pk)


@login_required
def moderation(request: HttpRequest) -> HttpResponse:
    flags = selectors.moderation_queue(request.user)
    return render(request, "platform_forums/moderation.html", {"flags": flags})
