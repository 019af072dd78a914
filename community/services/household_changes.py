"""A household change, recorded by the staff (issue 25): the base does its
part at once (the member leaves the household; their proxies for meetings to
come end; a death closes the account and ends the roles; leaving ends the
resident's and co-owner's roles), and lists the steps the features
registered (community.household_changes) for the staff to go through, each
done with a note. Refusals are CommunityRefusal-like, translated, nothing changed."""

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from socle_site.kernel.refusals import Refusal

from community import household_changes
from community.models import Household, HouseholdChange, HouseholdMember, Role, RoleAssignment, User
from community.services.audit import record_audit
from community.services.roles import end_role

# The roles a member holds because they live in the home (CLT Brussels: every resident is in the General Assembly).
LIVING_THERE = (Role.RESIDENT, Role.COOWNER)


class HouseholdChangeRefusal(Refusal):
    pass


def _require_staff(user: User) -> None:
    if not user.has_perm("community.manage_people"):
        raise HouseholdChangeRefusal(_("Only the trust's staff record household changes."))


def _withdraw_proxies(user: User | None, now) -> int:
    """Proxies given or held by the person for meetings still to come end now;
    those of meetings held stay as they were (the votes stay as cast)."""
    if user is None:
        return 0
    from community.governance.models import Proxy

    return Proxy.objects.filter(Q(principal=user) | Q(holder=user), withdrawn_at__isnull=True,
                                meeting__starts_at__gt=now).update(withdrawn_at=now)


def record_change(*, acting_user: User, household: Household, member: HouseholdMember, kind: str,
                  happened_on: date, note: str = "") -> HouseholdChange:
    _require_staff(acting_user)
    if kind not in HouseholdChange.Kind.values:
        raise HouseholdChangeRefusal(_("Choose what happened."))
    if happened_on > timezone.localdate():
        raise HouseholdChangeRefusal(_("The date cannot be in the future: record the change once it happened."))
    now = timezone.now()
    try:
        with transaction.atomic():
            # The household's row first: two changes recorded at once for its last two members see
            # each other (who is left is read under this lock).
            Household.objects.select_for_update().get(pk=household.pk)
            member = HouseholdMember.objects.select_for_update(of=("self",)).select_related("user").get(pk=member.pk)
            if member.household_id != household.pk or member.until is not None:
                raise HouseholdChangeRefusal(_("This person is no longer a member of this household: reload the page."))
            if happened_on < member.since:
                raise HouseholdChangeRefusal(_("The date cannot be before the person joined the household."))
            member.until = happened_on
            member.save(update_fields=["until"])
            user = member.user
            if user is not None and user.is_superuser and not acting_user.is_superuser:
                raise HouseholdChangeRefusal(_("Only an administrator records a change about an administrator's account."))
            proxies = _withdraw_proxies(user, now)
            roles = 0
            if user is not None:
                ending = RoleAssignment.objects.filter(user=user, ended_at__isnull=True)
                if kind != HouseholdChange.Kind.DEATH:
                    ending = ending.filter(role__in=LIVING_THERE)
                for assignment in ending:
                    end_role(assignment=assignment, acting_user=acting_user, ended_at=now)
                    roles += 1
                if kind == HouseholdChange.Kind.DEATH:
                    user.is_active = False
                    user.save(update_fields=["is_active"])
            change = HouseholdChange(household=household, member=member, kind=kind, happened_on=happened_on,
                                     note=(note or "").strip()[:2000], recorded_by=acting_user, recorded_at=now,
                                     household_left_empty=not household.members.filter(until__isnull=True).exists())
            facts = {"proxies": proxies, "roles": roles}
            change.steps = [
                {"key": s.key, "done_at": now.isoformat() if s.automatic else None, "done_by": None, "note": "",
                 "facts": facts if s.automatic else {}}
                for s in household_changes.steps() if s.applies(change)
            ]
            change.save()
    except IntegrityError:
        raise HouseholdChangeRefusal(_("This change is already recorded.")) from None
    record_audit(actor=acting_user, action="community.household_change", target=household, kind=kind,
                 member=member.pk, proxies_withdrawn=proxies, roles_ended=roles)
    return change


@transaction.atomic
def mark_step_done(*, acting_user: User, change: HouseholdChange, key: str, note: str = "") -> HouseholdChange:
    _require_staff(acting_user)
    change = HouseholdChange.objects.select_for_update().get(pk=change.pk)
    entry = next((s for s in change.steps if s["key"] == key), None)
    if entry is None:
        raise HouseholdChangeRefusal(_("This step is not part of this change."))
    if entry["done_at"]:
        raise HouseholdChangeRefusal(_("This step is already done."))
    now = timezone.now()
    entry.update(done_at=now.isoformat(), done_by=acting_user.get_full_name() or acting_user.email,
                 note=(note or "").strip()[:500])
    if all(s["done_at"] for s in change.steps):
        change.completed_at = now
    change.save(update_fields=["steps", "completed_at"])
    record_audit(actor=acting_user, action="community.household_change_step", target=change, step=key)
    return change
