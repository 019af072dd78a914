"""The minutes' text of any meeting, built once (issue 17: assemblies and
platform meetings each wrote their own).

Every kind's minutes open the same way: the meeting's title, who met, when and
where, the chair and the secretary; then who was there (each kind names its
groups: present in person, online, represented by proxy, excused…), then the
agenda items in order. What a kind adds comes in as parameters, already
rendered by the kind: a note after the attendance (the quorum of an assembly),
a part under each item (its votes), and sections after the items (an
assembly's other votes, a platform's actions). The base imports no feature.

The text is HTML in the writer's language (the current one); the kind's
secretary edits it afterwards, through the sanitiser."""

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.template.loader import render_to_string
from django.utils.html import strip_tags

TEMPLATE = "meetings/minutes.html"


@dataclass(frozen=True)
class Heading:
    """Who met, when and where. ``held_by`` names the body or platform;
    ``online`` says the meeting could also be joined online."""

    title: str
    held_by: str
    starts_at: datetime
    place: str = ""
    online: bool = False
    chair: str = ""
    secretary: str = ""


@dataclass(frozen=True)
class Group:
    """One line of the attendance: its label as the kind words it ("Present
    in person:") and the people in it, written as they should read."""

    label: str
    people: Sequence[str] = ()


@dataclass(frozen=True)
class Item:
    """An agenda item: its title, its description (sanitised HTML) and the
    kind's part under it (sanitised or rendered HTML: votes, decisions)."""

    title: str
    description_html: str = ""
    detail_html: str = ""


@dataclass(frozen=True)
class Section:
    """A part a kind adds after the agenda items, under its own heading."""

    heading: str
    html: str


@dataclass(frozen=True)
class Minutes:
    heading: Heading
    attendance: Sequence[Group]
    items: Sequence[Item]
    # Rendered HTML the kind puts after the attendance (an assembly's quorum).
    attendance_note: str = ""
    sections: Sequence[Section] = field(default_factory=tuple)


def minutes_html(minutes: Minutes) -> str:
    """The minutes as HTML, in the current language."""
    return render_to_string(TEMPLATE, {"minutes": minutes})


BLOCK_END = re.compile(r"</(?:h[1-6]|p|li|ul|ol)>|<br\s*/?>", re.IGNORECASE)


def as_plain_text(minutes_html_text: str) -> str:
    """The minutes as a person edits them in a plain text box: one paragraph
    per heading, line or list entry, no tags (a form that reads plain text
    back into paragraphs, as the platforms' does, keeps them).

    >>> print(as_plain_text("<h2>AG</h2>\\n<p>Present: Ana &amp; Bob.</p>\\n\\n<h3>1. Budget</h3>\\n\\n<ul><li>Pay</li></ul>"))
    AG
    <BLANKLINE>
    Present: Ana & Bob.
    <BLANKLINE>
    1. Budget
    <BLANKLINE>
    Pay
    """
    text = html.unescape(strip_tags(BLOCK_END.sub("\n\n", minutes_html_text)))
    paragraphs = [" ".join(part.split()) for part in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paragraphs if p)
