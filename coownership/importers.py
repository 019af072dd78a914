"""A trust's buildings, lots, shares and owners, and the opening balance of
each co-owner's account, imported from its spreadsheets (issue 23).
Registered with ``socle_site.kernel.dataio.importers`` when the app loads.

Owners are matched to the households already in Socle by the e-mail of one
of their adults (a household is imported with the members' import, before
this one). Lots are matched on (building, lot reference), opening balances on
(building, owner's e-mail): the same file twice changes nothing."""

from collections import defaultdict
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from socle_site.kernel.dataio.importers import (
    AmountWidget,
    Column,
    DayWidget,
    Importer,
    Refused,
    RowRefusal,
    TextWidget,
    WholeNumberWidget,
    an_email,
    one_of,
    past_day,
)

from community.models import HouseholdMember, HousingProject

from . import policy
from .models import Building, Lot, Ownership, Payment

IMPORT_PERM = "coownership.create_building"  # staff (rules.py)


def _positive(value: int) -> int:
    if value < 1:
        raise Refused(_("Give a number of at least 1."))
    return value


def _kind(value: str) -> str:
    """A lot's kind as its code or its name in French, Dutch or English."""
    return one_of(value, Lot.Kind.choices, _("Unknown kind of lot: “%(value)s”."))


def _cents(value):
    # The co-ownership keeps money in whole cents (policy.to_cents), as its forms do.
    try:
        return policy.to_cents(value)
    except ValueError:
        raise Refused(
            _("The amount must be a number of euros with at most two decimals.")
        ) from None


def households_by_email(emails) -> dict[str, int]:
    """{e-mail: household id} of the current adult members with these
    e-mails: one query for the file."""
    rows = HouseholdMember.objects.filter(
        user__email__in={e for e in emails if e}, until__isnull=True
    ).values_list("user__email", "household_id")
    return {email.casefold(): household_id for email, household_id in rows}


class _EmailsOf(frozenset):
    """The e-mails of the household that owns a lot, compared with the one
    e-mail a file's row gives: the same owner if it is one of them (any adult
    of the household may be named)."""

    def __eq__(self, other):
        return isinstance(other, str) and other.casefold() in self

    def __ne__(self, other):
        return not self == other

    __hash__ = frozenset.__hash__


def _emails_of(household_ids) -> dict[int, _EmailsOf]:
    found = defaultdict(set)
    for household_id, email in HouseholdMember.objects.filter(
        household_id__in=set(household_ids), until__isnull=True, user__email__isnull=False
    ).values_list("household_id", "user__email"):
        found[household_id].add(email.casefold())
    return {pk: _EmailsOf(emails) for pk, emails in found.items()}


# --- Buildings, lots, shares, owners ----------------------------------------------

LOT_COLUMNS = [
    Column("building", gettext_lazy("Building (short name)"), TextWidget(), required=True),
    Column("building_name", gettext_lazy("Building's name"), TextWidget(), required=True),
    Column(
        "housing_project", gettext_lazy("Housing project (short name)"), TextWidget(), required=True
    ),
    Column("address", gettext_lazy("Address"), TextWidget()),
    Column(
        "total_shares",
        gettext_lazy("Building's total shares"),
        WholeNumberWidget(),
        required=True,
        check=_positive,
    ),
    Column("lot", gettext_lazy("Lot reference"), TextWidget(), required=True),
    Column("kind", gettext_lazy("Kind of lot"), TextWidget(), check=_kind),
    Column(
        "shares",
        gettext_lazy("Shares (thousandths)"),
        WholeNumberWidget(),
        required=True,
        check=_positive,
    ),
    Column("owner_email", gettext_lazy("Current owner's e-mail"), TextWidget(), check=an_email),
    Column(
        "owner_since", gettext_lazy("Owner since"), DayWidget()
    ),  # the future is refused with the file
]


def lots_check_row(values: dict) -> None:
    # An empty kind is a flat, as in the building form: compared as such, so a re-run is unchanged.
    values["kind"] = values["kind"] or Lot.Kind.FLAT
    if values["owner_email"] and not values["owner_since"]:
        raise RowRefusal("owner_since", _("Give the day the owner bought the lot."))
    if values["owner_since"] and not values["owner_email"]:
        raise RowRefusal("owner_email", _("Give the owner's e-mail, or leave the date empty."))


def lots_check_file(rows: list[dict]) -> list[tuple[int, str, str]]:
    """Projects and owners must exist; the lots of a building add up to its
    total shares (art. 3.85 §1, as ``services.buildings.check_lot_shares``),
    counting the lots it already has that the file does not name. A few
    queries for the whole file. A row refused for its owner still counts in
    its building's shares: only its owner is wrong."""
    refused: list[tuple[int, str, str]] = []
    projects = set(
        HousingProject.objects.filter(slug__in={r["housing_project"] for r in rows}).values_list(
            "slug", flat=True
        )
    )
    owners = households_by_email(r["owner_email"] for r in rows)
    buildings = {b.slug: b for b in Building.objects.filter(slug__in={r["building"] for r in rows})}
    stored_lots = defaultdict(dict)
    for slug, reference, shares in Lot.objects.filter(
        building__slug__in=list(buildings)
    ).values_list("building__slug", "reference", "shares"):
        stored_lots[slug][reference] = shares
    current = {
        (slug, reference): (household_id, starts_on)
        for slug, reference, household_id, starts_on in Ownership.objects.filter(
            lot__building__slug__in=list(buildings), ends_on__isnull=True
        ).values_list("lot__building__slug", "lot__reference", "household_id", "starts_on")
    }
    # A flat is a home of its project (its dwelling): one flat of a reference per project.
    flats = {
        (project, reference): slug
        for project, reference, slug in Lot.objects.filter(
            building__housing_project__slug__in=projects, kind=Lot.Kind.FLAT
        ).values_list("building__housing_project__slug", "reference", "building__slug")
    }
    by_building = defaultdict(list)
    done = set()
    for row in rows:
        line = row["_line"]
        if row["housing_project"] not in projects:
            refused.append(
                (
                    line,
                    "housing_project",
                    _("Unknown housing project: “%(value)s”.") % {"value": row["housing_project"]},
                )
            )
            continue
        by_building[row["building"]].append(row)
        reason = _lot_row_problem(row, owners, buildings, stored_lots, current)
        if reason is None and row["kind"] == Lot.Kind.FLAT:
            other = flats.setdefault((row["housing_project"], row["lot"]), row["building"])
            if other != row["building"]:
                reason = (
                    "lot",
                    _(
                        "Another building of this housing project already has the flat %(reference)s."
                    )
                    % {"reference": row["lot"]},
                )
        if reason is not None:
            refused.append((line, *reason))
            done.add(line)
    for slug, lots in by_building.items():
        totals = {r["total_shares"] for r in lots}
        building = buildings.get(slug)
        if building is not None:
            totals.add(building.total_shares)
        if len(totals) > 1:
            reason = _("The lines of building “%(building)s” give different totals of shares.") % {
                "building": slug
            }
            refused.extend(
                (r["_line"], "total_shares", reason) for r in lots if r["_line"] not in done
            )
            continue
        total = totals.pop()
        shares = dict(stored_lots.get(slug, {}), **{r["lot"]: r["shares"] for r in lots})
        if sum(shares.values()) != total:
            reason = _(
                "The shares of building “%(building)s” add up to %(sum)d, not to its total of %(total)d "
                "(a lot refused for another reason counts as missing)."
            ) % {"building": slug, "sum": sum(shares.values()), "total": total}
            refused.extend((r["_line"], "shares", reason) for r in lots if r["_line"] not in done)
    return refused


def _lot_row_problem(row, owners, buildings, stored_lots, current) -> tuple[str, str] | None:
    """What is wrong with one lot's line, as (column, reason), or None."""
    if row["owner_email"] and row["owner_email"] not in owners:
        return "owner_email", _("Unknown owner: no member has the e-mail “%(value)s”.") % {
            "value": row["owner_email"]
        }
    if row["owner_since"] and row["owner_since"] > timezone.localdate():
        return "owner_since", _("This date is in the future.")
    building = buildings.get(row["building"])
    if building is not None and row["lot"] not in stored_lots[building.slug]:
        return "lot", _("This building already exists: add its new lots in the administration.")
    owned = current.get((row["building"], row["lot"]))
    if owned is not None and row["owner_email"]:
        household_id, starts_on = owned
        if owners[row["owner_email"]] == household_id and row["owner_since"] != starts_on:
            return "owner_since", _("This household already owns the lot since another day.")
        if owners[row["owner_email"]] != household_id and row["owner_since"] <= starts_on:
            return "owner_since", _("The new owner's date must come after the current owner's.")
    return None


def lots_existing(keys: list[tuple]) -> dict[tuple, dict]:
    lots = list(
        Lot.objects.filter(building__slug__in={k[0] for k in keys}).values(
            "pk", "building__slug", "reference", "shares", "kind", "building__total_shares"
        )
    )
    owners = {
        lot_id: (household_id, starts_on)
        for lot_id, household_id, starts_on in Ownership.objects.filter(
            lot_id__in=[lot["pk"] for lot in lots], ends_on__isnull=True
        ).values_list("lot_id", "household_id", "starts_on")
    }
    emails = _emails_of(h for h, _s in owners.values())
    found = {}
    for lot in lots:
        household_id, starts_on = owners.get(lot["pk"], (None, None))
        found[(lot["building__slug"], lot["reference"])] = {
            "shares": lot["shares"],
            "kind": lot["kind"],
            "total_shares": lot["building__total_shares"],
            "owner_email": emails.get(household_id, _EmailsOf()) if household_id else "",
            "owner_since": starts_on,
        }
    return found


def lots_write(*, create: list[dict], update: list[dict], acting_user) -> None:
    """New buildings through ``create_building`` (all their lots at once, so
    their shares add up, with their keys and dwellings); new shares through
    ``change_lot_shares``; owners through ``transfer_lot`` (history kept)."""
    from community.models import Household

    from .services import buildings as services

    rows = create + update
    owners = households_by_email(r["owner_email"] for r in rows)
    households = Household.objects.in_bulk(set(owners.values()))
    projects = {
        p.slug: p
        for p in HousingProject.objects.filter(slug__in={r["housing_project"] for r in rows})
    }
    by_building = defaultdict(list)
    for row in rows:
        by_building[row["building"]].append(row)
    existing_buildings = {b.slug: b for b in Building.objects.filter(slug__in=list(by_building))}
    for slug, lots in by_building.items():
        first = lots[0]
        building = existing_buildings.get(slug)
        if building is None:
            building = services.create_building(
                acting_user=acting_user,
                housing_project=projects[first["housing_project"]],
                name=first["building_name"],
                slug=slug,
                address=first["address"] or "",
                total_shares=first["total_shares"],
                lots=[
                    {
                        "reference": r["lot"],
                        "shares": r["shares"],
                        "kind": r["kind"] or Lot.Kind.FLAT,
                    }
                    for r in lots
                ],
            )
        else:
            stored = dict(building.lots.values_list("reference", "shares"))
            wanted = dict(stored, **{r["lot"]: r["shares"] for r in lots})
            if wanted != stored:
                # The import's perm (staff) was checked by the import; the service's own check is the committee's.
                services.change_lot_shares(acting_user=None, building=building, shares=wanted)
            kinds = {r["lot"]: r["kind"] for r in lots if r["kind"]}
            for lot in building.lots.filter(reference__in=list(kinds)):
                if lot.kind != kinds[lot.reference]:
                    lot.kind = kinds[lot.reference]
                    lot.save(update_fields=["kind"])
        by_reference = {lot.reference: lot for lot in building.lots.all()}
        current = dict(
            Ownership.objects.filter(lot__building=building, ends_on__isnull=True).values_list(
                "lot__reference", "household_id"
            )
        )
        for row in lots:
            if not row["owner_email"]:
                continue
            household = households[owners[row["owner_email"]]]
            if current.get(row["lot"]) != household.pk:
                # As for the shares: staff's import perm was checked; transfer_lot's own check is the committee's.
                services.transfer_lot(
                    acting_user=None,
                    lot=by_reference[row["lot"]],
                    household=household,
                    on_date=row["owner_since"],
                )


def lots_example() -> list[dict]:
    bought = (timezone.localdate() - timedelta(days=900)).isoformat()
    return [
        {
            "building": "residence-nova",
            "building_name": "Résidence Nova",
            "housing_project": "nova",
            "address": "Rue Vandenpeereboom 12, 1080 Molenbeek-Saint-Jean",
            "total_shares": 1000,
            "lot": "A1",
            "kind": "flat",
            "shares": 600,
            "owner_email": "els.janssens@example.org",
            "owner_since": bought,
        },
        {
            "building": "residence-nova",
            "building_name": "Résidence Nova",
            "housing_project": "nova",
            "address": "Rue Vandenpeereboom 12, 1080 Molenbeek-Saint-Jean",
            "total_shares": 1000,
            "lot": "P1",
            "kind": "parking",
            "shares": 400,
            "owner_email": "",
            "owner_since": "",
        },
    ]


LOTS = Importer(
    key="coownership-lots",
    label=gettext_lazy("Buildings, lots, shares and owners"),
    columns=LOT_COLUMNS,
    natural_key=("building", "lot"),
    perm=IMPORT_PERM,
    existing=lots_existing,
    write=lots_write,
    example=lots_example,
    check_row=lots_check_row,
    check_file=lots_check_file,
    compared=("shares", "kind", "total_shares", "owner_email", "owner_since"),
    order=40,
)


# --- Opening balances ----------------------------------------------------------------

BALANCE_COLUMNS = [
    Column("building", gettext_lazy("Building (short name)"), TextWidget(), required=True),
    Column(
        "owner_email", gettext_lazy("Co-owner's e-mail"), TextWidget(), required=True, check=an_email
    ),
    Column(
        "balance",
        gettext_lazy("Opening balance (€, negative if owed)"),
        AmountWidget(),
        required=True,
        check=_cents,
    ),
    Column("as_of", gettext_lazy("Balance on"), DayWidget(), required=True, check=past_day),
]


def balances_check_file(rows: list[dict]) -> list[tuple[int, str, str]]:
    buildings = set(
        Building.objects.filter(slug__in={r["building"] for r in rows}).values_list(
            "slug", flat=True
        )
    )
    owners = households_by_email(r["owner_email"] for r in rows)
    owned = set(
        Ownership.objects.filter(
            lot__building__slug__in=buildings, household_id__in=set(owners.values())
        ).values_list("lot__building__slug", "household_id")
    )
    refused = []
    seen = {}
    for row in rows:
        line = row["_line"]
        if row["building"] not in buildings:
            refused.append(
                (line, "building", _("Unknown building: “%(value)s”.") % {"value": row["building"]})
            )
        elif row["owner_email"] not in owners:
            refused.append(
                (
                    line,
                    "owner_email",
                    _("Unknown owner: no member has the e-mail “%(value)s”.")
                    % {"value": row["owner_email"]},
                )
            )
        elif (row["building"], owners[row["owner_email"]]) not in owned:
            refused.append((line, "owner_email", _("This household owns no lot in the building.")))
        elif (key := (row["building"], owners[row["owner_email"]])) in seen:
            refused.append(
                (line, "owner_email", _("Same co-owner as line %(line)s.") % {"line": seen[key]})
            )
        else:
            seen[key] = line
    return refused


def balances_existing(keys: list[tuple]) -> dict[tuple, dict]:
    owners = households_by_email(k[1] for k in keys)
    stored = {
        (slug, household_id): (cents, paid_on)
        for slug, household_id, cents, paid_on in Payment.objects.filter(
            source=Payment.Source.OPENING,
            building__slug__in={k[0] for k in keys},
            household_id__in=set(owners.values()),
        ).values_list("building__slug", "household_id", "amount_cents", "paid_on")
    }
    found = {}
    for slug, email in keys:
        opening = stored.get((slug, owners.get(email)))
        if opening is not None:
            found[(slug, email)] = {"balance": opening[0], "as_of": opening[1]}
    return found


def balances_write(*, create: list[dict], update: list[dict], acting_user) -> None:
    from community.models import Household

    from .services.calls import record_opening_balance

    rows = create + update
    owners = households_by_email(r["owner_email"] for r in rows)
    households = Household.objects.in_bulk(set(owners.values()))
    buildings = {b.slug: b for b in Building.objects.filter(slug__in={r["building"] for r in rows})}
    for row in rows:
        record_opening_balance(
            acting_user=acting_user,
            building=buildings[row["building"]],
            household=households[owners[row["owner_email"]]],
            as_of=row["as_of"],
            amount_cents=row["balance"],
        )


def balances_example() -> list[dict]:
    day = (timezone.localdate().replace(month=1, day=1)).isoformat()
    return [
        {
            "building": "residence-nova",
            "owner_email": "els.janssens@example.org",
            "balance": "-125,40",
            "as_of": day,
        },
        {
            "building": "residence-nova",
            "owner_email": "karim.benali@example.org",
            "balance": "60,00",
            "as_of": day,
        },
    ]


BALANCES = Importer(
    key="coownership-balances",
    label=gettext_lazy("Opening balances of the co-owners' accounts"),
    columns=BALANCE_COLUMNS,
    natural_key=("building", "owner_email"),
    perm=IMPORT_PERM,
    existing=balances_existing,
    write=balances_write,
    example=balances_example,
    check_file=balances_check_file,
    order=41,
)
