"""CODA, the Belgian banks' coded statement of account (Febelfin, version 2):
fixed-width records of 128 characters. The records are read by febelfin-coda
(B2CK, the Tryton project's parser); before that, every line is checked here
so that a damaged file is refused with the line that failed: febelfin-coda
checks the totals with ``assert``, which ``python -O`` removes, so the totals
are checked here too."""

import io
from datetime import datetime

import coda as febelfin_coda
from django.utils.translation import gettext as _

from ..errors import StatementRefusal
from ..iban import normalise_iban
from ..references import find_in, normalise
from ._text import decode_lines
from .movement import Movement, Statement, identity_of

LENGTH = 128
RECORDS = {"0", "1", "2", "3", "4", "8", "9"}
# Transaction type (first digit of the code, position 54): 0-3 are movements on
# the account; 5-9 are the details of a globalised movement, already counted.
OWN_MOVEMENT_TYPES = {"0", "1", "2", "3"}
# Record 2.2, position 113: type of R-transaction (1 reject, 2 return, 3 refund,
# 4 reversal, 5 cancellation).
R_TRANSACTIONS = {"1", "2", "3", "4", "5"}


def _refuse(line: int, message: str):
    raise StatementRefusal(_("Line %(line)d: %(reason)s") % {"line": line, "reason": message}, line=line)


def _check_date(number: int, text: str) -> None:
    try:
        datetime.strptime(text, "%d%m%y")
    except ValueError:
        _refuse(number, _("the date “%(date)s” is not a date (DDMMYY).") % {"date": text})


def _check_amount(number: int, sign: str, digits: str) -> int:
    if sign not in "01" or not digits.isdigit():
        _refuse(number, _("the amount cannot be read."))
    # Amounts have three decimals; euros have two.
    if int(digits) % 10:
        _refuse(number, _("the amount has more than two decimals."))
    return (-1 if sign == "1" else 1) * int(digits) // 10


def _check_lines(lines: list[str]) -> list[int]:
    """Checks every record; returns the line numbers of the account's own
    movements (records 2.1 of types 0-3), in the order of the file."""
    movement_lines, credits, debits, records = [], 0, 0, 0
    in_statement = False
    for number, line in enumerate(lines, start=1):
        if len(line) != LENGTH:
            _refuse(number, _("a CODA line has 128 characters, this one has %(count)d (the file may be "
                              "truncated or edited).") % {"count": len(line)})
        kind = line[0]
        if kind not in RECORDS or (kind in "23" and line[1] not in "123"):
            _refuse(number, _("this is not a CODA record."))
        if kind == "0":
            if in_statement:
                _refuse(number, _("a statement starts before the previous one is closed."))
            if line[127] != "2":
                _refuse(number, _("only CODA version 2 can be read."))
            _check_date(number, line[5:11])
            in_statement, credits, debits, records = True, 0, 0, 0
            continue
        if not in_statement:
            _refuse(number, _("this record is outside a statement (the file's first line is missing)."))
        if kind == "9":
            counted = line[16:22]
            if not counted.isdigit() or int(counted) != records:
                _refuse(number, _("the closing record counts %(said)s records, the statement has %(count)d.")
                        % {"said": counted.strip() or "?", "count": records})
            if (_check_amount(number, "0", line[22:37]) != debits
                    or _check_amount(number, "0", line[37:52]) != credits):
                _refuse(number, _("the closing record's totals do not match the movements."))
            in_statement = False
            continue
        if kind != "4":
            records += 1
        if kind == "1":
            _check_amount(number, line[42], line[43:58])
            _check_date(number, line[58:64])
        elif kind == "8":
            _check_amount(number, line[41], line[42:57])
            _check_date(number, line[57:63])
        elif kind == "2" and line[1] == "1":
            cents = _check_amount(number, line[31], line[32:47])
            if line[47:53] != "000000":
                _check_date(number, line[47:53])
            _check_date(number, line[115:121])
            if line[53] in OWN_MOVEMENT_TYPES:
                movement_lines.append(number)
                if cents > 0:
                    credits += cents
                else:
                    debits -= cents
    if in_statement:
        _refuse(len(lines), _("the file ends before the statement's closing record: it is truncated."))
    return movement_lines


def _iban_or_raw(text: str) -> str:
    candidate = (text or "").split(" ")[0].strip()
    try:
        return normalise_iban(candidate)
    except ValueError:
        return candidate


def read_coda(content: bytes) -> Statement:
    # Banks write CODA in ISO-8859-1 / Windows-1252; a few export UTF-8.
    lines = decode_lines(content, encodings=("ascii", "utf-8", "cp1252"))
    if not lines:
        raise StatementRefusal(_("The file is empty."), line=1)
    movement_lines = _check_lines(lines)
    try:
        parsed = febelfin_coda.CODA(io.StringIO("".join(f"{line}\n" for line in lines)))
    except (AssertionError, ValueError, KeyError, IndexError, TypeError, AttributeError):
        raise StatementRefusal(_("The CODA file's records do not fit together: it is damaged.")) from None
    accounts = {_iban_or_raw(statement.account) for statement in parsed.statements}
    if len(accounts) != 1:
        raise StatementRefusal(_("The file holds statements of several accounts: import one account at a time."))
    account = accounts.pop()
    movements = []
    lines_left = iter(movement_lines)
    for statement in parsed.statements:
        for move in statement.moves:
            line = next(lines_left, 0)
            cents = int(move.amount * 100)
            if move.communication_type in {"101", "102"}:
                reference, free = normalise(move.communication or "") or "", ""
            else:
                free = " ".join((move.communication or "").split())
                reference = find_in(free) or ""
            movements.append(Movement(
                identity=identity_of("coda", account, move.entry_date, statement.old_sequence, move.sequence,
                                     move.bank_reference, cents),
                account_iban=account,
                booked_on=move.entry_date,
                amount_cents=cents,
                counterparty_name=(move.counterparty_name or "").strip(),
                counterparty_iban=_iban_or_raw(move.counterparty_account or ""),
                structured_reference=reference,
                communication=free,
                is_reversal=(move.r_transaction or "") in R_TRANSACTIONS,
                line=line,
            ))
    return Statement(format="coda", account_iban=account, movements=tuple(movements))
