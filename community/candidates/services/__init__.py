"""Writes of the register, one module per use case: candidacies (submit,
class, activate, renew, correct), documents, allocation (homes, offers),
deeds (deeds, resales). One function per write, one transaction each,
notifications on commit, refusals as CandidacyRefusal with a translated
message (nothing changed). New code imports the use case's module; these
names keep the existing call sites."""

from ._common import MAX_DOCUMENT_SIZE, CandidacyRefusal
from .allocation import answer_offer, create_home, expire_offers, make_offer
from .candidacies import (
    check_persons,
    complete_step,
    correct_register,
    log_access,
    renew_application,
    send_renewal_reminders,
    submit_application,
)
from .deeds import record_deed, record_resale
from .documents import review_document, upload_document

__all__ = ["CandidacyRefusal", "MAX_DOCUMENT_SIZE", "answer_offer", "check_persons", "complete_step", "correct_register", "create_home", "expire_offers", "log_access", "make_offer", "record_deed", "record_resale", "renew_application", "review_document", "send_renewal_reminders", "submit_application", "upload_document"]
