"""Pure text rules of posts: no database."""

import html as html_lib
import re

from django.utils.html import escape, linebreaks, strip_tags
from socle_site.kernel.sanitise import sanitise_html

# A mention is "@" followed by a reader's name as the forum shows it
# ("@Claire Dumont"), chosen from the suggestions. An e-mail address after "@"
# (how mentions were written before) still reaches the person, but is replaced
# by their name before the post is stored: other readers never see an address.
MENTION_RE = re.compile(r"(?<![\w@])@([\w.+-]+@[\w-]+(?:\.[\w-]+)+)")
MENTION_START_RE = re.compile(r"(?<![\w@])@")
QUOTE_MAX_CHARS = 600
TAG_RE = re.compile(r"<[a-zA-Z!/]")


def mentioned_emails(text: str) -> set[str]:
    """The e-mail addresses mentioned in a post, lower-cased.

    >>> sorted(mentioned_emails("Thanks @Claire@socle.test and @bob@x.be."))
    ['bob@x.be', 'claire@socle.test']
    """
    return {m.rstrip(".").lower() for m in MENTION_RE.findall(text)}


def mentioned_names(text: str, names: set[str]) -> set[str]:
    """The names (among ``names``) written after an "@", the longest that fits
    where several start alike; case is ignored, the name ends at a non-letter.

    >>> sorted(mentioned_names("Thanks @claire dumont, and @Jan Peeters!", {"Claire Dumont", "Jan Peeters", "Jan"}))
    ['Claire Dumont', 'Jan Peeters']
    >>> sorted(mentioned_names("@Jan Peetersen and mail@Jan", {"Jan Peeters", "Jan"}))
    ['Jan']
    """
    by_length = sorted(names, key=len, reverse=True)
    found = set()
    for match in MENTION_START_RE.finditer(text):
        rest = text[match.end():]
        for name in by_length:
            if rest[: len(name)].lower() == name.lower() and not rest[len(name): len(name) + 1].isalnum():
                found.add(name)
                break
    return found


def replace_email_mentions(text: str, names_by_email: dict[str, str]) -> str:
    """Each "@address" of a known reader becomes "@Their Name"; an unknown
    address is left as typed (it names nobody here).

    >>> replace_email_mentions("Hi @Claire@Socle.test.", {"claire@socle.test": "Claire Dumont"})
    'Hi @Claire Dumont.'
    """
    def name_of(match: re.Match) -> str:
        address = match.group(1)
        trailing = address[len(address.rstrip(".")):]
        name = names_by_email.get(address.rstrip(".").lower())
        return f"@{name}{trailing}" if name else match.group(0)

    return MENTION_RE.sub(name_of, text)


def render_post(text: str) -> str:
    """Text as typed (plain, or a little HTML) → the safe HTML stored.
    Plain text keeps its paragraphs; everything goes through the one sanitiser."""
    text = text.strip()
    if not TAG_RE.search(text):
        text = linebreaks(escape(text))
    return sanitise_html(text)


def quote_of(author_name: str, body_html: str) -> str:
    """The text prefilled in a reply that quotes a post: its plain text, cut."""
    plain = " ".join(strip_tags(body_html).split())
    if len(plain) > QUOTE_MAX_CHARS:
        plain = plain[:QUOTE_MAX_CHARS].rsplit(" ", 1)[0] + " …"
    return f"<blockquote><p>{escape(author_name)}: {escape(plain)}</p></blockquote>\n"


PLAIN_TAGS_RE = re.compile(r"</?p>|<br\s*/?>")


def editable_text(body_html: str) -> str:
    """Stored HTML back into what the person typed, when it was plain text
    (only paragraphs and line breaks); richer HTML is given back as is, and
    render_post reads both the same way.

    >>> editable_text("<p>Hello<br>you</p>\\n\\n<p>Bye &amp; thanks</p>")
    'Hello\\nyou\\n\\nBye & thanks'
    >>> editable_text("<p><strong>Bold</strong></p>")
    '<p><strong>Bold</strong></p>'
    """
    if TAG_RE.search(PLAIN_TAGS_RE.sub("", body_html)):
        return body_html
    paragraphs = re.split(r"</p>\s*<p>", body_html.strip())
    text = "\n\n".join(
        re.sub(r"<br\s*/?>\n?", "\n", PLAIN_TAGS_RE.sub(
            lambda m: m.group(0) if m.group(0).startswith("<br") else "", p
        ))
        for p in paragraphs
    )
    text = html_lib.unescape(text).strip()
    # Text that would read as markup once typed back (e.g. "a <b") stays HTML,
    # in a paragraph so that render_post reads it as HTML again.
    if TAG_RE.search(text):
        return body_html if TAG_RE.search(body_html) else f"<p>{body_html}</p>"
    return text
