"""Who is writing: the trust's name, its address on the web and its contact
address, as every e-mail names them (the notifications', the digests',
allauth's). Decided here once from the settings ``SOCLE_SITE_NAME``,
``SOCLE_CONTACT_EMAIL`` and ``SOCLE_BASE_URL``.

Socle does not install ``django.contrib.sites``: Wagtail's sites serve the
pages, and a second table of sites would be one more thing to keep in step.
allauth asks for ``current_site`` (``.name`` and ``.domain``); the account
adapter hands it this identity instead.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings


@dataclass(frozen=True)
class SiteIdentity:
    name: str
    domain: str
    base_url: str
    contact_email: str


def site_identity() -> SiteIdentity:
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return SiteIdentity(
        name=settings.SOCLE_SITE_NAME,
        domain=urlsplit(base_url).netloc or base_url,
        base_url=base_url,
        contact_email=settings.SOCLE_CONTACT_EMAIL,
    )


def subject(text: str) -> str:
    """An e-mail's subject, prefixed with the site's name as allauth's are."""
    return f"[{settings.SOCLE_SITE_NAME}] {text}"


def context(request) -> dict:
    """Template context processor: ``{{ site_identity.contact_email }}``."""
    return {"site_identity": site_identity()}
