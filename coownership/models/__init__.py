"""Buildings run as co-ownerships (Civil Code, book 3, art. 3.84 ff.).

Money is kept in whole cents (integers) so that allocations add up exactly.
Files (expense invoices, ticket photos, building documents, statements) are
kept in the database and served only by views that check the perm.

One module per use (STYLE.md: split by use case); every model is imported
here, as Django and the code expect (``coownership.models.Building``)."""

from .bank import BankCredit, BankDebit, Statement, TransferBatch
from .buildings import (
    Building,
    BuildingDocument,
    BuildingRole,
    EmailConsent,
    Fund,
    Lot,
    Ownership,
    RegisteredLetters,
    StoredFile,
)
from .charges import (
    Allocation,
    BudgetLine,
    CallForFunds,
    CallLine,
    DistributionKey,
    Expense,
    KeyWeight,
    MeterReading,
    Payment,
    PaymentReference,
    SepaMandate,
)
from .tickets import Ticket, TicketComment, TicketPhoto

__all__ = [
    "Allocation",
    "BankCredit",
    "BankDebit",
    "BudgetLine",
    "Building",
    "BuildingDocument",
    "BuildingRole",
    "CallForFunds",
    "CallLine",
    "DistributionKey",
    "EmailConsent",
    "Expense",
    "Fund",
    "KeyWeight",
    "Lot",
    "MeterReading",
    "Ownership",
    "Payment",
    "PaymentReference",
    "RegisteredLetters",
    "SepaMandate",
    "Statement",
    "StoredFile",
    "Ticket",
    "TicketComment",
    "TicketPhoto",
    "TransferBatch",
]
