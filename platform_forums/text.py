"""Pure text rules of posts: no database."""

import html as html_lib
import re

from django.utils.html import escape, linebreaks, strip_tags
from socle_site.kernel.sanitise import sanitise_html

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
