"""Demo co-ownership: the Arc-en-Ciel building in Molenbeek, built through the
services. Deterministic (dates are fixed relative to the year the demo is
loaded) and safe to run twice: nothing is created if the building exists."""

import struct
import zlib
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify

from community.demo import DELIVERED, story_moment
from community.governance.services import meetings as meeting_services
from community.governance.services import voting
from community.models import Household, HouseholdMember, HousingProject, User
from community.services.audit import dated
from community.services.dwellings import move_household, move_in

from . import meetings, services
from .models import Building, BuildingDocument, BuildingRole, DistributionKey, Lot

SLUG = "arc-en-ciel"

# (reference, kind, shares, description): 1000 shares in all (art. 3.85 §1).
LOTS = (
    [(f"A{n}", Lot.Kind.FLAT, 60, f"Cage A, étage {n - 1}") for n in range(1, 7)]
    + [(f"B{n}", Lot.Kind.FLAT, 70, f"Cage B, étage {n - 1}") for n in range(1, 7)]
    + [("C1", Lot.Kind.SHOP, 80, "Rez-de-chaussée, épicerie solidaire"), ("S1", Lot.Kind.COMMUNITY, 60, "Salle commune")]
    + [(f"P{n}", Lot.Kind.PARKING, 10, "") for n in range(1, 5)]
    + [(f"K{n}", Lot.Kind.CELLAR, 10, "") for n in range(1, 5)]
)

# household name → lots; households that exist in the community demo are reused.
OWNERS = {
    "Famille El Amrani": ["A3", "K3"],
    "Ménage Nsimba": ["A5"],
    "Famille Peeters": ["B2", "P1", "K1"],
    "Ménage Ouali": ["A1"],
    "Famille Haddad": ["A2", "P2"],
    "Ménage Traoré": ["A4"],
    "Famille De Smet": ["A6"],  # sold to the Mertens family (RESALE below)
    "Famille Van den Berg": ["B1", "K2"],
    "Ménage Yilmaz": ["B3"],
    "Famille Rossi": ["B4", "P3"],
    "Ménage Lopes": ["B5"],
    "Famille Dubois": ["B6", "P4", "K4"],
    "Épicerie solidaire Arc-en-Ciel": ["C1"],
    "Community Land Trust Bruxelles": ["S1"],
}

# (name, yearly budget in euros) by key; the reserve fund on the general key.
BUDGET = {"general": Decimal("24000"), "lift": Decimal("3600"), "water": Decimal("4800")}
RESERVE = Decimal("1600")

# (month, day, key, supplier, description, euros) repeated each year.
EXPENSES = [
    (1, 20, "general", "Assurances Solidaris", "Assurance incendie de l'immeuble", "6240.00"),
    (2, 10, "general", "Nettoyage Net & Clair", "Nettoyage des communs, 1er trimestre", "1890.00"),
    (3, 5, "lift", "Ascenseurs Kone", "Entretien de l'ascenseur, cage A", "812.40"),
    (3, 28, "water", "Vivaqua", "Eau froide, relevé de mars", "1233.17"),
    (5, 12, "general", "Nettoyage Net & Clair", "Nettoyage des communs, 2e trimestre", "1890.00"),
    (6, 16, "general", "Sibelga", "Électricité des communs", "1412.55"),
    (8, 8, "general", "Nettoyage Net & Clair", "Nettoyage des communs, 3e trimestre", "1890.00"),
    (9, 3, "lift", "Ascenseurs Kone", "Entretien de l'ascenseur, cage A", "812.40"),
    (9, 30, "water", "Vivaqua", "Eau froide, relevé de septembre", "1187.93"),
    (11, 14, "general", "Nettoyage Net & Clair", "Nettoyage des communs, 4e trimestre", "1890.00"),
    (12, 1, "general", "Jardins de Molenbeek", "Entretien du jardin partagé", "640.00"),
]

# The suppliers' accounts (valid Belgian IBANs, checksums and bank codes, of no real
# supplier), so the "Pay suppliers" page has expenses to put in a pain.001 file.
SUPPLIER_IBANS = {
    "Assurances Solidaris": "BE35 3101 2345 6737",
    "Nettoyage Net & Clair": "BE19 3634 4556 6712",
    "Ascenseurs Kone": "BE40 0017 7889 9063",
    "Vivaqua": "BE22 0682 2334 4547",
    "Sibelga": "BE42 7345 5667 7854",
    "Jardins de Molenbeek": "BE79 0910 1122 3333",
}

# Cold-water meter readings (m³) of the flats: last year's (the key's weights) and the year before's.
WATER = {"A1": 48, "A2": 61, "A3": 97, "A4": 55, "A5": 72, "A6": 40, "B1": 83, "B2": 66, "B3": 51, "B4": 90,
         "B5": 77, "B6": 58}
WATER_YEAR_BEFORE = {"A1": 52, "A2": 58, "A3": 101, "A4": 49, "A5": 70, "A6": 44, "B1": 80, "B2": 71, "B3": 47,
                     "B4": 93, "B5": 75, "B6": 61}


def tiny_png(rgb: tuple[int, int, int] = (200, 80, 40), size: int = 16) -> bytes:
    """A small plain-colour PNG, for demo photos."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" + bytes(rgb) * size
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(row * size))
        + chunk(b"IEND", b"")
    )


def tiny_pdf(text: str) -> bytes:
    """A one-page PDF with one line of text, for demo documents."""
    safe = text.encode("latin-1", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    stream = b"BT /F1 14 Tf 60 760 Td (" + safe + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


# A6 changes hands on 1 July last year: the De Smet family sells it to the
# Mertens family and moves out of the project (to this address).
RESALE = ("A6", "Famille Mertens", ("Rue de Fiennes 18", "1070", "Anderlecht"))
# Owners of a lot that is not a home: they do not live in the project.
NOT_RESIDENTS = {"Épicerie solidaire Arc-en-Ciel", "Community Land Trust Bruxelles"}


def _household(name: str, since: date) -> Household:
    household = Household.objects.filter(name=name).first()
    if household is None:
        household = Household.objects.create(name=name)
        # Every co-owner has an account, so the chair can check them in and they
        # can vote in the co-owners' meeting (a seat needs a person).
        user = User.objects.create_user(
            email=f"{slugify(name)}@socle.test", password=None, first_name=name, language="fr"
        )
        HouseholdMember.objects.create(household=household, user=user, full_name=name, since=since)
    return household


def _settle(household: Household, lots: list[Lot], *, resident: bool) -> None:
    """A household that owns a flat lives in it: its address is the flat's
    dwelling's; one that owns only a shop or a room does not live there."""
    flats = [lot for lot in lots if lot.dwelling_id]
    if resident and flats:
        move_in(household=household, dwelling=flats[0].dwelling)


@transaction.atomic
def load(out) -> None:
    if Building.objects.filter(slug=SLUG).exists():
        out.write("Co-ownership: the Arc-en-Ciel building is already there.")
        return
    project = HousingProject.objects.filter(slug="molenbeek-arc-en-ciel").first()
    admin = User.objects.filter(email="admin@socle.test").first()
    committee = User.objects.filter(email="resident@socle.test").first()
    syndic = User.objects.filter(email="staff@socle.test").first()
    if project is None or admin is None or committee is None or syndic is None:
        out.write("Co-ownership: the community demo is missing; nothing loaded.")
        return
    today = timezone.localdate()
    this_year, last_year = today.year, today.year - 1
    # The annual meeting comes back each year in the same fortnight (art. 3.87 §1):
    # this year's is convened for three weeks from now, last year's was held a year before.
    annual_day = today + timedelta(days=20)
    held_on = annual_day.replace(year=annual_day.year - 1, day=min(annual_day.day, 28 if annual_day.month == 2 else 31))
    first_day = DELIVERED[project.slug]
    # Each step's audit rows carry the day the story says it happened (dated).
    with translation.override("fr"), dated(story_moment(first_day, 10)):
        building = services.create_building(
            acting_user=admin, housing_project=project, name="Arc-en-Ciel", slug=SLUG,
            address="Rue Vandenpeereboom 12, 1080 Molenbeek-Saint-Jean", total_shares=1000,
            lots=[{"reference": r, "kind": k, "shares": s, "description": d} for r, k, s, d in LOTS],
        )
        services.assign_building_role(acting_user=admin, building=building, user=committee, kind=BuildingRole.Kind.COMMITTEE)
        services.assign_building_role(acting_user=admin, building=building, user=syndic, kind=BuildingRole.Kind.SYNDIC)
        BuildingRole.objects.filter(building=building).update(starts_on=date(last_year - 1, 1, 1))
        syndic = User.objects.get(pk=syndic.pk)  # fresh: permissions are cached per object
        # The association's account (a fictitious Belfius IBAN with a valid checksum): co-owners see it
        # with their structured communication and the payment QR code.
        services.set_bank_account(acting_user=syndic, building=building, iban="BE71 0961 2345 6769",
                                  account_name="ACP Arc-en-Ciel")
        # Art. 3.89 §5: the reserve fund on its own account (fictitious, valid checksum).
        services.set_bank_account(acting_user=syndic, building=building, iban="BE57 0960 0001 1135",
                                  account_name="ACP Arc-en-Ciel", fund="reserve")
        lots = {lot.reference: lot for lot in building.lots.all()}
        # The first owners got their keys the day the project was delivered, and
        # live in their flat (its address is the dwelling's).
        for name, references in OWNERS.items():
            household = _household(name, first_day)
            for reference in references:
                services.transfer_lot(acting_user=syndic, lot=lots[reference], household=household, on_date=first_day)
            _settle(household, [lots[reference] for reference in references], resident=name not in NOT_RESIDENTS)
        reference, buyer, (address, postal_code, municipality) = RESALE
        sold_on = date(last_year, 7, 1)
        seller = lots[reference].ownerships.get(ends_on__isnull=True).household
        with dated(story_moment(sold_on)):
            services.transfer_lot(acting_user=syndic, lot=lots[reference], household=_household(buyer, sold_on), on_date=sold_on)
        _settle(Household.objects.get(name=buyer), [lots[reference]], resident=True)
        move_household(household=seller, address=address, postal_code=postal_code, municipality=municipality,
                       housing_project=None)
        keys = {"general": building.keys.get(kind=DistributionKey.Kind.GENERAL)}
        keys["lift"] = services.create_key(
            acting_user=syndic, building=building, name="Ascenseur cage A", kind=DistributionKey.Kind.SUBSET,
            weights={lots[f"A{n}"].pk: n for n in range(1, 7)},
        )
        keys["water"] = services.create_key(
            acting_user=syndic, building=building, name="Eau froide (compteurs)", kind=DistributionKey.Kind.METER,
            weights={lots[ref].pk: m3 for ref, m3 in WATER.items()},
        )
        for year, readings in ((last_year - 1, WATER_YEAR_BEFORE), (last_year, WATER)):
            with dated(story_moment(date(year + 1, 1, 15))):
                services.record_meter_readings(acting_user=syndic, building=building, key=keys["water"], year=year,
                                           readings={lots[ref].pk: m3 for ref, m3 in readings.items()})
        for year in (last_year, this_year):
            # The budget is voted at the annual meeting of the year before.
            with dated(story_moment(held_on.replace(year=year - 1), 21)):
                for code, amount in BUDGET.items():
                    services.set_budget_line(acting_user=syndic, building=building, year=year, key=keys[code], amount=amount)
                services.set_budget_line(acting_user=syndic, building=building, year=year, key=keys["general"],
                                         amount=RESERVE, is_reserve=True)
            for month, day, code, supplier, description, euros in EXPENSES:
                spent_on = date(year, month, day)
                if spent_on > today:
                    continue
                document = SimpleUploadedFile(
                    f"facture-{spent_on.isoformat()}.pdf", tiny_pdf(f"{supplier} - {description} - {euros} EUR"),
                )
                with dated(story_moment(spent_on)):
                    services.record_expense(acting_user=syndic, building=building, key=keys[code], supplier=supplier,
                                        spent_on=spent_on, amount=Decimal(euros), description=description,
                                        document=document, supplier_iban=SUPPLIER_IBANS[supplier])
            for quarter in (1, 2, 3, 4):
                due_on = date(year, *services.QUARTER_DUE[quarter])
                if due_on > today:
                    continue
                with dated(story_moment(due_on - timedelta(days=30))):
                    call = services.issue_call_for_funds(acting_user=syndic, building=building, year=year, quarter=quarter)
                for line in call.lines.select_related("lot", "household"):
                    # The Nsimba household is a quarter behind this year.
                    if year == this_year and line.household.name == "Ménage Nsimba" and quarter == max(
                        q for q in (1, 2, 3, 4) if date(year, *services.QUARTER_DUE[q]) <= today
                    ):
                        continue
                    with dated(story_moment(due_on, 15)):
                        services.record_payment(
                            acting_user=syndic, building=building, household=line.household, paid_on=due_on,
                            amount=Decimal(line.amount_cents) / 100, reference=f"{line.lot.reference} T{quarter}/{year}",
                        )
        # Direct debit: the association's SEPA creditor identifier (a fictitious one with valid check
        # digits), and the Peeters family pays its calls by a mandate signed when they got their keys.
        services.set_creditor_id(acting_user=syndic, building=building, creditor_id="BE69ZZZ050D000000008")
        with dated(story_moment(first_day, 11)):
            services.record_mandate(
                acting_user=syndic, building=building, household=Household.objects.get(name="Famille Peeters"),
                reference="ARC-EN-CIEL-0001", signed_on=first_day, debtor_name="Famille Peeters",
                debtor_iban="BE68 5390 0754 7034",
            )
        for kind, title in [
            (BuildingDocument.Kind.DEED, "Acte de base de la copropriété Arc-en-Ciel"),
            (BuildingDocument.Kind.RULES, "Règlement d'ordre intérieur"),
            (BuildingDocument.Kind.INSURANCE, "Police d'assurance incendie (Solidaris)"),
            (BuildingDocument.Kind.CONTRACT, "Contrat d'entretien de l'ascenseur (Kone)"),
            (BuildingDocument.Kind.MINUTES, f"Procès-verbal de l'assemblée générale des copropriétaires {held_on.year}"),
        ]:
            uploaded_on = held_on + timedelta(days=14) if kind == BuildingDocument.Kind.MINUTES else first_day
            with dated(story_moment(uploaded_on)):
                services.upload_document(acting_user=syndic, building=building, kind=kind, title=title,
                                         upload=SimpleUploadedFile(f"{kind}.pdf", tiny_pdf(title)))
        reporter = User.objects.get(pk=committee.pk)
        ticket = services.report_ticket(
            acting_user=reporter, building=building, title="Lampe du hall d'entrée grillée",
            location="Hall d'entrée, cage B",
            description="La lampe au-dessus des boîtes aux lettres ne s'allume plus depuis lundi; le hall est sombre le soir.",
            photos=[SimpleUploadedFile("hall.png", tiny_png())],
        )
        services.assign_ticket(acting_user=syndic, ticket=ticket, assignee=syndic)
        _record_email_consents(building, syndic=syndic, since={buyer: sold_on}, default=first_day)
        _hold_last_year_meeting(building, chair=User.objects.get(pk=committee.pk), syndic=syndic, held_on=held_on)
        _convene_annual_meeting(building, chair=committee, syndic=syndic)
    out.write(f"Co-ownership: the Arc-en-Ciel building, {len(lots)} lots, {len(OWNERS)} co-owners.")


# Art. 3.87 §3: the co-owners signed their agreement to e-mail convocations when
# they got their keys (or bought their lot); the Traoré household did not, and is
# convened by registered letter (the syndic prints it from the meeting's letters page).
BY_REGISTERED_LETTER = {"Ménage Traoré"}


def _record_email_consents(building: Building, *, syndic: User, since: dict[str, date], default: date) -> None:
    from .convocations import coowners_today
    from .services import convocations as convocation_services

    for household in coowners_today(building):
        if household.name in BY_REGISTERED_LETTER:
            continue
        convocation_services.record_email_consent(
            acting_user=syndic, building=building, household=household,
            agreed_on=since.get(household.name, default),
            upload=SimpleUploadedFile("accord-convocation-email.pdf",
                                      tiny_pdf(f"Accord de convocation par e-mail - {household.name}"),
                                      content_type="application/pdf"),
        )


# Agenda of the demo's annual meeting: each decision with the majority the Civil Code asks.
AGENDA = [
    ("Approbation des comptes et du budget", "absolute"),  # art. 3.87 §8
    ("Remplacement des châssis de la cage B", "two_thirds"),  # art. 3.88 §1, 1°
    ("Répartition des charges de l'ascenseur selon l'étage", "four_fifths"),  # art. 3.88 §1, 2°
]


def _hold_last_year_meeting(building: Building, *, chair: User, syndic: User, held_on: date) -> None:
    """Last year's annual meeting, held through the services: ten co-owners came,
    the accounts were approved, one co-owner left before the end; the minutes
    were drafted and signed at the end by the chair, the secretary (the syndic)
    and two co-owners still present (art. 3.87 §10), which approved them."""
    from community.governance.models import (
        Attendance,
        BodyMembership,
        Meeting,
        Minutes,
        MinutesSignature,
    )
    from community.governance.services import minutes as minutes_services

    starts_at = timezone.make_aware(datetime.combine(held_on, time(19)))
    with dated(starts_at - timedelta(days=21)):
        meeting, question = _prepare_last_year_meeting(building, chair=chair, syndic=syndic, starts_at=starts_at)
    closed_at = starts_at + timedelta(hours=2)
    with dated(starts_at):
        meeting = meeting_services.start_meeting(meeting=meeting, acting_user=syndic)
        co_owners = [
            m.user for m in BodyMembership.objects.active().filter(body=meeting.body, weight__gt=0)
            .select_related("user").order_by("user__email")
        ]
        # The chair (a co-owner of the committee) and nine other co-owners come; the syndic takes the minutes.
        present = ([chair] if chair in co_owners else []) + [user for user in co_owners if user != chair][:9]
        for user in [syndic, *present]:
            meeting_services.check_in(meeting=meeting, member=user, acting_user=syndic)
    with dated(starts_at + timedelta(minutes=20)):
        voting.open_question(question=question, acting_user=syndic, now=starts_at + timedelta(minutes=20))
        codes = {c.code: c.pk for c in question.choices.all()}
        for n, user in enumerate(present):
            choice = "no" if n == 3 else "abstain" if n == 6 else "yes"
            voting.cast_ballots(question=question, acting_user=user, instructions={user.pk: [codes[choice]]},
                                now=starts_at + timedelta(minutes=25))
        voting.close_question(question=question, acting_user=syndic, now=starts_at + timedelta(minutes=35))
    left_early = present[-1]
    with dated(starts_at + timedelta(minutes=50)):
        meeting_services.check_out(meeting=meeting, member=left_early, acting_user=syndic)
    with dated(closed_at):
        meeting_services.close_meeting(meeting=meeting, acting_user=syndic)
        minutes_services.draft_minutes(meeting=meeting, acting_user=syndic)
        others_still_here = [user for user in present[:-1] if user != chair][:2]
        for signer in [chair, *others_still_here, syndic]:
            minutes_services.sign_minutes(meeting=meeting, acting_user=User.objects.get(pk=signer.pk))
    # The services stamp what they do with today's time; the demo meeting took place last year.
    Meeting.objects.filter(pk=meeting.pk).update(started_at=starts_at, closed_at=closed_at)
    Attendance.objects.filter(meeting=meeting).update(checked_in_at=starts_at - timedelta(minutes=10), checked_out_at=closed_at)
    Attendance.objects.filter(meeting=meeting, member=left_early).update(checked_out_at=starts_at + timedelta(minutes=50))
    for n, signature in enumerate(MinutesSignature.objects.filter(minutes__meeting=meeting).order_by("pk")):
        MinutesSignature.objects.filter(pk=signature.pk).update(signed_at=closed_at + timedelta(minutes=5 + n))
    Minutes.objects.filter(meeting=meeting).update(
        drafted_at=closed_at - timedelta(minutes=5), approved_at=closed_at + timedelta(minutes=8),
    )


def _prepare_last_year_meeting(building: Building, *, chair: User, syndic: User, starts_at: datetime):
    """Its body, agenda, the vote on the accounts, and the convocation three weeks ahead."""
    body = meetings.sync_coownership_body(building=Building.objects.get(pk=building.pk), acting_user=syndic,
                                          on_date=starts_at.date())
    meeting = meeting_services.create_meeting(
        body=body, acting_user=syndic, title=f"Assemblée générale des copropriétaires {starts_at.year}", starts_at=starts_at,
        place="Salle commune, rue Vandenpeereboom 12", chair=chair, secretary=syndic,
    )
    item = meeting_services.add_agenda_item(meeting=meeting, acting_user=syndic, title=AGENDA[0][0], kind="decision")
    question = voting.add_question(body=body, acting_user=syndic, meeting=meeting, agenda_item=item,
                                   title=AGENDA[0][0], majority=AGENDA[0][1])
    meeting = meetings.convene_coowners_meeting(meeting=meeting, building=building, acting_user=syndic,
                                                now=starts_at - timedelta(days=20))
    return meeting, question


def _convene_annual_meeting(building: Building, *, chair: User, syndic: User) -> None:
    """The co-owners' annual meeting, convened 20 days ahead (at least 15: art. 3.87 §3)."""
    body = meetings.building_body(Building.objects.get(pk=building.pk))
    starts_at = timezone.localtime().replace(hour=19, minute=0, second=0, microsecond=0) + timedelta(days=20)
    meeting = meeting_services.create_meeting(
        body=body, acting_user=syndic, title=f"Assemblée générale des copropriétaires {starts_at.year}", starts_at=starts_at,
        place="Salle commune, rue Vandenpeereboom 12", chair=chair, secretary=syndic,
    )
    for title, majority in AGENDA:
        item = meeting_services.add_agenda_item(meeting=meeting, acting_user=syndic, title=title, kind="decision")
        voting.add_question(body=body, acting_user=syndic, meeting=meeting, agenda_item=item, title=title,
                            majority=majority)
    meeting_services.add_agenda_item(
        meeting=meeting, acting_user=syndic, title=f"Information : rénovation de la façade en {starts_at.year + 1}", kind="information"
    )
    meetings.convene_coowners_meeting(meeting=meeting, building=building, acting_user=syndic)
