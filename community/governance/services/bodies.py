"""Who sits in a governance body."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import College, OrganisationMembership, Role, RoleAssignment, User
from community.services.audit import record_audit

from .. import live
from ..errors import GovernanceRefusal
from ..models import Body, BodyMembership

# DOMAIN.md §2: every resident is a member of the general assembly; candidate
# owners sit with them in the residents' college, association partners in
# their organisation's college (civil society when it has none).
GA_ROLES = (Role.RESIDENT, Role.CANDIDATE, Role.ASSOCIATION_PARTNER)


def add_member(*, body: Body, user: User, acting_user: User | None, college: College | None = None,
               weight: int = 1, may_hold_proxies: bool = True) -> BodyMembership:
    """Seat ``user`` in ``body`` from today (or update their open membership)."""
    if weight < 0:
        raise GovernanceRefusal(_("A member's votes cannot be negative."))
    with transaction.atomic():
        existing = BodyMembership.objects.select_for_update().filter(body=body, user=user, active_until__isnull=True).first()
        if existing:
            changed = (existing.college_id, existing.weight, existing.may_hold_proxies) != (
                college.pk if college else None, weight, may_hold_proxies)
            if changed:
                existing.college, existing.weight, existing.may_hold_proxies = college, weight, may_hold_proxies
                existing.save(update_fields=["college", "weight", "may_hold_proxies"])
                record_audit(actor=acting_user, action="governance.membership.changed", target=existing, weight=weight)
                live.body_changed(body.pk)
            return existing
        created = BodyMembership.objects.create(
            body=body, user=user, college=college, weight=weight, may_hold_proxies=may_hold_proxies
        )
        record_audit(actor=acting_user, action="governance.membership.added", target=created, body=body.pk)
        live.body_changed(body.pk)
    return created


def end_membership(*, membership: BodyMembership, acting_user: User | None) -> BodyMembership:
    with transaction.atomic():
        if membership.active_until is None:
            # The last day as a member is yesterday: from today they no longer count.
            membership.active_until = timezone.localdate() - timedelta(days=1)
            membership.save(update_fields=["active_until"])
            record_audit(actor=acting_user, action="governance.membership.ended", target=membership)
            live.body_changed(membership.body_id)
    return membership


def general_assembly_colleges() -> dict[int, int | None]:
    """user id -> college id for everyone who belongs in the general assembly now."""
    colleges = {c.code: c.pk for c in College.objects.filter(code__in=["residents", "civil_society"])}
    wanted: dict[int, int | None] = {}
    assignments = RoleAssignment.objects.filter(ended_at__isnull=True, role__in=GA_ROLES, user__is_active=True).select_related("organisation")
    partner_orgs = dict(
        OrganisationMembership.objects.filter(user__role_assignments__role=Role.ASSOCIATION_PARTNER)
        .exclude(organisation__college__isnull=True)
        .values_list("user_id", "organisation__college_id")
    )
    for assignment in assignments.order_by("role"):
        if assignment.role in (Role.RESIDENT, Role.CANDIDATE):
            wanted[assignment.user_id] = colleges.get("residents")
        elif assignment.user_id not in wanted:
            org_college = assignment.organisation.college_id if assignment.organisation else None
            wanted[assignment.user_id] = org_college or partner_orgs.get(assignment.user_id) or colleges.get("civil_society")
    return wanted


def sync_general_assembly(*, body: Body, acting_user: User | None) -> tuple[int, int]:
    """Make the general assembly's members follow the roles: seat newcomers,
    end the membership of those who no longer hold a qualifying role.
    Idempotent. Returns (added, ended)."""
    if body.kind != Body.Kind.GENERAL_ASSEMBLY:
        raise GovernanceRefusal(_("Only the general assembly follows the members' roles."))
    wanted = general_assembly_colleges()
    added = ended = 0
    with transaction.atomic():
        current = {m.user_id: m for m in BodyMembership.objects.select_for_update().filter(body=body, active_until__isnull=True)}
        colleges = College.objects.in_bulk(set(filter(None, wanted.values())))
        for user_id, college_id in wanted.items():
            membership = current.get(user_id)
            if membership is None:
                BodyMembership.objects.create(body=body, user_id=user_id, college_id=college_id)
                added += 1
            elif membership.college_id != college_id:
                membership.college = colleges.get(college_id)
                membership.save(update_fields=["college"])
        gone = [m for user_id, m in current.items() if user_id not in wanted]
        if gone:
            BodyMembership.objects.filter(pk__in=[m.pk for m in gone]).update(
                active_until=timezone.localdate() - timedelta(days=1)
            )
            ended = len(gone)
        if added or ended:
            record_audit(actor=acting_user, action="governance.membership.synced", target=body, added=added, ended=ended)
            live.body_changed(body.pk)
    return added, ended

