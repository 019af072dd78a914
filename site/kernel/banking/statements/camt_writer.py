"""A CAMT.053 statement written from movements: what a bank would send, for
the demo's ground-lease account and for tests (the reader is camt.py). Only
what the reader uses: the account, each entry's amount, date, the payer's
name and IBAN, and a structured or free communication."""

from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape


@dataclass(frozen=True)
class Entry:
    booked_on: date
    amount_cents: int  # credits positive
    name: str = ""
    iban: str = ""
    reference: str = ""  # 12 digits, or a free communication below
    communication: str = ""
    bank_ref: str = ""


def write_camt053(iban: str, entries: list[Entry], *, statement_id: str = "1") -> bytes:
    parts = []
    for number, entry in enumerate(entries, start=1):
        side, party, account = ("CRDT", "Dbtr", "DbtrAcct") if entry.amount_cents > 0 else ("DBIT", "Cdtr", "CdtrAcct")
        euros, cents = divmod(abs(entry.amount_cents), 100)
        remittance = (f"<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>BBA</Issr></Tp>"
                      f"<Ref>{escape(entry.reference)}</Ref></CdtrRefInf></Strd>") if entry.reference else (
            f"<Ustrd>{escape(entry.communication)}</Ustrd>")
        parts.append(
            f"<Ntry><Amt Ccy=\"EUR\">{euros}.{cents:02d}</Amt><CdtDbtInd>{side}</CdtDbtInd><Sts>BOOK</Sts>"
            f"<BookgDt><Dt>{entry.booked_on.isoformat()}</Dt></BookgDt>"
            f"<AcctSvcrRef>{escape(entry.bank_ref or f'{statement_id}-{number}')}</AcctSvcrRef>"
            f"<NtryDtls><TxDtls><RltdPties><{party}><Nm>{escape(entry.name)}</Nm></{party}>"
            + (f"<{account}><Id><IBAN>{escape(entry.iban)}</IBAN></Id></{account}>" if entry.iban else "")
            + f"</RltdPties><RmtInf>{remittance}</RmtInf></TxDtls></NtryDtls></Ntry>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>'
        f"<GrpHdr><MsgId>{escape(statement_id)}</MsgId></GrpHdr><Stmt><Id>{escape(statement_id)}</Id>"
        f"<Acct><Id><IBAN>{escape(iban)}</IBAN></Id><Ccy>EUR</Ccy></Acct>"
        + "".join(parts) + "</Stmt></BkToCstmrStmt></Document>\n"
    ).encode()
