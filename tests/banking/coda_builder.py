"""Builds CODA version 2 records (128 characters each) for the fixtures.

    .venv/bin/python -m tests.banking.coda_builder   # rewrites tests/fixtures/banking/statement.coda
"""

from pathlib import Path


def _f(value, width, *, digits=False):
    text = str(value)
    text = text.rjust(width, "0") if digits else text.ljust(width)
    assert len(text) == width, (value, width)
    return text


def header(day="010526", bank="096", name="ACP MAPLE", bic="GKCCBEBB"):
    return ("0" + "0000" + day + bank + "05" + " " + " " * 7 + _f("", 10) + _f(name, 26) + _f(bic, 11)
            + _f("00000000000", 11) + " " + "00000" + _f("", 16) + _f("", 16) + " " * 7 + "2")


def account_field(iban):
    return _f(iban, 34) + "EUR"


def old_balance(iban, cents, day="300426", seq="012", holder="ACP MAPLE"):
    return ("1" + "2" + seq + account_field(iban) + ("1" if cents < 0 else "0") + _f(abs(cents) * 10, 15, digits=True)
            + day + _f(holder, 26) + _f("Compte courant", 35) + "001")


def movement(seq, cents, *, bank_ref, day="010526", code="00150000", structured="", free="", next_code="1",
             seq_statement="012"):
    if structured:
        communication = "1" + "101" + structured
    else:
        communication = "0" + free[:53]
    return ("21" + _f(seq, 4, digits=True) + "0000" + _f(bank_ref, 21) + ("1" if cents < 0 else "0")
            + _f(abs(cents) * 10, 15, digits=True) + day + code + _f(communication, 54) + day + seq_statement
            + "0" + next_code + " " + "0")


def movement_2(seq, *, free="", bic="", r_type=" ", reason="    "):
    return ("22" + _f(seq, 4, digits=True) + "0000" + _f(free, 53) + _f("", 35) + _f(bic, 11) + "   " + r_type
            + _f(reason, 4) + "    " + "    " + "1" + " " + "0")


def movement_3(seq, *, iban, name, free=""):
    return "23" + _f(seq, 4, digits=True) + "0000" + _f(iban, 34) + "EUR" + _f(name, 35) + _f(free, 43) + "0 0"


def new_balance(iban, cents, day="010526", seq="012"):
    return ("8" + seq + account_field(iban) + ("1" if cents < 0 else "0") + _f(abs(cents) * 10, 15, digits=True)
            + day + " " * 64 + "0")


def trailer(records, debit_cents, credit_cents):
    return "9" + " " * 15 + _f(records, 6, digits=True) + _f(debit_cents * 10, 15, digits=True) + _f(
        credit_cents * 10, 15, digits=True) + " " * 75 + "2"


ACCOUNT = "BE71096123456769"


def sample(reference: str = "100000000135", account: str = ACCOUNT) -> str:
    """Four movements on the building's account, 1 May 2026: Ann pays with her
    structured communication; Bob pays from a Dutch account with a free
    communication naming his lot; a supplier is paid; a direct debit is
    returned (a reversal)."""
    moves = [
        (movement(1, 27500, bank_ref="EPIB00048AWIUBTKAPUO1", structured=reference),
         movement_2(1, bic="KREDBEBB"),
         movement_3(1, iban="BE68539007547034", name="PEETERS ANN")),
        (movement(2, 33000, bank_ref="EPIB00048AWIUBTKAPUO2", free="Charges L3 T2 2026"),
         movement_2(2, bic="ABNANL2A"),
         movement_3(2, iban="NL91ABNA0417164300", name="JANSSEN BOB")),
        (movement(3, -12050, bank_ref="EPIB00048AWIUBTKAPUO3", code="00101000", free="Facture 2026-114 ascenseur"),
         movement_2(3, bic="BBRUBEBB"),
         movement_3(3, iban="BE62510007547061", name="KONE BELGIUM SA")),
        (movement(4, -4000, bank_ref="EPIB00048AWIUBTKAPUO4", code="00505000", free="Retour domiciliation"),
         movement_2(4, bic="GEBABEBB", r_type="2", reason="MD06"),
         movement_3(4, iban="BE43068999999501", name="ENGIE ELECTRABEL")),
    ]
    credit = 27500 + 33000
    debit = 12050 + 4000
    old = 100000
    records = [header(), old_balance(account, old)]
    for triple in moves:
        records.extend(triple)
    records.append(new_balance(account, old + credit - debit))
    count = len(records) - 1  # records 1, 2.x and 8
    records.append(trailer(count, debit, credit))
    for record in records:
        assert len(record) == 128, (len(record), record)
    return "".join(f"{r}\r\n" for r in records)



def statement(moves, account: str = ACCOUNT, *, old_cents: int = 100000, day: str = "010526") -> str:
    """A CODA file of any number of movements, for the benchmark (bench/bank.py) and
    the query-count tests: ``moves`` is (cents, structured reference or "", free
    communication, counterparty IBAN, counterparty name) tuples; each movement has
    its own bank reference, so each has its own identity."""
    records = [header(day=day), old_balance(account, old_cents)]
    credit = debit = 0
    for seq, (cents, structured, free, iban, name) in enumerate(moves, start=1):
        records.append(movement(seq, cents, bank_ref=f"BENCH{seq:016d}", day=day,
                                code="00150000" if cents > 0 else "00101000", structured=structured, free=free))
        records.append(movement_2(seq))
        records.append(movement_3(seq, iban=iban, name=name))
        credit, debit = credit + max(cents, 0), debit + max(-cents, 0)
    records.append(new_balance(account, old_cents + credit - debit, day=day))
    records.append(trailer(len(records) - 1, debit, credit))
    return "".join(f"{r}\r\n" for r in records)

if __name__ == "__main__":
    target = Path(__file__).resolve().parent.parent / "fixtures" / "banking" / "statement.coda"
    target.write_bytes(sample().encode("ascii"))
    print(target)
