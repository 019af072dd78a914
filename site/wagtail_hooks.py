from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import BaseViewRestriction


@hooks.register("before_serve_page")
def remember_served_page(page, request, serve_args, serve_kwargs):
    # The whole-page cache (socle_site.page_cache) asks which page it stores.
    request._socle_served_page = page


@hooks.register("before_serve_document")
def refuse_a_member_outside_the_documents_groups(document, request):
    # Wagtail sends a logged-in member who is not in the collection's groups
    # to log in again, which cannot help them: tell them why instead.
    if not request.user.is_authenticated:
        return None
    for restriction in document.collection.get_view_restrictions():
        if restriction.restriction_type == BaseViewRestriction.GROUPS and not restriction.accept_request(request):
            raise PermissionDenied(_("This document is only for the groups it is shared with."))
    return None
