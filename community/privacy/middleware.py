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
