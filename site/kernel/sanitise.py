"""The one sanitiser for user-written HTML in the whole project.

bleach is no longer maintained (no security fixes since June 2026), so it is
only used to linkify plain-text URLs; the cleaning itself, the security
boundary, is nh3 (Rust's ammonia), which is maintained. Cleaning runs last,
on bleach's output, so nothing bleach produces escapes the allow-list.
"""

import bleach
import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "blockquote", "code", "pre",
    "ul", "ol", "li", "a", "h2", "h3", "h4", "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def sanitise_html(html: str, *, linkify: bool = True) -> str:
    """Return user-written HTML reduced to a strict allow-list. Links get
    rel="nofollow noopener noreferrer"; scripts, styles, event handlers and
    javascript: URLs are removed with their content."""
    if not html:
        return ""
    if linkify:
        # parse_email=False: addresses in posts stay text (no harvesting help).
        html = bleach.linkify(html, callbacks=[], skip_tags={"pre", "code"}, parse_email=False)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )
