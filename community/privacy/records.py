"""Declarations of the community app (people, households, organisations,
notifications, audit), of this app, and of the third-party apps Socle
installs (accounts, MFA, the administration, Wagtail's editorial history)."""

from datetime import timedelta

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext_lazy as _
from socle_site.kernel.models import ImportRun

from community.models import (
    AuditEvent,
    BankAccount,
    Dwelling,
    Household,
    HouseholdChange,
    HouseholdMember,
    HousingProject,
    Invitation,
    MeetingReply,
    Notification,
    NotificationPreference,
    Organisation,
    OrganisationMembership,
    PartnerToken,
    Registration,
    RoleAssignment,
    User,
)

from . import retention_rules as rr
from .models import AccessLog, Consent, DataRequest
from .registry import Category, Hold, LegalBasis, Retention, declare, declare_not_personal

STAFF = _("the staff of the CLT")
PERSON_AND_STAFF = _("the person and the staff of the CLT")
ANONYMISED_PREFIX = "#"


# --- Members --------------------------------------------------------------------
def anonymise_users(rows, user=None) -> int:
    """The account stays (votes, minutes and posts keep pointing at it) but
    says nothing about the person any more."""
    count = 0
    for pk in rows.values_list("pk", flat=True):
        User.objects.filter(pk=pk).update(
            email=f"former-member-{pk}@erased.invalid",
            first_name="",
            last_name="",
            phone="",
            is_active=False,
            is_staff=False,
            is_superuser=False,
            password=make_password(None),
        )
        count += 1
    return count


declare(
    User,
    purpose=_("Give members an account: log in, reach their space, receive notifications in their language; "
              "for a member without e-mail, let the staff keep their details and convene them by post"),
    legal_basis=LegalBasis.CONTRACT,
    categories=[Category.IDENTITY, Category.CONTACT, Category.ACCOUNT],
    visible_to=PERSON_AND_STAFF,
    retention=Retention(_("As long as the account is open; anonymised when the member asks for erasure")),
    subject=["pk"],
    not_exported=["password"],
    on_erasure=anonymise_users,
)


def residence_hold(user, today):
    """Tenants and owners: the lease or ownership plus five years (art. 166/1)."""
    latest = None
    for member in HouseholdMember.objects.filter(user=user, household__housing_project__isnull=False):
        if member.until is None:
            return Hold(_("Residents' data is kept while they live in a CLT home and for five years after (Brussels Housing Code art. 166/1)."), None)
        end = member.until + rr.AFTER_LEAVING
        if end > today and (latest is None or end > latest):
            latest = end
    if latest is not None:
        return Hold(_("Residents' data is kept while they live in a CLT home and for five years after (Brussels Housing Code art. 166/1)."), latest)
    return None


def households_expired(now):
    limit = now - rr.AFTER_LEAVING
    return (
        Household.objects.filter(created_at__lt=limit)
        .exclude(name__startswith=ANONYMISED_PREFIX)
        .exclude(members__until__isnull=True)
        .exclude(members__until__gte=limit.date())
        .exclude(candidacies__status__in=["pending", "active"])
    )


def anonymise_households_alone(rows, user) -> int:
    """On erasure: a household the person lived in alone loses its name and
    address; one shared with others keeps them (they are the others' too)."""
    alone = [h.pk for h in rows if not h.members.exclude(user=user).exists()]
    return anonymise_households(Household.objects.filter(pk__in=alone)) if alone else 0


def anonymise_households(rows) -> int:
    return rows.update(name=Concat(Value(ANONYMISED_PREFIX), Cast("pk", CharField())), address="", postal_code="", municipality="", country="",
                       external_id="", yearly_income="")


declare(
    Household,
    purpose=_("Know who lives together and where they receive letters: apply for a home, own a lot, book rooms, "
              "be convened by post"),
    legal_basis=LegalBasis.PUBLIC_INTEREST,
    # The income comes from the trust's files (the members import, issue 23), encrypted at rest.
    categories=[Category.IDENTITY, Category.CONTACT, Category.HOUSEHOLD, Category.INCOME],
    visible_to=_("the household's members and the staff of the CLT"),
    sensitive_fields=["yearly_income"],
    retention=Retention(
        _("Five years after the last member has left and no candidacy is open; then anonymised"),
        expired=households_expired,
        anonymise=anonymise_households,
    ),
    subject=["members__user"],
    on_erasure=anonymise_households_alone,
    hold=residence_hold,
)
declare(
    HouseholdMember,
    purpose=_("Know who lives together: household composition for rents, candidacies and bookings"),
    legal_basis=LegalBasis.PUBLIC_INTEREST,
    categories=[Category.IDENTITY, Category.HOUSEHOLD],
    visible_to=_("the household's members and the staff of the CLT"),
    retention=Retention(
        _("Five years after the person has left the household (Brussels Housing Code art. 166/1)"),
        expired=rr.rows_older_than(HouseholdMember, "until", rr.AFTER_LEAVING),
    ),
    subject=["user"],
)
declare(
    HouseholdChange,
    purpose=_("Record a death, a separation or a member leaving an owner household, and guide what follows for "
              "its deed, lot, votes and yearly checks"),
    legal_basis=LegalBasis.PUBLIC_INTEREST,
    categories=[Category.IDENTITY, Category.HOUSEHOLD, Category.HOUSING],
    visible_to=_("the staff of the CLT"),
    retention=Retention(
        _("Five years after the change (Brussels Housing Code art. 166/1), as the household's composition"),
        expired=rr.rows_older_than(HouseholdChange, "happened_on", rr.AFTER_LEAVING),
    ),
    subject=["member__user", "recorded_by"],
    on_erasure=rr.keep_rows,
)
declare(
    Organisation,
    purpose=_("Know the organisations in the CLT's governance and platforms, and how to reach them"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=[Category.CONTACT],
    visible_to=_("members of the portal and the staff"),
    retention=Retention(_("As long as the organisation takes part")),
)
declare(
    OrganisationMembership,
    purpose=_("Know who speaks for which organisation"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=[Category.IDENTITY, Category.PARTICIPATION],
    visible_to=_("members of the portal and the staff"),
    retention=Retention(_("As long as the person represents the organisation")),
    subject=["user"],
)
declare(
    RoleAssignment,
    purpose=_("Give each person the access their role needs, and keep the history of who held which role"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=[Category.ACCOUNT, Category.PARTICIPATION],
    visible_to=PERSON_AND_STAFF,
    retention=Retention(
        _("Five years after the role ended"),
        expired=rr.rows_older_than(RoleAssignment, "ended_at", rr.AFTER_LEAVING),
    ),
    subject=["user"],
)
declare(
    Notification,
    purpose=_("Tell members what concerns them, in the portal and by e-mail; e-mail visitors without an account "
              "about the event they registered for"),
    legal_basis=LegalBasis.CONTRACT,
    categories=[Category.PARTICIPATION, Category.TECHNICAL, Category.CONTACT],
    visible_to=_("the person only"),
    retention=Retention(_("One year, then deleted; an e-mail to a visitor without an account after 30 days"),
                        expired=rr.notifications_expired),
    subject=["recipient"],
    not_exported=["attachments"] if "attachments" in {f.name for f in Notification._meta.get_fields()} else [],
)
declare(
    Registration,
    purpose=_("Give places at public events and activities within their capacity, and keep the waiting list; "
              "a visitor without an account is known by the name and e-mail address they give, to confirm, "
              "remind and tell them of a freed seat"),
    legal_basis=LegalBasis.CONTRACT,
    categories=[Category.PARTICIPATION, Category.IDENTITY, Category.CONTACT],
    visible_to=_("the person, the organiser and the staff"),
    retention=Retention(
        _("Two years after the registration, then deleted; a visitor's registration (name, e-mail address) 30 days "
          "after the event, or 48 hours after it was made when it was never confirmed"),
        expired=rr.registrations_expired,
    ),
    subject=["user"],
)
declare(
    MeetingReply,
    purpose=_("Know who plans to come to a meeting (assemblies and platform meetings), in person, online, not, or "
              "with a colleague in their place"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=[Category.PARTICIPATION],
    visible_to=_("the meeting's members and the staff"),
    retention=Retention(
        _("One year after the meeting, then deleted"),
        expired=lambda now: MeetingReply.objects.filter(convocation__starts_at__lt=now - rr.MEETING_REPLIES_KEPT),
    ),
    subject=["user"],
)
declare(
    Invitation,
    purpose=_("Invite members imported from the trust's files to set their password, and let staff follow up "
              "those who never did or whose e-mail failed"),
    legal_basis=LegalBasis.CONTRACT,
    categories=[Category.ACCOUNT, Category.TECHNICAL],
    visible_to=STAFF,
    retention=Retention(_("As long as the account is open")),
    subject=["user"],
)
declare(
    NotificationPreference,
    purpose=_("Send e-mails as often as the member chose"),
    legal_basis=LegalBasis.CONTRACT,
    categories=[Category.ACCOUNT],
    visible_to=_("the person only"),
    retention=Retention(_("As long as the account is open")),
    subject=["user"],
)
def anonymise_audit(rows, user) -> int:
    """The trace stays (who decided what), the person leaves it: as author,
    and as the object's description when the object is their account."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import F
    from django.db.models.functions import Replace

    count = rows.update(actor=None)
    count += AuditEvent.objects.filter(target_type=ContentType.objects.get_for_model(User), target_id=str(user.pk)).update(
        target_repr=""
    )
    # Objects described by the person's name ("Chloe Test – General assembly").
    for name in {str(user), user.email} - {"", None}:
        count += AuditEvent.objects.filter(target_repr__contains=name).update(
            target_repr=Replace(F("target_repr"), Value(name), Value("—"))
        )
    return count


declare(
    AuditEvent,
    purpose=_("Keep a trace of who decided what in the governance of the CLT"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=[Category.PARTICIPATION, Category.TECHNICAL],
    visible_to=STAFF,
    retention=Retention(_("Ten years, then deleted; the author is anonymised on erasure"), expired=rr.rows_older_than(AuditEvent, "created_at", rr.AUDIT_KEPT)),
    subject=["actor"],
    on_erasure=anonymise_audit,
)
declare_not_personal(HousingProject, reason=_("The address is the building's, not a person's."))
declare(
    Dwelling,
    purpose=_("Know which household owns each home of the trust, and since when"),
    legal_basis=LegalBasis.CONTRACT,
    categories=[Category.HOUSING],
    visible_to=_("the household and the staff of the CLT"),
    retention=Retention(rr.OWNER_RULE),
    subject=["owner_household__members__user"],
    on_erasure=rr.keep_rows,
)
declare_not_personal(
    BankAccount, reason=_("An account of a building's association of co-owners or of the trust, not a person's.")
)
# A partner API key belongs to an organisation; the person is the member of
# staff who issued it (as in the audit log). Its calls (ApiCall) name no person.
declare(
    PartnerToken,
    purpose=_("Issue keys of the partner API and know who issued each"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=[Category.TECHNICAL],
    visible_to=STAFF,
    retention=Retention(_("As long as the key exists; the issuer is removed with their account")),
    subject=["created_by"],
)
declare(
    ImportRun,
    purpose=_("Keep the report of each import of data and know which staff member ran it"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=[Category.TECHNICAL],
    visible_to=_("the staff member who ran the import"),
    retention=Retention(_("The uploaded file is deleted once written, refused or expired (two days); the report stays, and who ran it is removed with their account")),
    subject=["created_by"],
    on_erasure=rr.null_out("created_by"),
)


# --- This app -----------------------------------------------------------------
def keep_request_proof(rows, user) -> int:
    """A request stays as proof that it was answered; its contents go."""
    return rows.update(details="", export_json="", export_html="")


declare(
    DataRequest,
    purpose=_("Answer the requests people make about their data, within the legal month"),
    legal_basis=LegalBasis.LEGAL_OBLIGATION,
    categories=[Category.IDENTITY, Category.TECHNICAL],
    visible_to=PERSON_AND_STAFF,
    retention=Retention(
        _("Copies are deleted after thirty days; the request itself is kept five years as proof of the answer"),
        expired=lambda now: DataRequest.objects.filter(handled_at__lt=now - timedelta(days=30)).exclude(export_json=""),
        anonymise=lambda rows: rows.update(export_json="", export_html="", status=DataRequest.Status.DONE),
    ),
    subject=["user"],
    not_exported=["export_json", "export_html"],
    on_erasure=keep_request_proof,
)


def erase_consents(rows, user) -> int:
    from .services import withdraw_consent

    for consent in rows.filter(withdrawn_at__isnull=True):
        withdraw_consent(acting_user=user, consent=consent)
    count, _ = rows.model.objects.filter(pk__in=rows.values("pk")).delete()
    return count


declare(
    Consent,
    purpose=_("Prove which consents a person gave, to which text, and when they withdrew them"),
    legal_basis=LegalBasis.LEGAL_OBLIGATION,
    categories=[Category.IDENTITY, Category.IMAGE],
    visible_to=PERSON_AND_STAFF,
    retention=Retention(_("Five years after the consent was withdrawn"), expired=rr.rows_older_than(Consent, "withdrawn_at", rr.AFTER_LEAVING)),
    subject=["user"],
    on_erasure=erase_consents,
)
declare(
    AccessLog,
    purpose=_("Know who read a person's sensitive data, for the person and for control"),
    legal_basis=LegalBasis.LEGAL_OBLIGATION,
    categories=[Category.TECHNICAL],
    visible_to=PERSON_AND_STAFF,
    retention=Retention(_("Five years, then deleted"), expired=rr.rows_older_than(AccessLog, "at", rr.ACCESS_LOG_KEPT)),
    subject=["subject"],
    on_erasure=rr.keep_rows,
)


# --- Third-party apps ---------------------------------------------------------
def _declare_installed(label: str, **kwargs) -> None:
    try:
        model = apps.get_model(label)
    except LookupError:  # the app is not installed
        return
    declare(model, **kwargs)


_ACCOUNT = dict(
    purpose=_("Log members in safely: e-mail addresses, two-factor authentication, sessions"),
    legal_basis=LegalBasis.CONTRACT,
    categories=[Category.CONTACT, Category.ACCOUNT],
    visible_to=_("the person only"),
    retention=Retention(_("As long as the account is open")),
)
_declare_installed("account.EmailAddress", subject=["user"], **_ACCOUNT)
_declare_installed("mfa.Authenticator", subject=["user"], not_exported=["data"], **_ACCOUNT)
_declare_installed(
    "wagtailusers.UserProfile",
    purpose=_("Editors' preferences in the website editor"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=[Category.ACCOUNT, Category.IMAGE],
    visible_to=STAFF,
    retention=Retention(_("As long as the account is open")),
    subject=["user"],
)


def _admin_log_expired(now):
    from django.contrib.admin.models import LogEntry

    return LogEntry.objects.filter(action_time__lt=now - rr.TECHNICAL_LOGS_KEPT)


_declare_installed(
    "admin.LogEntry",
    purpose=_("Trace the changes staff make in the administration"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=[Category.TECHNICAL],
    visible_to=STAFF,
    retention=Retention(_("One year, then deleted"), expired=_admin_log_expired),
    subject=["user"],
)
_EDITORIAL = dict(
    purpose=_("Keep the history of who wrote, changed and approved the website's pages"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=[Category.PARTICIPATION, Category.TECHNICAL],
    visible_to=STAFF,
    retention=Retention(_("As long as the page exists; the author is anonymised on erasure")),
    public=False,
)


def _editor_link_expired(label: str, field: str, dated_by: str):
    """Revisions and log entries stay (the page's history), the editor's
    link goes after five years (Civil Code art. 2262bis §1)."""

    def expired(now):
        model = apps.get_model(label)
        return model._default_manager.filter(
            **{f"{dated_by}__lt": now - rr.EDITORS_KEPT, f"{field}__isnull": False}
        )

    return expired


def _editor_link_anonymise(field: str):
    return lambda rows: rows.update(**{field: None})


for _label, _field, _dated_by in [
    ("wagtailcore.Revision", "user", "created_at"),
    ("wagtailcore.ModelLogEntry", "user", "timestamp"),
    ("wagtailcore.PageLogEntry", "user", "timestamp"),
    ("wagtailcore.WorkflowState", "requested_by", "created_at"),
    ("wagtailcore.TaskState", "finished_by", "started_at"),
]:
    _declare_installed(
        _label,
        subject=[_field],
        on_erasure=rr.null_out(_field),
        **{
            **_EDITORIAL,
            "retention": Retention(
                _("As long as the page exists; who made each change is removed from the history after five years (Civil Code art. 2262bis), or on erasure"),
                expired=_editor_link_expired(_label, _field, _dated_by),
                anonymise=_editor_link_anonymise(_field),
            ),
        },
    )
for _label, _field in [
    ("wagtaildocs.Document", "uploaded_by_user"),
    ("wagtailimages.Image", "uploaded_by_user"),
    ("wagtailcore.UploadedFile", "uploaded_by_user"),
]:
    _declare_installed(_label, subject=[_field], on_erasure=rr.null_out(_field), **_EDITORIAL)


def _form_answers_expired(now):
    return apps.get_model("wagtailforms.FormSubmission").objects.filter(submit_time__lt=now - rr.FORM_ANSWERS_KEPT)


# No page of the site is a form today; if one is added, what people send
# through it is already covered.
_declare_installed(
    "wagtailforms.FormSubmission",
    purpose=_("Answer what people send through the website's forms"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=[Category.IDENTITY, Category.CONTACT],
    visible_to=_("the editors and the staff"),
    retention=Retention(_("One year, then deleted"), expired=_form_answers_expired),
)
for _label in ["wagtailcore.Comment", "wagtailcore.CommentReply", "wagtailcore.PageSubscription", "wagtailadmin.EditingSession", "wagtailadmin.FormState"]:
    _declare_installed(_label, subject=["user"], **_EDITORIAL)
del _label, _field, _dated_by
try:
    declare_not_personal(apps.get_model("wagtailembeds.Embed"), reason=_("The author of a public video or post embedded in a page."))
except LookupError:
    pass
