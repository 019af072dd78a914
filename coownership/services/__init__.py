"""The co-ownership's writes, one module per use case: buildings (lots,
owners, roles), charges (keys, meters, budget, expenses), calls (calls for
funds, payments, reminders), bank (statements, credits, references),
statements, tickets, documents, convocations (e-mail consents, registered letters). New code imports the use case's module;
these names keep the existing call sites."""

from ..errors import CoownershipRefusal, ImportRefusal
from ._common import DOCUMENT_TYPES, MAX_DOCUMENT_SIZE, MAX_PHOTO_SIZE, PHOTO_TYPES
from .bank import (
    ImportResult,
    assign_bank_credit,
    check_bank_statement,
    confirm_bank_debit,
    dismiss_bank_credit,
    dismiss_bank_debit,
    ensure_payment_reference,
    import_bank_statement,
    set_bank_account,
    undo_bank_credit,
    undo_bank_debit,
)
from .buildings import (
    assign_building_role,
    change_lot_shares,
    check_lot_shares,
    create_building,
    end_building_role,
    transfer_lot,
)
from .calls import (
    QUARTER_DUE,
    issue_call_for_funds,
    record_opening_balance,
    record_payment,
    send_arrears_reminders,
)
from .charges import (
    allocate_expenses,
    create_key,
    record_expense,
    record_meter_readings,
    set_budget_line,
)
from .convocations import record_email_consent, record_letters_sent, withdraw_email_consent
from .debits import collection_file, record_mandate, revoke_mandate, set_creditor_id
from .documents import upload_document
from .statements import render_statement, request_statement
from .tickets import assign_ticket, change_ticket_status, comment_ticket, report_ticket
from .transfers import transfer_batch

__all__ = ["allocate_expenses", "assign_bank_credit", "assign_building_role", "assign_ticket", "change_lot_shares", "change_ticket_status", "check_bank_statement", "check_lot_shares", "collection_file", "comment_ticket", "confirm_bank_debit", "CoownershipRefusal", "create_building", "create_key", "dismiss_bank_credit", "dismiss_bank_debit", "DOCUMENT_TYPES", "end_building_role", "ensure_payment_reference", "import_bank_statement", "ImportRefusal", "ImportResult", "issue_call_for_funds", "MAX_DOCUMENT_SIZE", "MAX_PHOTO_SIZE", "PHOTO_TYPES", "QUARTER_DUE", "record_email_consent", "record_expense", "record_letters_sent", "record_mandate", "record_meter_readings", "record_opening_balance", "record_payment", "render_statement", "report_ticket", "request_statement", "revoke_mandate", "send_arrears_reminders", "set_bank_account", "set_budget_line", "set_creditor_id", "transfer_batch", "transfer_lot", "undo_bank_credit", "undo_bank_debit", "upload_document", "withdraw_email_consent"]
