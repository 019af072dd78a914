"""The purposes a person can consent to, each with the current version of its
text, and what withdrawing it does (apps register theirs in ``privacy.py``)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class ConsentPurpose:
    key: str
    label: str | Promise
    text_version: str
    text: str | Promise
    # Called inside the withdrawal's transaction with the Consent row: it
    # undoes what the consent allowed (unpublish, unsubscribe…).
    on_withdraw: Callable | None = None
    # True when the person may give it themselves in "my data" (newsletter);
    # False when it is recorded with the thing it is about (a testimonial).
    self_service: bool = True


_purposes: dict[str, ConsentPurpose] = {}


def register_purpose(purpose: ConsentPurpose) -> None:
    _purposes[purpose.key] = purpose


def get_purpose(key: str) -> ConsentPurpose | None:
    return _purposes.get(key)


def purposes() -> list[ConsentPurpose]:
    return list(_purposes.values())
