import hashlib
from dataclasses import dataclass, field
from datetime import date

# A CODA file of 5,000 movements is about 2 MB; ten times that is no statement.
MAX_STATEMENT_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Movement:
    """One line of a bank statement. ``amount_cents`` is signed: a credit
    (money received) is positive, a debit negative. ``identity`` is stable:
    the same movement read again, from the same file or the next statement
    that repeats it, has the same identity, so imports can be idempotent."""

    identity: str
    account_iban: str
    booked_on: date
    amount_cents: int
    counterparty_name: str = ""
    counterparty_iban: str = ""
    structured_reference: str = ""  # 12 digits, or "" when the payer wrote none
    communication: str = ""  # the free communication
    is_reversal: bool = False
    line: int = 0  # where it starts in the file, for messages

    @property
    def is_credit(self) -> bool:
        return self.amount_cents > 0


@dataclass(frozen=True)
class Statement:
    format: str
    account_iban: str  # "" when the file does not say (CSV)
    movements: tuple[Movement, ...] = field(default_factory=tuple)

    @property
    def total_cents(self) -> int:
        return sum(m.amount_cents for m in self.movements)


def identity_of(kind: str, *parts: object) -> str:
    """A short stable identity from what the bank says about a movement."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:32]
    return f"{kind}:{digest}"
