"""Direct debit for co-owners who sign a SEPA mandate: mandates recorded and
revoked (audited), the creditor identifier checked, and each call's pain.008
collection file, with each co-owner's structured communication as remittance."""

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from community.models import AuditEvent
from coownership import services
from coownership.errors import CoownershipRefusal
from coownership.models import PaymentReference, SepaMandate
from tests.refusals import assert_refused

from .conftest import fresh

NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.008.001.02"}
PAGE = "/en/buildings/maple/direct-debit/"


@pytest.fixture
def mandated(billed):
    syndic = fresh(billed.syndic)
    services.set_creditor_id(acting_user=syndic, building=billed.building, creditor_id="be69 zzz 050d000000008")
    services.record_mandate(acting_user=syndic, building=billed.building, household=billed.ann_home,
                            reference="MAPLE 0001", signed_on=date(2026, 3, 1), debtor_name=" Ann  Peeters ",
                            debtor_iban="be68 5390 0754 7034")
    return billed


def _xml(content: bytes, path: str) -> list[str]:
    return [node.text for node in ET.fromstring(content).iterfind(path, NS)]


def test_mandate_recorded_and_a_call_collected(mandated):
    mandate = SepaMandate.objects.get()
    assert (mandate.reference, mandate.debtor_name, mandate.debtor_iban, mandate.debtor_bic, mandate.is_active) == (
        "MAPLE0001", "Ann Peeters", "BE68539007547034", "", True)
    call = mandated.building.calls.get()
    content = services.collection_file(acting_user=fresh(mandated.syndic), call=call)
    tx = "p:CstmrDrctDbtInitn/p:PmtInf/p:DrctDbtTxInf/"
    # Only Ann signed: her two lots' provisions in one collection, on the call's due date
    # (or today when it is past), with her structured communication.
    reference = PaymentReference.objects.get(building=mandated.building, fund="working", household=mandated.ann_home).digits
    # The working fund's part is collected on its account; the reserve part is paid to its own account.
    assert _xml(content, tx + "p:InstdAmt") == ["500.00"]
    assert _xml(content, tx + "p:DrctDbtTx/p:MndtRltdInf/p:MndtId") == ["MAPLE0001"]
    assert _xml(content, tx + "p:RmtInf/p:Ustrd") == [f"+++{reference[:3]}/{reference[3:7]}/{reference[7:]}+++"]
    assert _xml(content, "p:CstmrDrctDbtInitn/p:PmtInf/p:ReqdColltnDt") == ["2026-05-01"]
    assert set(AuditEvent.objects.filter(action__in=[
        "coownership.set_creditor_id", "coownership.record_mandate", "coownership.collection_file"]).values_list(
        "action", flat=True)) == {"coownership.set_creditor_id", "coownership.record_mandate",
                                  "coownership.collection_file"}
    # Revoked: kept, never collected again.
    services.revoke_mandate(acting_user=fresh(mandated.syndic), mandate=mandate)
    with pytest.raises(CoownershipRefusal) as caught:
        services.collection_file(acting_user=None, call=call)
    assert caught.value.message == "No co-owner with a standing mandate has anything to pay in this call."
    assert SepaMandate.objects.get().revoked_on == date(2026, 5, 1)


@pytest.mark.parametrize("change,message", [
    ({"debtor_iban": "BE68 5390 0754 7035"}, "This is not a valid IBAN (check the letters and digits)."),
    ({"reference": " "}, "Give the mandate's reference, as on the signed form (35 characters at most)."),
    ({"signed_on": date(2026, 6, 1)}, "A mandate cannot be signed in the future."),
    ({"reference": "MAPLE0001", "household": "bob"}, "This co-owner already has a standing mandate, or the "
     "reference is already used in this building: revoke the old mandate first."),
    ({}, "This co-owner already has a standing mandate, or the reference is already used in this building: "
         "revoke the old mandate first."),
    ({"household": "olga"}, "This household owns no lot in the building."),
])
def test_mandate_refusals_change_nothing(mandated, change, message):
    data = {"reference": "MAPLE0002", "signed_on": date(2026, 3, 1), "debtor_name": "Ann",
            "debtor_iban": "BE68539007547034", "household": "ann"}
    data.update(change)
    data["household"] = getattr(mandated, f"{data['household']}_home")
    with pytest.raises(CoownershipRefusal) as caught:
        services.record_mandate(acting_user=None, building=mandated.building, **data)
    assert caught.value.message == message
    assert SepaMandate.objects.count() == 1


def test_collection_needs_the_creditor_identifier(billed):
    with pytest.raises(CoownershipRefusal) as caught:
        services.set_creditor_id(acting_user=None, building=billed.building, creditor_id="BE68ZZZ050D000000008")
    assert caught.value.message.startswith("This is not a SEPA creditor identifier")
    with pytest.raises(CoownershipRefusal) as caught:
        services.collection_file(acting_user=None, call=billed.building.calls.get())
    assert caught.value.message == ("Enter the building's bank account and its SEPA creditor identifier before "
                                    "collecting by direct debit.")


def test_treasurer_records_a_mandate_and_downloads_the_file(mandated, client_of):
    client = client_of(mandated.syndic)
    page = client.get(PAGE).content.decode()
    assert "MAPLE0001" in page and "Direct-debit file (pain.008)" in page
    response = client.post(PAGE, {"action": "mandate", "household": mandated.bob_home.pk, "reference": "MAPLE0002",
                                  "signed_on": "2026-04-01", "debtor_name": "Bob", "debtor_iban": "NL91ABNA0417164300"},
                           follow=True)
    assert "The mandate is recorded." in response.content.decode()
    call = mandated.building.calls.get()
    download = client.get(f"{PAGE}calls/{call.pk}/pain008.xml")
    assert download["Content-Type"] == "application/xml"
    assert _xml(download.content, "p:CstmrDrctDbtInitn/p:GrpHdr/p:CtrlSum") == ["1000.00"]
    fr = client_of(mandated.syndic).get("/fr/buildings/maple/direct-debit/").content.decode()
    assert "Domiciliation" in fr


@pytest.mark.parametrize("who", ["ann", "olga"], ids=["co-owner", "other-building-syndic"])
def test_only_the_building_managers_handle_mandates(mandated, client_of, who):
    client = client_of(getattr(mandated, who))
    refusal = "Only the building's syndic and committee reconcile its bank statements."
    assert_refused(client.get(PAGE), refusal)
    assert_refused(client.post(PAGE, {"action": "revoke", "mandate": SepaMandate.objects.get().pk}), refusal)
    assert_refused(client.get(f"{PAGE}calls/{mandated.building.calls.get().pk}/pain008.xml"), refusal)
    assert SepaMandate.objects.get().is_active
