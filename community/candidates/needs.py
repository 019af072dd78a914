"""What the register asks of a candidate household now, for the top of My
space: a home offered to answer, a document to send again, the yearly
renewal coming, a candidacy still waiting for its documents."""

from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from socle_site.kernel.together import Branch

from community.myspace import Need

from .models import Application, Offer, SupportingDocument

LIMIT = 5
# The renewal shows a month ahead, as the reminder e-mail does (send_renewal_reminders).
RENEWAL_NOTICE_DAYS = 30


def _mine(user):
    return Application.objects.filter(household__members__user=user, household__members__until__isnull=True)


def branches(request) -> list:
    user = request.user
    today = timezone.localdate()
    open_candidacies = _mine(user).filter(status__in=[Application.Status.PENDING, Application.Status.ACTIVE])
    return [
        Branch(Offer.objects.filter(application__in=open_candidacies, status=Offer.Status.PROPOSED)
               .order_by("answer_by", "pk"), ("answer_by", "home__label", "home__housing_project__name"), limit=LIMIT),
        Branch(SupportingDocument.objects.filter(person__application__in=open_candidacies,
                                                 status=SupportingDocument.Status.REJECTED)
               .exclude(Exists(SupportingDocument.objects.filter(
                   person=OuterRef("person"), kind=OuterRef("kind"), uploaded_at__gt=OuterRef("uploaded_at"))))
               .order_by("uploaded_at", "pk"), ("kind", "review_note"), limit=LIMIT),
        Branch(open_candidacies.filter(status=Application.Status.ACTIVE,
                                       renew_by__lte=today + timedelta(days=RENEWAL_NOTICE_DAYS)).order_by("pk"),
               ("renew_by",), limit=1),
        Branch(open_candidacies.filter(status=Application.Status.PENDING)
               .exclude(Exists(SupportingDocument.objects.filter(person__application=OuterRef("pk")))).order_by("pk"),
               ("status",), limit=1),
    ]


def needs(request, rows) -> list[Need]:
    offers, rejected, renewals, without_documents = rows
    candidacy_url = reverse("candidates:my_candidacy")
    result = [
        Need(title=_("A home is offered to you: %(home)s") % {"home": f"{offer.home.housing_project.name} – {offer.home.label}"},
             action=_("Answer the offer"), url=f"{candidacy_url}#offer-{offer.pk}", due=offer.answer_by)
        for offer in offers
    ]
    result += [
        Need(title=_("Send again: %(document)s") % {"document": document.get_kind_display()},
             detail=document.review_note, action=_("Send the document"),
             url=f"{candidacy_url}#documents-title")
        for document in rejected
    ]
    result += [
        Need(title=_("Renew your candidacy"), action=_("Renew"), url=reverse("candidates:renew"),
             due=application.renew_by, overdue=application.renew_by < timezone.localdate())
        for application in renewals
    ]
    result += [
        Need(title=_("Send the documents your candidacy needs"), action=_("Send the documents"),
             url=f"{candidacy_url}#documents-title")
        for application in without_documents
    ]
    return result
