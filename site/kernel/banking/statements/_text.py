from django.utils.translation import gettext as _

from ..errors import StatementRefusal


def decode_lines(content: bytes, *, encodings: tuple[str, ...]) -> list[str]:
    """The file's lines, decoded by the first encoding that reads every byte;
    refused, naming the line, if none does or if a line holds control
    characters (a binary file, or a text cut in the middle of a character)."""
    text = None
    for encoding in encodings:
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError as error:
            failed_at = error.start
    if text is None:
        line = content[:failed_at].count(b"\n") + 1
        raise StatementRefusal(
            _("Line %(line)d: the file's characters cannot be read (wrong encoding).") % {"line": line}, line=line
        )
    lines = text.removeprefix("\ufeff").split("\n")
    for number, line in enumerate(lines, start=1):
        line = line.removesuffix("\r")
        lines[number - 1] = line
        if any(ord(c) < 32 and c != "\t" for c in line):
            raise StatementRefusal(
                _("Line %(line)d holds characters that are not text: the file is damaged.") % {"line": number},
                line=number,
            )
    while lines and not lines[-1].strip():
        lines.pop()
    return lines
