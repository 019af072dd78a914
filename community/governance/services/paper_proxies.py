"""Signed paper proxies: a member without e-mail or smartphone signs a proxy
on paper; staff or a secretary records it with its scan. The same rules and
limits as a proxy given online (``meetings.store_proxy``)."""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from socle_site.kernel.uploads import DOCUMENTS, check_upload

from community.models import User

from ..errors import GovernanceRefusal
from ..models import Meeting, Proxy
from .meetings import store_proxy

SCAN_MAX_SIZE = 5 * 1024 * 1024


def record_paper_proxy(*, meeting: Meeting, principal: User, holder: User, scan, signed_on: date,
                       acting_user: User) -> Proxy:
    """Record the signed paper proxy of ``principal`` to ``holder``, with its
    scan (PDF, PNG or JPEG, checked from its bytes by the kernel). Refused with
    a translated message, nothing stored, when the acting user is neither staff
    nor a secretary, the scan is not a document, or the proxy breaks the body's rules."""
    if not acting_user.has_perm("governance.record_paper_proxy", meeting):
        raise GovernanceRefusal(_("Only staff or a secretary record a paper proxy."))
    if signed_on is None:
        raise GovernanceRefusal(_("Enter the date the proxy was signed."))
    if signed_on > timezone.localdate():
        raise GovernanceRefusal(_("A proxy cannot be signed on a day still to come."))
    checked = check_upload(scan, allowed=DOCUMENTS, max_size=SCAN_MAX_SIZE)
    scan.seek(0)
    content = scan.read()
    return store_proxy(meeting=meeting, principal=principal, holder=holder, acting_user=acting_user, paper={
        "recorded_by": acting_user, "signed_on": signed_on, "scan": content, "scan_type": checked.content_type,
    })
