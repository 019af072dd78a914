"""What every partner endpoint shares: the key, the scope, the rate limit,
the log of calls and errors as JSON in the caller's language."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions, permissions, throttling
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView
from socle_site.kernel import ratelimit

from community.models import PartnerToken

from . import policy, services


class PartnerTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer socle_…``: the key of a partner organisation.
    The request has no person behind it (an anonymous user): the API reads
    only what anybody may know, narrowed by the key's scopes."""

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != b"bearer":
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Send the key after the word Bearer, and nothing else."))
        try:
            key = parts[1].decode("ascii")
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("This key is not valid.")) from None
        token = PartnerToken.objects.select_related("organisation").filter(key_hash=policy.key_hash(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("This key is not valid."))
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("This key was revoked. Ask the trust's staff for a new one."))
        if not policy.is_usable(expires_at=token.expires_at, revoked_at=token.revoked_at, now=timezone.now()):
            raise exceptions.AuthenticationFailed(_("This key has expired. Ask the trust's staff for a new one."))
        return (AnonymousUser(), token)

    def authenticate_header(self, request):
        return 'Bearer realm="socle"'


class HasScope(permissions.BasePermission):
    """The key opens the endpoint's scope (``PartnerView.scope``)."""

    def has_permission(self, request, view) -> bool:
        token = request.auth
        if not isinstance(token, PartnerToken):
            raise exceptions.NotAuthenticated(_("Send your key in the header: Authorization: Bearer <key>."))
        if not policy.grants(token.scopes, view.scope):
            self.message = _("This key does not open this part of the API (scope “%(scope)s”).") % {"scope": view.scope}
            return False
        return True


class TooManyCalls(exceptions.Throttled):
    def __init__(self, wait: int):
        super().__init__(
            detail=_("Too many calls with this key: wait %(seconds)d seconds, then try again.") % {"seconds": wait}
        )
        self.wait = wait


class PartnerRateThrottle(throttling.BaseThrottle):
    """Calls per key, counted by the project's one rate limit
    (socle_site.kernel.ratelimit): in Redis, shared by every process, and in
    the database while Redis is down, where DRF's own throttles, counted in
    the cache, would let everything through."""

    def allow_request(self, request, view) -> bool:
        self.rate = settings.SOCLE_API_RATE
        return ratelimit.hit(f"api:{request.auth.pk}", self.rate)

    def wait(self) -> int:
        _limit, period = ratelimit.parse_rate(self.rate)
        return max(1, int(period - time.time() % period))


# The base of every partner endpoint: a feature subclasses it, sets ``scope``
# and answers ``get`` (a comment, not a docstring: drf-spectacular would show
# a docstring as every endpoint's description).
class PartnerView(APIView):

    scope = PartnerToken.Scope.FIGURES
    authentication_classes = [PartnerTokenAuthentication]
    permission_classes = [HasScope]
    throttle_classes = [PartnerRateThrottle]
    renderer_classes = [JSONRenderer]
    http_method_names = ["get", "head", "options"]

    def throttled(self, request, wait):
        raise TooManyCalls(int(wait or 1))

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        token = request.auth
        if isinstance(token, PartnerToken):
            match = request.resolver_match
            services.record_call(token=token, route=match.view_name if match else "", status=response.status_code)
        # Figures change slowly, but what a key may see does not belong in a shared cache.
        response["Cache-Control"] = "private, no-store"
        return response


def exception_handler(exc, context):
    """DRF's answer, always ``{"detail": "…"}`` in the caller's language
    (Accept-Language); validation errors keep their fields under ``errors``."""
    from rest_framework.views import exception_handler as drf_handler

    response = drf_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError):
        response.data = {"detail": _("Some parameters are not valid."), "errors": exc.detail}
    return response


def not_found(request, *args, **kwargs):
    """An address under /api/v1/ that no endpoint answers: JSON, not the
    site's HTML page."""
    return JsonResponse({"detail": _("There is no such endpoint. The list is in the schema: /api/v1/schema/.")}, status=404)
