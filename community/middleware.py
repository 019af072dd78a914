from django.conf import settings
from django.utils import translation


class UserLanguageMiddleware:
    """Remember the language per session: when a page is served in a language
    that the language cookie does not name, the cookie follows. Logging in
    keeps the language of the login page (see signals)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        language = getattr(request, "_socle_login_language", None) or translation.get_language()
        codes = {code for code, _name in settings.LANGUAGES}
        already_set = settings.LANGUAGE_COOKIE_NAME in response.cookies  # e.g. by set_language
        if (
            language in codes
            and not already_set
            and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language
        ):
            if response.status_code < 400:
                response.set_cookie(
                    settings.LANGUAGE_COOKIE_NAME,
                    language,
                    max_age=settings.LANGUAGE_COOKIE_AGE or 365 * 24 * 3600,
                    path=settings.LANGUAGE_COOKIE_PATH,
                    samesite="Lax",
                    secure=settings.LANGUAGE_COOKIE_SECURE,
                    httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                )
        return response
