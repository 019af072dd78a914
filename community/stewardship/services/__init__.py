"""Stewardship's writes, one module per use case: the yearly checks, the
owners' requests. One function per write, refusals as StewardshipRefusal with
a translated message (nothing changed), notices on commit, every step audited."""

from ._common import StewardshipRefusal
from .checks import (
    DOCUMENT_ASKED,
    _calendar,
    answer_check,
    ensure_rules,
    escalate_overdue,
    open_checks,
    review_check,
    run_daily,
    send_reminders,
)
from .fees import (
    assign_credit,
    ensure_fee_references,
    fee_setting,
    import_fee_statement,
    open_fees,
    set_credit_aside,
)
from .requests import (
    decide_request,
    ensure_decision_rules,
    record_invoices,
    submit_request,
    withdraw_request,
)
from .sales import decide_first_refusal, give_notice, withdraw_notice

__all__ = [
    "DOCUMENT_ASKED", "StewardshipRefusal", "_calendar", "answer_check", "decide_first_refusal", "decide_request",
    "ensure_decision_rules", "give_notice", "withdraw_notice",
    "ensure_rules", "escalate_overdue", "open_checks", "record_invoices", "review_check", "run_daily",
    "send_reminders", "submit_request", "withdraw_request",
    "assign_credit", "ensure_fee_references", "fee_setting", "import_fee_statement", "open_fees", "set_credit_aside",
]
