"""The demo's early warning: the staff member is also the support worker,
and the trust's three reviewed letters. The Nsimba household is behind with
its ground-lease fee and left its insurance check unanswered (the
stewardship demo): Socle proposes it; the worker has not decided yet."""

from django.utils import timezone

from community.models import Role, User
from community.services.roles import assign_role

from . import services
from .models import LetterTemplate

LETTERS = [
    ("fr", "Prendre des nouvelles", (
        "Bonjour {household},\n\n"
        "Nous n'avons pas eu de vos nouvelles depuis quelque temps et nous voulions simplement savoir comment vous allez. "
        "Si quelque chose est difficile en ce moment, pour la redevance, les charges ou autre chose, nous pouvons en parler "
        "ensemble, sans engagement : chaque situation a une solution.\n\n"
        "Vous pouvez me répondre ici, m'appeler au 02 840 60 60, ou passer à la permanence du mardi matin.\n\n"
        "Bien à vous,\nL'équipe d'accompagnement du CLT")),
    ("nl", "Even horen hoe het gaat", (
        "Beste {household},\n\n"
        "We hebben al een tijdje niets van u gehoord en willen gewoon weten hoe het met u gaat. "
        "Als iets op dit moment moeilijk is, voor de vergoeding, de lasten of iets anders, kunnen we er samen over praten, "
        "zonder verplichting: voor elke situatie is er een oplossing.\n\n"
        "U kunt mij hier antwoorden, mij bellen op 02 840 60 60, of langskomen op de dinsdagochtend.\n\n"
        "Met vriendelijke groet,\nHet begeleidingsteam van de CLT")),
    ("en", "Checking in", (
        "Dear {household},\n\n"
        "We have not heard from you for a while and simply wanted to know how you are. "
        "If something is hard at the moment, with the fee, the charges or anything else, we can talk about it together, "
        "with no obligation: every situation has a way out.\n\n"
        "You can answer me here, call me on 02 840 60 60, or drop in on Tuesday mornings.\n\n"
        "Kind regards,\nThe CLT's support team")),
]


def load(out) -> None:
    admin = User.objects.get(email="admin@socle.test")
    staff = User.objects.get(email="staff@socle.test")
    if not staff.role_assignments.filter(role=Role.SUPPORT, ended_at__isnull=True).exists():
        assign_role(user=staff, role=Role.SUPPORT, acting_user=admin)
    services.ensure_signal_rules()
    for language, title, body in LETTERS:
        template, created = LetterTemplate.objects.get_or_create(language=language, title=title, defaults={"body": body})
        if created:
            template.reviewed_by, template.reviewed_at = admin, timezone.now()
            template.save(update_fields=["reviewed_by", "reviewed_at"])
    out.write(f"  support: {LetterTemplate.objects.count()} reviewed letters\n")
