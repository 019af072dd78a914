from django.conf import settings
from django.utils import translation

from community.services import people


class UserLanguageMiddleware:
    """Remember the language per session: when a page is served in a language
    that the language cookie does not name, the cookie follows. A member who
    switches (the cookie named another language: the language links of every
    page) has their stored language, the one of their e-mails, follow too.
    Logging in keeps the language of the login page for the session without
    changing the stored one (see signals)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        login_language = getattr(request, "_socle_login_language", None)
        language = login_language or translation.get_language()
        changed = remember_language(request, response, language)
        switched = changed and settings.LANGUAGE_COOKIE_NAME in request.COOKIES
        # Only then is the member looked at: other requests load no session for this.
        if switched and login_language is None and settings.SESSION_COOKIE_NAME in request.COOKIES:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                people.remember_chosen_language(user=user, language=language)
        return response


_CODES = frozenset(code for code, _name in settings.LANGUAGES)


def remember_language(request, response, language: str | None) -> bool:
    """The language cookie follows the language a page was served in (also
    used by the page cache's hits, which skip this middleware); True when it
    changed."""
    already_set = settings.LANGUAGE_COOKIE_NAME in response.cookies  # a view chose it already
    if (
        language in _CODES
        and not already_set
        and response.status_code < 400
        and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language
    ):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE or 365 * 24 * 3600,
            path=settings.LANGUAGE_COOKIE_PATH,
            samesite="Lax",
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        )
        return True
    return False
