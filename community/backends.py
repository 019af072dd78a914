"""Django's permissions, read with the member's other access rows."""

from django.contrib.auth.backends import ModelBackend

from community.access import access_of


class AccessModelBackend(ModelBackend):
    """Django's ModelBackend, whose user and group permissions come from the
    one access query of the request (``community.access``) instead of two
    queries of their own. Superusers keep Django's answer (every permission)."""

    def get_all_permissions(self, user_obj, obj=None):
        if (
            obj is None
            and user_obj.is_active
            and not user_obj.is_anonymous
            and not user_obj.is_superuser
            and not hasattr(user_obj, "_perm_cache")
        ):
            user_obj._perm_cache = {name for (name,) in access_of(user_obj).rows("permissions")}
        return super().get_all_permissions(user_obj, obj)
