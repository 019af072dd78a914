"""Staff and editors reach the administration (/admin/, /cms/) only with a
second factor set up: without one they are sent to set up TOTP first."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

PROTECTED_PREFIXES = ("/admin/", "/cms/")
# The login pages themselves must stay reachable.
OPEN_PATHS = ("/admin/login/", "/admin/logout/", "/cms/login/", "/cms/logout/")


def needs_second_factor(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if not (user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin")):
        return False
    from allauth.mfa.utils import is_mfa_enabled

    return not is_mfa_enabled(user)


class StaffMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            getattr(settings, "SOCLE_STAFF_MFA_REQUIRED", False)
            and request.path.startswith(PROTECTED_PREFIXES)
            and not request.path.startswith(OPEN_PATHS)
            and needs_second_factor(request.user)
        ):
            messages.warning(request, _("The administration needs two-factor authentication. Set it up first, then come back."))
            return redirect("mfa_activate_totp")
        return self.get_response(request)


# What the administration needs beyond the site's policy, found by walking it
# in Chromium (tests/e2e/test_admin_csp.py).
ADMIN_CSP_UPDATE = {
    # Wagtail's and Django's admin set style="" attributes from their own
    # scripts and templates (widths, hidden panels…).
    "style-src": ["'unsafe-inline'"],
    # Image previews built in the browser before upload.
    "img-src": ["blob:"],
}
ADMIN_CSP_REPLACE = {
    # Wagtail shows page previews in an iframe of its own.
    "frame-ancestors": ["'self'"],
}
# Django's admin (/admin/) runs with scripts from 'self' only. Wagtail 7.4's
# admin (/cms/) still writes inline scripts, so /cms/ alone allows them:
# - date and date-time filters and fields: initDateChooser(...) and
#   initDateTimeChooser(...) after each input (AdminDateInput,
#   AdminDateTimeInput: WidgetWithScript.render_js_init), on the page
#   explorer's and users' filters, and the page editor's scheduling dialog;
# - page choosers in the editor: new PageChooser("id_…", {...})
#   (AdminPageChooser.render_js_init);
# - the chooser modals' HTML responses, whose inline scripts jQuery runs
#   when it inserts them (vendor.js).
# Their content changes with each field's id, so hashes cannot list them, and
# a nonce added to every inline script would also bless an injected one.
WAGTAIL_ADMIN_PREFIX = "/cms/"
WAGTAIL_CSP_UPDATE = {"script-src": ["'unsafe-inline'"]}


class AdminCSPMiddleware:
    """Sits after django-csp's middleware: on /admin/ and /cms/ the policy
    is the site's with the additions above; inline scripts only on /cms/."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "is_preview", False):
            # Wagtail renders a preview through the middleware with the
            # page's own path, to show it in the editor's iframe.
            response._csp_replace = {**ADMIN_CSP_REPLACE, **(getattr(response, "_csp_replace", None) or {})}
        elif request.path.startswith(PROTECTED_PREFIXES):
            update = dict(ADMIN_CSP_UPDATE)
            if request.path.startswith(WAGTAIL_ADMIN_PREFIX):
                update.update(WAGTAIL_CSP_UPDATE)
            response._csp_update = {**update, **(getattr(response, "_csp_update", None) or {})}
            response._csp_replace = {**ADMIN_CSP_REPLACE, **(getattr(response, "_csp_replace", None) or {})}
        return response


# allauth's views whose limits (ACCOUNT_RATE_LIMITS, and its own for codes)
# are counted in the cache: guessing passwords or codes, or sending e-mails.
CACHE_LIMITED_VIEWS = frozenset(
    {
        "account_login",
        "account_signup",
        "account_reauthenticate",
        "account_email",
        "account_change_password",
        "account_reset_password",
        "account_reset_password_from_key",
        "account_confirm_email",
        "account_email_resend",
        "account_request_login_code",
        "account_confirm_login_code",
        "mfa_authenticate",
        "mfa_reauthenticate",
    }
)


class AuthRateLimitGuardMiddleware:
    """allauth counts failed logins and password resets in the cache. When the
    cache (Redis) cannot be reached those counts would silently vanish, and
    guessing passwords would be unlimited: such posts are refused with a
    translated 503 until Redis is back. Reading these pages, and everything
    else (members already logged in, the public site, forms with our own rate
    limits, which count in the database meanwhile), stays open."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if request.method != "POST" or match is None or match.url_name not in CACHE_LIMITED_VIEWS:
            return None
        from socle_site.kernel.cache import is_reachable
        from socle_site.kernel.outage import unavailable

        if is_reachable():
            return None
        return unavailable(
            request,
            _("Signing in, signing up and resetting a password are paused for a few minutes while part of the service is repaired. Everything else still works; please try again shortly."),
            retry_after=60,
        )
