"""CAMT.053 (ISO 20022 bank-to-customer statement), any version from .001.02:
elements are found by their local name. Parsed with defusedxml, which refuses
a DTD, entities and external references, so no file reaches the network or
the disk, nor expands a billion laughs."""

from datetime import date
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import ParseError, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from django.utils.translation import gettext as _

from ..errors import StatementRefusal
from ..iban import normalise_iban
from ..references import find_in, normalise
from .movement import Movement, Statement, identity_of


class _LineBuilder(TreeBuilder):
    """Remembers the line each element starts on, to name it in a refusal."""

    def __init__(self):
        super().__init__()
        self.parser = None
        self.lines: dict[int, int] = {}

    def start(self, tag, attrs):
        element = super().start(tag, attrs)
        self.lines[id(element)] = self.parser.parser.CurrentLineNumber
        return element


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element, *path):
    for name in path:
        if element is None:
            return None
        element = next((c for c in element if _local(c.tag) == name), None)
    return element


def _first(*elements):
    # An Element with no children is false: test for None, never truthiness.
    return next((e for e in elements if e is not None), None)


def _children(element, name):
    return [c for c in element if _local(c.tag) == name] if element is not None else []


def _text(element, *path) -> str:
    found = _child(element, *path)
    return " ".join((found.text or "").split()) if found is not None else ""


def _parse(content: bytes):
    builder = _LineBuilder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    builder.parser = parser
    try:
        parser.feed(content)
        root = parser.close()
    except DefusedXmlException:
        line = builder.parser.parser.CurrentLineNumber if builder.parser else 1
        raise StatementRefusal(
            _("Line %(line)d: the file declares a DTD or entities, which a bank statement never does; it was "
              "not read.") % {"line": line}, line=line,
        ) from None
    except ParseError as error:
        line = error.position[0] if getattr(error, "position", None) else 1
        raise StatementRefusal(
            _("Line %(line)d: the XML is malformed or truncated.") % {"line": line}, line=line
        ) from None
    return root, builder.lines


def read_camt053(content: bytes) -> Statement:
    root, lines = _parse(content)

    def refuse(element, reason: str):
        line = lines.get(id(element), 1)
        raise StatementRefusal(_("Line %(line)d: %(reason)s") % {"line": line, "reason": reason}, line=line)

    report = _child(root, "BkToCstmrStmt")
    if _local(root.tag) != "Document" or report is None:
        refuse(root, _("this is not a CAMT.053 bank statement."))
    statements = _children(report, "Stmt")
    if not statements:
        refuse(report, _("the file holds no statement."))
    accounts = set()
    movements = []
    for statement in statements:
        raw_account = _text(statement, "Acct", "Id", "IBAN")
        try:
            account = normalise_iban(raw_account)
        except ValueError:
            refuse(_first(_child(statement, "Acct"), statement), _("the statement's account has no valid IBAN."))
        accounts.add(account)
        statement_id = _text(statement, "Id")
        for position, entry in enumerate(_children(statement, "Ntry"), start=1):
            movements.extend(_movements(entry, account, statement_id, position, refuse, lines))
    if len(accounts) != 1:
        raise StatementRefusal(_("The file holds statements of several accounts: import one account at a time."))
    return Statement(format="camt053", account_iban=accounts.pop(), movements=tuple(movements))


def _cents(element, refuse) -> int:
    if element is None:
        refuse(element, _("an entry has no amount."))
    if (element.get("Ccy") or "EUR") != "EUR":
        refuse(element, _("only amounts in euros can be imported."))
    try:
        value = Decimal((element.text or "").strip())
    except InvalidOperation:
        refuse(element, _("the amount cannot be read."))
    if not value.is_finite() or value < 0 or value != value.quantize(Decimal("0.01")) or value >= Decimal("1e11"):
        refuse(element, _("the amount cannot be read."))
    return int(value * 100)


def _date(element, refuse) -> date:
    text = _text(element, "Dt") or _text(element, "DtTm")[:10]
    try:
        return date.fromisoformat(text)
    except ValueError:
        refuse(element if element is not None else None, _("the booking date cannot be read."))


def _movements(entry, account, statement_id, position, refuse, lines) -> list[Movement]:
    sign_text = _text(entry, "CdtDbtInd")
    if sign_text not in {"CRDT", "DBIT"}:
        refuse(entry, _("an entry is neither a credit nor a debit."))
    sign = 1 if sign_text == "CRDT" else -1
    # ISO 20022: with RvslInd true, CdtDbtInd is already the reversal's own direction.
    is_reversal = _text(entry, "RvslInd").lower() in {"true", "1"}
    booking = _child(entry, "BookgDt")
    if booking is None:
        refuse(entry, _("an entry has no booking date."))
    booked_on = _date(booking, refuse)
    entry_cents = _cents(_child(entry, "Amt"), refuse)
    details = [tx for block in _children(entry, "NtryDtls") for tx in _children(block, "TxDtls")]
    if len(details) > 1:
        # A batch booked as one entry: one movement per transaction, which must add up.
        parts = [_cents(_first(_child(tx, "Amt"), _child(tx, "AmtDtls", "TxAmt", "Amt")), refuse) for tx in details]
        if sum(parts) != entry_cents:
            refuse(entry, _("the entry's transactions do not add up to its amount."))
    else:
        parts = [entry_cents]
        details = details or [None]
    movements = []
    for index, (tx, cents) in enumerate(zip(details, parts, strict=True)):
        party = "Dbtr" if sign > 0 else "Cdtr"
        name = _text(tx, "RltdPties", party, "Nm") or _text(tx, "RltdPties", party, "Pty", "Nm")
        iban = _text(tx, "RltdPties", f"{party}Acct", "Id", "IBAN")
        try:
            iban = normalise_iban(iban) if iban else ""
        except ValueError:
            pass
        reference = ""
        remittance = _child(tx, "RmtInf")
        for structured in _children(remittance, "Strd"):
            ref_info = _child(structured, "CdtrRefInf")
            code = _text(ref_info, "Tp", "CdOrPrtry", "Cd")
            issuer = _text(ref_info, "Tp", "Issr")
            if code == "SCOR" and issuer.upper() == "BBA":
                reference = normalise(_text(ref_info, "Ref")) or reference
        free = " ".join(c.text.strip() for c in _children(remittance, "Ustrd") if c.text and c.text.strip())
        reference = reference or find_in(free) or ""
        bank_ref = (_text(entry, "AcctSvcrRef") or _text(tx, "Refs", "AcctSvcrRef") or _text(tx, "Refs", "EndToEndId"))
        movements.append(Movement(
            identity=identity_of("camt053", account, booked_on, statement_id if not bank_ref else "", position
                                 if not bank_ref else "", bank_ref, index, sign * cents),
            account_iban=account,
            booked_on=booked_on,
            amount_cents=sign * cents,
            counterparty_name=name,
            counterparty_iban=iban,
            structured_reference=reference,
            communication=free,
            is_reversal=is_reversal,
            line=lines.get(id(entry), 0),
        ))
    return movements
