"""SEPA files made with sepaxml: the creditor identifier's check digits, and a
pain.008 and a pain.001 of known content, checked element by element (sepaxml
validates each against the ISO 20022 XSD it ships before handing it out)."""

import xml.etree.ElementTree as ET
from datetime import date

import pytest
from socle_site.kernel.banking.sepa import (
    Collection,
    Party,
    Transfer,
    credit_transfer_file,
    direct_debit_file,
    normalise_creditor_id,
)

MAPLE = Party("ACP Maple", "BE71096123456769", "GKCCBEBB", "BE69ZZZ050D000000008")
ANN = Collection("MAPLE-0001", date(2026, 3, 1), "Ann Peeters", "BE68539007547034", 55000, "C1-H1", "100000000135",
                 debtor_bic="KREDBEBB")
BOB = Collection("MAPLE-0002", date(2026, 3, 2), "Bob Jänssen", "NL91ABNA0417164300", 55001, "C1-H2", "100000000236")


def _text(root, path, ns):
    return [node.text for node in root.iterfind(path, ns)]


@pytest.mark.parametrize("typed", ["BE69ZZZ050D000000008", "be69 zzz 050d000000008", "DE98ZZZ09999999999"])
def test_creditor_identifiers(typed):
    assert normalise_creditor_id(typed) == "".join(typed.split()).upper()


@pytest.mark.parametrize("typed", ["", "BE68ZZZ050D000000008", "BE69ZZZ", "0869ZZZ050D000000008"])
def test_creditor_identifier_refused(typed):
    with pytest.raises(ValueError):
        normalise_creditor_id(typed)


def test_direct_debit_file_structure(time_machine):
    time_machine.move_to("2026-04-01 09:30:00+02:00", tick=False)
    content = direct_debit_file(MAPLE, [ANN, BOB], collect_on=date(2026, 4, 15), message_id="maple-2026Q2-7")
    assert content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    ns = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.008.001.02"}
    root = ET.fromstring(content)
    header = "p:CstmrDrctDbtInitn/p:GrpHdr/"
    assert _text(root, header + "p:MsgId", ns) == ["maple-2026Q2-7"]
    assert _text(root, header + "p:NbOfTxs", ns) == ["2"] and _text(root, header + "p:CtrlSum", ns) == ["1100.01"]
    batch = "p:CstmrDrctDbtInitn/p:PmtInf/"
    assert _text(root, batch + "p:PmtTpInf/p:LclInstrm/p:Cd", ns) == ["CORE"]
    assert _text(root, batch + "p:PmtTpInf/p:SeqTp", ns) == ["RCUR"]
    assert _text(root, batch + "p:ReqdColltnDt", ns) == ["2026-04-15"]
    assert _text(root, batch + "p:CdtrAcct/p:Id/p:IBAN", ns) == ["BE71096123456769"]
    assert _text(root, batch + "p:CdtrSchmeId/p:Id/p:PrvtId/p:Othr/p:Id", ns) == ["BE69ZZZ050D000000008"]
    tx = batch + "p:DrctDbtTxInf/"
    assert _text(root, tx + "p:PmtId/p:EndToEndId", ns) == ["C1-H1", "C1-H2"]
    assert _text(root, tx + "p:InstdAmt", ns) == ["550.00", "550.01"]
    assert _text(root, tx + "p:DrctDbtTx/p:MndtRltdInf/p:MndtId", ns) == ["MAPLE-0001", "MAPLE-0002"]
    assert _text(root, tx + "p:DrctDbtTx/p:MndtRltdInf/p:DtOfSgntr", ns) == ["2026-03-01", "2026-03-02"]
    # Names transliterated to the SEPA character set; the structured communication as remittance.
    assert _text(root, tx + "p:Dbtr/p:Nm", ns) == ["Ann Peeters", "Bob Janssen"]
    assert _text(root, tx + "p:DbtrAcct/p:Id/p:IBAN", ns) == ["BE68539007547034", "NL91ABNA0417164300"]
    assert _text(root, tx + "p:RmtInf/p:Ustrd", ns) == ["+++100/0000/00135+++", "+++100/0000/00236+++"]


def test_credit_transfer_file_structure(time_machine):
    time_machine.move_to("2026-05-02 09:30:00+02:00", tick=False)
    content = credit_transfer_file(MAPLE, [
        Transfer("Kone Belgium SA", "BE62510007547061", 12050, "E114", "Facture 2026-114 ascenseur"),
    ], execute_on=date(2026, 5, 4), message_id="maple-pay-1")
    ns = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}
    root = ET.fromstring(content)
    assert _text(root, "p:CstmrCdtTrfInitn/p:GrpHdr/p:MsgId", ns) == ["maple-pay-1"]
    tx = "p:CstmrCdtTrfInitn/p:PmtInf/p:CdtTrfTxInf/"
    assert _text(root, tx + "p:Amt/p:InstdAmt", ns) == ["120.50"]
    assert _text(root, tx + "p:CdtrAcct/p:Id/p:IBAN", ns) == ["BE62510007547061"]
    assert _text(root, tx + "p:RmtInf/p:Ustrd", ns) == ["Facture 2026-114 ascenseur"]


@pytest.mark.parametrize("change", [
    {"amount_cents": 0}, {"reference": "123"}, {"debtor_iban": "BE00 0000"},
])
def test_what_the_bank_would_refuse_is_refused_here(change):
    from dataclasses import replace

    with pytest.raises(ValueError):
        direct_debit_file(MAPLE, [replace(ANN, **change)], collect_on=date(2026, 4, 15), message_id="x")
    with pytest.raises(ValueError):
        direct_debit_file(MAPLE, [], collect_on=date(2026, 4, 15), message_id="x")
