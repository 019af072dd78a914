"""CODA, CAMT.053 and CSV read into the same movements; hostile files refused
with the line that failed."""

from datetime import date
from pathlib import Path

import coda as febelfin_coda
import pytest
from socle_site.kernel.banking.errors import StatementRefusal
from socle_site.kernel.banking.statements import MAX_STATEMENT_BYTES, detect_format, read_statement

from tests.banking import coda_builder

ACCOUNT = "BE71096123456769"
# (amount, counterparty name, IBAN, structured reference, free communication, reversal)
EXPECTED = [
    (27500, "ann peeters", "BE68539007547034", "100000000135", "", False),
    (33000, "bob janssen", "NL91ABNA0417164300", "", "Charges L3 T2 2026", False),
    (-12050, "kone belgium sa", "BE62510007547061", "", "Facture 2026-114 ascenseur", False),
    (-4000, "engie electrabel", "BE43068999999501", "", "Retour domiciliation", True),
]


def _plain(statement):
    return [(m.amount_cents, " ".join(sorted(m.counterparty_name.lower().split())), m.counterparty_iban,
             m.structured_reference, m.communication, m.is_reversal) for m in statement.movements]


def _sorted_names(rows):
    return [(a, " ".join(sorted(n.split())), *rest) for a, n, *rest in rows]


@pytest.mark.parametrize("fixture,kind", [("coda_bytes", "coda"), ("camt_bytes", "camt053")])
def test_both_bank_formats_give_the_same_movements(request, fixture, kind):
    content = request.getfixturevalue(fixture)
    assert detect_format(content) == kind
    statement = read_statement(content)
    assert statement.format == kind and statement.account_iban == ACCOUNT
    assert _plain(statement) == _sorted_names(EXPECTED)
    assert {m.booked_on for m in statement.movements} == {date(2026, 5, 1)}
    assert statement.total_cents == 27500 + 33000 - 12050 - 4000
    identities = [m.identity for m in statement.movements]
    assert len(set(identities)) == 4
    assert [m.identity for m in read_statement(content).movements] == identities  # stable


def test_coda_lines_point_at_each_movement(coda_bytes):
    assert [m.line for m in read_statement(coda_bytes).movements] == [3, 6, 9, 12]


def test_the_parsers_own_samples_are_read():
    # The samples the installed package ships (its tests folder is not in the wheel).
    folder = Path(febelfin_coda.__file__).parent
    statement = read_statement((folder / "CODA.txt").read_bytes())
    assert statement.account_iban == "435000000080" and len(statement.movements) == 59
    assert statement.movements[0].amount_cents == -257825
    assert not read_statement((folder / "CODA-empty.txt").read_bytes()).movements


def test_csv_with_the_default_and_a_mapped_layout():
    default = read_statement(b"date;amount;communication\n2026-04-15;275,00;+++100/0000/00135+++\n"
                             b"16/04/2026;-12.5;Facture\n")
    assert [(m.line, m.amount_cents, m.structured_reference) for m in default.movements] == [
        (2, 27500, "100000000135"), (3, -1250, "")]
    assert default.account_iban == ""
    mapped = read_statement(
        b"Datum,Bedrag,Naam,Rekening,Mededeling\n01.05.2026,330.00,Bob,NL91 ABNA 0417 1643 00,Lot L3\n",
        csv_columns={"date": "Datum", "amount": "Bedrag", "name": "Naam", "iban": "Rekening",
                     "communication": "Mededeling"})
    (bob,) = mapped.movements
    assert (bob.counterparty_name, bob.counterparty_iban, bob.communication) == ("Bob", "NL91ABNA0417164300", "Lot L3")


def test_csv_identical_lines_are_two_movements_with_stable_identities():
    content = b"date;amount;communication\n2026-04-15;10;L1\n2026-04-15;10;L1\n"
    first, second = read_statement(content).movements
    assert first.identity != second.identity
    assert [m.identity for m in read_statement(content).movements] == [first.identity, second.identity]


def _refusal(content: bytes) -> StatementRefusal:
    with pytest.raises(StatementRefusal) as caught:
        read_statement(content)
    return caught.value


def test_truncated_coda_names_its_last_line(coda_bytes):
    lines = coda_bytes.split(b"\r\n")
    refusal = _refusal(b"\r\n".join(lines[:10]))
    assert refusal.line == 10
    assert refusal.message == "Line 10: the file ends before the statement's closing record: it is truncated."
    cut = _refusal(coda_bytes[: len(lines[0]) + 2 + 60])
    assert cut.line == 2 and "a CODA line has 128 characters, this one has 60" in cut.message


def test_coda_whose_totals_do_not_add_up(coda_bytes):
    text = coda_bytes.decode()
    tampered = text.replace("0000000000275000010526", "0000000000276000010526", 1)
    refusal = _refusal(tampered.encode())
    assert refusal.line == 16 and refusal.message == (
        "Line 16: the closing record's totals do not match the movements.")


def test_coda_with_a_bad_date_or_amount(coda_bytes):
    lines = coda_bytes.decode().split("\r\n")
    lines[2] = lines[2][:115] + "320526" + lines[2][121:]
    assert _refusal("\r\n".join(lines).encode()).message == "Line 3: the date “320526” is not a date (DDMMYY)."
    lines = coda_bytes.decode().split("\r\n")
    lines[5] = lines[5][:32] + "00000000033000X" + lines[5][47:]
    assert _refusal("\r\n".join(lines).encode()).message == "Line 6: the amount cannot be read."


def test_wrong_encoding_is_refused(coda_bytes, camt_bytes):
    utf16 = coda_bytes.decode().encode("utf-16")
    assert "not plain text (it may be UTF-16" in _refusal(utf16).message
    # A byte Windows-1252 leaves undefined, on the third line, in a file that is not UTF-8 either.
    lines = coda_bytes.split(b"\r\n")
    lines[2] = lines[2][:70] + b"\x81" + lines[2][71:]
    refusal = _refusal(b"\r\n".join(lines))
    assert refusal.line == 3 and refusal.message == "Line 3: the file's characters cannot be read (wrong encoding)."
    latin1_xml = camt_bytes.replace(b"Ann Peeters", "Anne Müller".encode("latin-1"))
    assert _refusal(latin1_xml).message == "Line 18: the XML is malformed or truncated."


def test_coda_accented_names_in_windows_1252(coda_bytes):
    text = coda_bytes.decode().replace("PEETERS ANN", "PEETERS ANNÉ")
    lines = text.split("\r\n")
    lines[4] = lines[4][:127] + lines[4][128:]  # keep 128 characters
    statement = read_statement("\r\n".join(lines).encode("cp1252"))
    assert statement.movements[0].counterparty_name == "PEETERS ANNÉ"


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE Document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt>
<Acct><Id><IBAN>BE71096123456769</IBAN></Id></Acct><Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
<BookgDt><Dt>2026-05-01</Dt></BookgDt><NtryDtls><TxDtls><RmtInf><Ustrd>&secret;</Ustrd></RmtInf></TxDtls></NtryDtls>
</Ntry></Stmt></BkToCstmrStmt></Document>"""


def test_xml_with_an_external_entity_is_never_read():
    refusal = _refusal(XXE)
    assert refusal.line == 2
    assert refusal.message == ("Line 2: the file declares a DTD or entities, which a bank statement never does; "
                               "it was not read.")
    laughs = b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><Document>&b;</Document>'
    assert "declares a DTD or entities" in _refusal(laughs).message


def test_truncated_or_foreign_xml(camt_bytes):
    refusal = _refusal(camt_bytes[:1500])
    assert refusal.message.endswith("the XML is malformed or truncated.") and refusal.line > 1
    other = b'<?xml version="1.0"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03">\n<CstmrCdtTrfInitn/></Document>'
    assert _refusal(other).message == "Line 2: this is not a CAMT.053 bank statement."
    dollars = camt_bytes.replace(b'<Amt Ccy="EUR">330.00', b'<Amt Ccy="USD">330.00')
    assert _refusal(dollars).message == "Line 23: only amounts in euros can be imported."
    two_accounts = camt_bytes.replace(b"</Stmt>", b"</Stmt><Stmt><Id>x</Id><Acct><Id><IBAN>NL91ABNA0417164300</IBAN>"
                                               b"</Id></Acct></Stmt>")
    assert _refusal(two_accounts).message == (
        "The file holds statements of several accounts: import one account at a time.")


def test_huge_and_empty_files():
    assert _refusal(b"0" * (MAX_STATEMENT_BYTES + 1)).message == "The file is too large (20 MB at most)."
    assert _refusal(b"  \n").message == "The file is empty."


@pytest.mark.parametrize("content,message", [
    (b"who;what\n1;2\n", "Line 1: the first line must name the columns date, amount, communication."),
    (b"date;amount;communication\n2026-13-01;10;L1\n", "Line 2: the date cannot be read (use YYYY-MM-DD or DD/MM/YYYY)."),
    (b"date;amount;communication\n2026-01-01;1.001;L1\n", "Line 2: the amount cannot be read."),
    (b"date;amount;communication\n2026-01-01;10;L1\n2026-01-01\n", "Line 3: this line has too few columns."),
    (b"date;amount;communication\n", "The file has no movement."),
])
def test_csv_refusals(content, message):
    assert _refusal(content).message == message


def test_builder_makes_what_the_fixture_holds(coda_bytes):
    assert coda_builder.sample().encode("ascii") == coda_bytes
