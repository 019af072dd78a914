"""Thin views of sub-commissions, opinions, the catalogue of good practices
and forum attachments: parse, ask the perm, call one service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from socle_site.kernel.ratelimit import rate_limited
from socle_site.kernel.refusals import carried_out

from . import opinions, selectors, sub_commissions
from .models import (
    Meeting,
    Opinion,
    OpinionFollowUp,
    Platform,
    PostAttachment,
    Practice,
    SubCommission,
)
from .text import editable_text


def _date(value: str):
    """A date from a form, or None when missing or impossible (e.g. 30 February)."""
    try:
        return parse_date(value or "")
    except ValueError:
        return None


def _members_only(request: HttpRequest, platform: Platform) -> None:
    if not request.user.has_perm("platform_forums.view_members_space", platform):
        raise PermissionDenied(_("This space is for its members only."))


# --- Sub-commissions ---------------------------------------------------------


@login_required
def sub_commission(request: HttpRequest, slug: str, sub_slug: str) -> HttpResponse:
    platform = get_object_or_404(Platform, slug=slug)
    _members_only(request, platform)
    try:
        sub = selectors.sub_commission_detail(platform, sub_slug)
    except SubCommission.DoesNotExist as missing:
        raise Http404 from missing
    return render(
        request,
        "platform_forums/sub_commission.html",
        {
            "platform": platform,
            "sub": sub,
            "meetings": sub.meetings.all(),
            "is_member": request.user.has_perm(
                "platform_forums.take_part_in_sub_commission", sub
            ),
            "may_join": request.user.has_perm("platform_forums.join_sub_commission", platform),
            "leads": request.user.has_perm("platform_forums.lead_sub_commission", sub),
            "can_read_forum": request.user.has_perm("platform_forums.read_forum", sub.forum),
        },
    )


@login_required
@require_POST
def create_sub_commission(request: HttpRequest, slug: str) -> HttpResponse:
    platform = get_object_or_404(Platform, slug=slug)
    _members_only(request, platform)
    sub = None
    with carried_out(request, _("The sub-commission is created.")):
        sub = sub_commissions.create_sub_commission(
            acting_user=request.user,
            platform=platform,
            name=request.POST.get("name", ""),
            purpose=request.POST.get("purpose", "")[:2000],
            coordinator=request.user,
        )
    if sub is not None:
        return redirect("platform_forums:sub_commission", slug=platform.slug, sub_slug=sub.slug)
    return redirect("platform_forums:members", slug=platform.slug)


@login_required
@require_POST
def join_or_leave(request: HttpRequest, slug: str, sub_slug: str) -> HttpResponse:
    platform = get_object_or_404(Platform, slug=slug)
    _members_only(request, platform)
    sub = get_object_or_404(SubCommission, platform=platform, slug=sub_slug)
    if request.POST.get("action") == "leave":
        with carried_out(request, _("You have left the sub-commission.")):
            sub_commissions.leave_sub_commission(acting_user=request.user, sub_commission=sub)
    else:
        with carried_out(request, _("You are now a member of the sub-commission.")):
            sub_commissions.join_sub_commission(acting_user=request.user, sub_commission=sub)
    return redirect("platform_forums:sub_commission", slug=platform.slug, sub_slug=sub.slug)


# --- Opinions ----------------------------------------------------------------


def _opinion(opinion_id: int) -> Opinion:
    try:
        return selectors.opinion_detail(opinion_id)
    except Opinion.DoesNotExist as missing:
        raise Http404 from missing


def opinion(request: HttpRequest, opinion_id: int) -> HttpResponse:
    """A published opinion is public; a draft is for the platform's members."""
    opinion = _opinion(opinion_id)
    is_reader = request.user.has_perm("platform_forums.read_opinion_draft", opinion)
    if not opinion.is_published and not is_reader:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied(_("This space is for its members only."))
    leads = request.user.has_perm("platform_forums.lead_platform", opinion.platform)
    return render(
        request,
        "platform_forums/opinion.html",
        {
            "opinion": opinion,
            "platform": opinion.platform,
            "is_reader": is_reader,
            "can_edit": request.user.has_perm("platform_forums.edit_opinion", opinion),
            "can_comment": request.user.has_perm("platform_forums.comment_opinion", opinion),
            "can_approve": request.user.has_perm("platform_forums.approve_opinion", opinion),
            "can_follow_up": request.user.has_perm("platform_forums.follow_up_opinion", opinion),
            "meetings_with_minutes": opinion.platform.meetings.filter(
                minutes_recorded_at__isnull=False
            )
            if leads
            else [],
            "follow_up_kinds": OpinionFollowUp.Kind.choices,
            "opinion_data": {
                "title": opinion.title,
                "addressee": opinion.addressee,
                "text": editable_text(opinion.body_html),
            },
        },
    )


@login_required
@rate_limited("forums-opinion", "10/h")
def new_opinion(request: HttpRequest, slug: str) -> HttpResponse:
    platform = get_object_or_404(Platform, slug=slug)
    if not request.user.has_perm("platform_forums.draft_opinion", platform):
        raise PermissionDenied(_("This space is for its members only."))
    data = request.POST
    if request.method == "POST":
        created = None
        with carried_out(request, _("The draft is saved; the members are told.")):
            created = opinions.draft_opinion(
                acting_user=request.user,
                platform=platform,
                title=data.get("title", ""),
                addressee=data.get("addressee", ""),
                text=data.get("text", ""),
            )
        if created is not None:
            return redirect("platform_forums:opinion", opinion_id=created.pk)
    return render(
        request, "platform_forums/opinion_form.html", {"platform": platform, "data": data}
    )


@login_required
@require_POST
def revise_opinion(request: HttpRequest, opinion_id: int) -> HttpResponse:
    opinion = _opinion(opinion_id)
    _members_only(request, opinion.platform)
    with carried_out(request, _("The new version of the draft is saved.")):
        opinions.revise_opinion(
            acting_user=request.user,
            opinion=opinion,
            title=request.POST.get("title", ""),
            addressee=request.POST.get("addressee", ""),
            text=request.POST.get("text", ""),
        )
    return redirect("platform_forums:opinion", opinion_id=opinion.pk)


@login_required
@require_POST
@rate_limited("forums-opinion-comment", "30/h")
def comment_opinion(request: HttpRequest, opinion_id: int) -> HttpResponse:
    opinion = _opinion(opinion_id)
    _members_only(request, opinion.platform)
    with carried_out(request, _("Your comment is added.")):
        opinions.comment_opinion(
            acting_user=request.user, opinion=opinion, text=request.POST.get("text", "")
        )
    return redirect("platform_forums:opinion", opinion_id=opinion.pk)


@login_required
@require_POST
@rate_limited("forums-opinion-approve", "20/h")
def approve_opinion(request: HttpRequest, opinion_id: int) -> HttpResponse:
    opinion = _opinion(opinion_id)
    _members_only(request, opinion.platform)
    meeting_id = request.POST.get("meeting", "")
    meeting = (
        Meeting.objects.filter(pk=int(meeting_id)).first() if meeting_id.isdigit() else None
    )
    if meeting_id and meeting is None:
        messages.error(request, _("Cite a meeting of this platform whose minutes are recorded."))
    else:
        with carried_out(request, _("The opinion is approved and published on the platform's page.")):
            opinions.approve_opinion(
                acting_user=request.user,
                opinion=opinion,
                sent_on=_date(request.POST.get("sent_on", "")),
                meeting=meeting,
            )
    return redirect("platform_forums:opinion", opinion_id=opinion.pk)


@login_required
@require_POST
def follow_up_opinion(request: HttpRequest, opinion_id: int) -> HttpResponse:
    opinion = _opinion(opinion_id)
    _members_only(request, opinion.platform)
    with carried_out(request, _("The follow-up is recorded.")):
        opinions.record_follow_up(
            acting_user=request.user,
            opinion=opinion,
            kind=request.POST.get("kind", ""),
            happened_on=_date(request.POST.get("happened_on", "")),
            note=request.POST.get("note", ""),
        )
    return redirect("platform_forums:opinion", opinion_id=opinion.pk)


# --- The catalogue of good practices and innovative projects ------------------


def practices(request: HttpRequest, slug: str) -> HttpResponse:
    """Public: the public part; the platform's members see everything."""
    platform = get_object_or_404(Platform, slug=slug)
    theme = request.GET.get("theme", "")[:100]
    query = request.GET.get("q", "")[:100]
    found, themes = selectors.practice_search(platform, request.user, theme=theme, query=query)
    return render(
        request,
        "platform_forums/practices.html",
        {
            "platform": platform,
            "practices": found,
            "themes": themes,
            "theme": theme,
            "query": query,
            "can_add": request.user.has_perm("platform_forums.add_practice", platform),
        },
    )


def practice(request: HttpRequest, practice_id: int) -> HttpResponse:
    practice = get_object_or_404(Practice.objects.select_related("platform"), pk=practice_id)
    if not request.user.has_perm("platform_forums.view_practice", practice):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied(_("This space is for its members only."))
    return render(
        request,
        "platform_forums/practice.html",
        {
            "practice": practice,
            "platform": practice.platform,
            "can_edit": request.user.has_perm("platform_forums.edit_practice", practice),
        },
    )


def _practice_fields(data) -> dict:
    return {
        "kind": data.get("kind", ""),
        "title": data.get("title", ""),
        "theme": data.get("theme", ""),
        "summary": data.get("summary", ""),
        "text": data.get("text", ""),
        "place": data.get("place", ""),
        "is_public": data.get("is_public") == "1",
    }


@login_required
def new_practice(request: HttpRequest, slug: str) -> HttpResponse:
    platform = get_object_or_404(Platform, slug=slug)
    if not request.user.has_perm("platform_forums.add_practice", platform):
        raise PermissionDenied(_("This space is for its members only."))
    data = request.POST
    if request.method == "POST":
        added = None
        with carried_out(request, _("It is in the catalogue.")):
            added = opinions.add_practice(
                acting_user=request.user, platform=platform, **_practice_fields(data)
            )
        if added is not None:
            return redirect("platform_forums:practice", practice_id=added.pk)
    return render(
        request,
        "platform_forums/practice_form.html",
        {"platform": platform, "data": data, "kinds": Practice.Kind.choices},
    )


@login_required
def edit_practice(request: HttpRequest, practice_id: int) -> HttpResponse:
    practice = get_object_or_404(Practice.objects.select_related("platform"), pk=practice_id)
    if not request.user.has_perm("platform_forums.edit_practice", practice):
        raise PermissionDenied(
            _("Only who added it, or the platform's pilot or secretariat, may change it.")
        )
    if request.method == "POST":
        data = request.POST
        updated = None
        with carried_out(request, _("The catalogue entry is updated.")):
            updated = opinions.update_practice(
                acting_user=request.user, practice=practice, **_practice_fields(data)
            )
        if updated is not None:
            return redirect("platform_forums:practice", practice_id=practice.pk)
    else:
        data = {
            "kind": practice.kind,
            "title": practice.title,
            "theme": practice.theme,
            "summary": practice.summary,
            "text": editable_text(practice.body_html),
            "place": practice.place,
            "is_public": "1" if practice.is_public else "",
        }
    return render(
        request,
        "platform_forums/practice_form.html",
        {
            "platform": practice.platform,
            "practice": practice,
            "data": data,
            "kinds": Practice.Kind.choices,
        },
    )


# --- Forum attachments ---------------------------------------------------------


@login_required
def attachment(request: HttpRequest, attachment_id: int) -> FileResponse:
    """Served only here, after the forum's permission check, always as a
    download with the type read from the file's first bytes."""
    attachment = get_object_or_404(
        PostAttachment.objects.select_related("post__thread__forum"), pk=attachment_id
    )
    if not request.user.has_perm("platform_forums.download_attachment", attachment):
        if attachment.post.is_hidden and request.user.has_perm("platform_forums.read_forum", attachment.post.thread.forum):
            raise PermissionDenied(_("The moderators hid this message: its files are only for them."))
        raise PermissionDenied(_("This space is for its members only."))
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    return FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.filename,
        content_type=attachment.content_type,
    )
