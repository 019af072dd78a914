"""What stewardship asks of an owner household now, for the top of My space:
a yearly check to answer (or a document to send again)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from socle_site.kernel.together import Branch

from community.myspace import Need
from community.predicates import current_household_ids, owned_dwelling_ids

from .models import YearlyCheck

LIMIT = 4


def branches(request) -> list:
    owned = owned_dwelling_ids(request.user)
    if not owned:  # decided from the access rows: no query for those who own no home
        return []
    return [Branch(YearlyCheck.objects.filter(dwelling_id__in=owned, household_id__in=current_household_ids(request.user),
                                              status=YearlyCheck.Status.OPEN).order_by("due_on", "pk"),
                   ("kind", "year", "due_on", "review_note", "dwelling_id"), limit=LIMIT)]


def needs(request, rows) -> list[Need]:
    (checks,) = rows
    today = timezone.localdate()
    return [
        Need(title=(_("Send again: %(check)s (%(year)s)") if check.review_note else _("Yearly check: %(check)s (%(year)s)"))
             % {"check": check.get_kind_display(), "year": check.year},
             detail=check.review_note, action=_("Answer"), url=reverse("stewardship:answer_check", args=[check.pk]),
             due=check.due_on, overdue=check.due_on < today)
        for check in checks
    ]
