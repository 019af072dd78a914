"""Yearly statements of a co-owner's account, as PDF made in the background."""


from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_q.tasks import async_task

from community.models import Household, User
from community.services.notifications import notify

from .. import selectors
from ..errors import CoownershipRefusal
from ..models import (
    Building,
    Statement,
    StoredFile,
)
from ..refusals import refusal
from ._common import _require, _url


@transaction.atomic
def request_statement(*, acting_user: User, building: Building, household: Household, year: int) -> Statement:
    """A statement of the year as PDF, made in the background."""
    _require(acting_user, "coownership.view_own_account", building)
    if household.pk not in selectors.households_of(acting_user):
        raise refusal("coownership.download_statement")
    if not 2000 <= int(year) <= timezone.localdate().year:
        raise CoownershipRefusal(_("Choose a past or current year."))
    statement = Statement.objects.create(
        building=building, household=household, year=year, requested_by=acting_user,
        language=translation.get_language() or acting_user.language,
    )
    transaction.on_commit(lambda: async_task("coownership.tasks.render_statement", statement.pk))
    return statement


def render_statement(statement_id: int) -> None:
    """Render the statement's PDF (called by the django-q2 task) and tell the
    person who asked that it is ready."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    statement = Statement.objects.select_related("building", "household", "requested_by").get(pk=statement_id)
    with translation.override(statement.language):
        context = selectors.statement_data(statement.building, statement.household, statement.year)
        html = render_to_string("coownership/statement_pdf.html", {"statement": statement, **context})
        pdf = HTML(string=html).write_pdf()
    with transaction.atomic():
        stored = StoredFile.objects.create(
            filename=f"statement-{statement.building.slug}-{statement.year}.pdf", content_type="application/pdf",
            size=len(pdf), content=pdf,
        )
        statement.pdf = stored
        statement.status = Statement.Status.READY
        statement.save(update_fields=["pdf", "status"])
        if statement.requested_by:
            notify(
                [statement.requested_by], category="coownership", title=gettext_lazy("Your statement %(year)s is ready"),
                url=_url("coownership:my_account", statement.building.slug), params={"year": statement.year},
            )
