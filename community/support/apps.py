from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_terms(sender, **kwargs):
    """After each migrate: the terms' row, a rule per registered signal, and
    the staff may set them and write the letters in the administration."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    from community.services.roles import STAFF_GROUP

    from .models import SupportSetting
    from .services import ensure_signal_rules

    create_permissions(sender, verbosity=0)
    staff, _created = Group.objects.get_or_create(name=STAFF_GROUP)
    staff.permissions.add(*Permission.objects.filter(content_type__app_label="support", codename__in=[
        "view_supportsetting", "change_supportsetting", "view_signalrule", "change_signalrule",
        "view_lettertemplate", "add_lettertemplate", "change_lettertemplate"]))
    SupportSetting.objects.get_or_create(pk=1)
    ensure_signal_rules()


class SupportConfig(AppConfig):
    name = "community.support"
    label = "support"
    verbose_name = _("Early warning and support")

    def ready(self):
        from community.demo import Stage, register_demo
        from community.menus import MEMBER, MenuLink, register_link
        from community.notifications import register_category

        from . import predicates

        register_link(MEMBER, MenuLink("support", _("Support"), "support:dashboard", order=23,
                                       shown=predicates.is_support))
        register_category("support", _("Messages from the trust's support worker"))
        register_demo("community.support.demo", Stage.FEATURES)
        post_migrate.connect(ensure_terms, sender=self)
