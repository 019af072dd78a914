from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocleSiteConfig(AppConfig):
    name = "socle_site"
    label = "socle_site"
    verbose_name = _("Public website")
