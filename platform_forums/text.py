"""Pure text rules of posts: no database."""

import re

from django.utils.html import escape, linebreaks, strip_tags
from socle_site.sanitise import sanitise_html

# A mention is "@" followed by a member's e-mail address: unambiguous, and
# already what members use to find each other.
MENTION_RE = re.compile(r"(?<![\w@])@([\w.+-]+@[\w-]+(?:\.[\w-]+)+)")
QUOTE_MAX_CHARS = 600
TAG_RE = re.compile(r"<[a-zA-Z!/]")


def mentioned_emails(text: str) -> set[str]:
    """The e-mail addresses mentioned in a post, lower-cased.

    >>> sorted(mentioned_emails("Thanks @Claire@socle.test and @bob@x.be."))
    ['bob@x.be', 'claire@socle.test']
    """
    return {m.rstrip(".").lower() for m in MENTION_RE.findall(text)}


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
