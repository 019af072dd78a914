from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class SocleSiteConfig(AppConfig):
    name = "socle_site"
    label = "socle_site"
    verbose_name = _("Public website")

    def ready(self):
        from community.menus import MAIN, MEMBER_TOOLS, MenuLink, register_link

        # The public site's sections, then the staff's two back offices.
        for order, (section, label) in enumerate(
            (("projects", _("Projects")), ("news", _("News")), ("events", _("Events"))), start=1
        ):
            register_link(MAIN, MenuLink(section, label, "socle_site:section", url_args=(section,), order=order * 10))
        register_link(MAIN, MenuLink("recommendations", _("Recommendations"), "socle_site:section",
                                     url_args=("recommendations",), order=50))
        register_link(MAIN, MenuLink("testimonials", _("Testimonials"), "socle_site:section",
                                     url_args=("testimonials",), order=60))
        register_link(MEMBER_TOOLS, MenuLink("admin", _("Administration"), "admin:index", order=20,
                                             shown=lambda user: user.is_staff))
        register_link(MEMBER_TOOLS, MenuLink("cms", _("Edit the site"), "wagtailadmin_home", order=30,
                                             shown=lambda user: user.has_perm("wagtailadmin.access_admin")))
        from socle_site import page_cache, setup
        from socle_site.backups import services as backups
        from socle_site.kernel import cache
        from socle_site.ops import status
        from wagtail.models import Page, PageViewRestriction, Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from community.demo import Stage, register_demo
        from community.notifications import register_category

        register_demo("socle_site.demo", Stage.CONTENT)
        setup.register_names()

        # The status page and the alerts read the backups' own record.
        status.register_backup_status(backups.last_outcome)
        register_category("public_events", _("Public events I registered for"))
        register_category("resource_orders", _("Orders of printed resources (staff)"))
        # Any change to the tree shows on other pages too (home, indexes).
        page_published.connect(page_cache.invalidate, dispatch_uid="socle_site_cache_published")
        page_unpublished.connect(page_cache.invalidate, dispatch_uid="socle_site_cache_unpublished")
        post_page_move.connect(page_cache.invalidate, dispatch_uid="socle_site_cache_moved")
        post_delete.connect(page_cache.invalidate, sender=Page, dispatch_uid="socle_site_cache_deleted")
        # Routes are remembered with their site; view restrictions change who may see a page.
        for model in (Site, PageViewRestriction):
            post_save.connect(page_cache.invalidate, sender=model, dispatch_uid=f"socle_site_cache_{model.__name__}_saved")
            post_delete.connect(page_cache.invalidate, sender=model, dispatch_uid=f"socle_site_cache_{model.__name__}_deleted")
        # A publish while Redis was down could not drop the cached pages: they
        # are dropped when this process finds Redis again.
        cache.on_reconnect(page_cache.invalidate)
        post_migrate.connect(setup.ensure_editorial_setup, sender=self)
        post_migrate.connect(backups.ensure_schedule, sender=self, dispatch_uid="socle_site_backup_schedule")
