"""Demo: Fatima's newsletter consent, a correction request waiting in the
staff queue, and a reading of her file in the access log (her consent to her
published testimonial is the public site's, in socle_site.demo). Through the
services; safe to run twice."""

from community.models import User

from . import services
from .models import AccessLog, Consent, DataRequest


def load(out) -> None:
    resident = User.objects.filter(email="resident@socle.test").first()
    staff = User.objects.filter(email="staff@socle.test").first()
    if resident is None or staff is None:
        return
    if not Consent.objects.filter(user=resident, purpose="newsletter").exists():
        services.give_consent(acting_user=resident, user=resident, purpose="newsletter")
    if not DataRequest.objects.filter(user=resident, kind=DataRequest.Kind.CORRECTION).exists():
        services.request_correction(
            acting_user=resident, details="Mon numéro de téléphone a changé : 0470 11 22 33 (et non 0470 12 34 56)."
        )
    if not AccessLog.objects.filter(subject=resident).exists():
        services.log_access(viewer=staff, subject=resident, what="Composition du ménage consultée pour la révision du loyer")
    out.write("\n  personal data: consents, a correction request, an access log entry")
