"""Belgian structured communication ("OGM" in French, "VCS" in Dutch):
``+++123/4567/89002+++``, a 10-digit base followed by its two check digits,
the base modulo 97, where a remainder of 0 gives 97 (Febelfin's standard).
Banks carry it as 12 digits; people type it with spaces, slashes, ``+++``
or ``***``."""

import re

_PUNCTUATION = re.compile(r"[\s/+*.\-]")


def check_digits(base: str) -> str:
    """The two check digits of a 10-digit base."""
    if len(base) != 10 or not base.isdigit():
        raise ValueError(base)
    remainder = int(base) % 97
    return f"{remainder or 97:02d}"


def make_structured(base: str | int) -> str:
    """The 12 digits of the structured communication for a base of up to 10
    digits (left-padded with zeros)."""
    text = f"{int(base):010d}" if isinstance(base, int) else base
    if isinstance(base, int) and not 0 <= base < 10**10:
        raise ValueError(base)
    return text + check_digits(text)


def normalise(text: str) -> str | None:
    """The 12 digits of what a person or a bank wrote, or None if it is not a
    valid structured communication."""
    if not text:
        return None
    digits = _PUNCTUATION.sub("", text)
    if len(digits) != 12 or not digits.isdigit() or not digits.isascii():
        return None
    return digits if check_digits(digits[:10]) == digits[10:] else None


def is_valid(text: str) -> bool:
    return normalise(text) is not None


def display(digits: str) -> str:
    """``+++123/4567/89002+++`` as printed on a transfer form."""
    value = normalise(digits)
    if value is None:
        raise ValueError(digits)
    return f"+++{value[:3]}/{value[3:7]}/{value[7:]}+++"


_IN_TEXT = re.compile(r"(?<!\d)(?:[+*]{3}\s*)?\d{3}\s*/?\s*\d{4}\s*/?\s*\d{5}(?:\s*[+*]{3})?(?!\d)")


def find_in(text: str) -> str | None:
    """The one valid structured communication written in a free text (a payer
    who typed it in the free field), or None if there is none or several."""
    found = {value for value in (normalise(m.group()) for m in _IN_TEXT.finditer(text or "")) if value}
    return found.pop() if len(found) == 1 else None
