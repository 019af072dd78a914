"""Bank statement files read into one plain movement type.

``read_statement(content)`` detects the format from the bytes (CODA, CAMT.053
or CSV), refuses a hostile or damaged file as a whole with a translated
``StatementRefusal`` naming the failing line, and otherwise returns every
movement, amounts in signed integer cents (credits positive)."""

from django.utils.translation import gettext as _

from ..errors import StatementRefusal
from .movement import MAX_STATEMENT_BYTES, Movement, Statement

__all__ = ["MAX_STATEMENT_BYTES", "Movement", "Statement", "StatementRefusal", "detect_format", "read_statement"]


def detect_format(content: bytes) -> str:
    """``coda``, ``camt053`` or ``csv``, read from the content, not the file name."""
    head = content[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        return "camt053"
    if head.startswith(b"00000") and len(head.split(b"\n", 1)[0].rstrip(b"\r")) == 128:
        return "coda"
    return "csv"


def read_statement(content: bytes, *, csv_columns: dict[str, str] | None = None) -> Statement:
    if len(content) > MAX_STATEMENT_BYTES:
        raise StatementRefusal(
            _("The file is too large (%(mb)d MB at most).") % {"mb": MAX_STATEMENT_BYTES // (1024 * 1024)}
        )
    if not content.strip():
        raise StatementRefusal(_("The file is empty."), line=1)
    if content.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in content:
        line = content[: content.find(b"\x00")].count(b"\n") + 1 if b"\x00" in content else 1
        raise StatementRefusal(
            _("Line %(line)d: the file is not plain text (it may be UTF-16 or a spreadsheet). "
              "Download the statement again as CODA, CAMT.053 or CSV.") % {"line": line},
            line=line,
        )
    kind = detect_format(content)
    if kind == "coda":
        from .coda import read_coda

        return read_coda(content)
    if kind == "camt053":
        from .camt import read_camt053

        return read_camt053(content)
    from .csv_file import read_csv

    return read_csv(content, columns=csv_columns)
