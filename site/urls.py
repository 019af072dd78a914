from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.urls import include, path, re_path
from django.utils.translation import gettext as _
from socle_site import page_cache
from socle_site import views as site_views
from socle_site.kernel import jobs
from socle_site.kernel.dataio import views as dataio_views
from socle_site.kernel.routes import feature_urls
from socle_site.ops import views as ops_views
from socle_site.sitemap import sitemap as site_sitemap
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from community import views_invitations as community_invitations

# A database that cannot be reached is a 503 "back in a moment", not a 500.
handler500 = "socle_site.kernel.outage.server_error"

# Staff log in to the administration through allauth (rate limits, MFA).
_admin_login = secure_admin_login(admin.site.login)


def _login_or_refuse(request, *args, **kwargs):
    # allauth refuses a logged-in member who is not staff with a bare 403: say why.
    if request.user.is_authenticated and not request.user.is_staff:
        raise PermissionDenied(_("The administration is for staff only."))
    return _admin_login(request, *args, **kwargs)


admin.site.login = _login_or_refuse

urlpatterns = [
    path("admin/status/", ops_views.status_page, name="ops_status"),
    path("admin/imports/", dataio_views.imports_index, name="dataio_imports"),
    path("admin/imports/<slug:key>/template-<str:language>.<str:fmt>", dataio_views.download_template, name="dataio_template"),
    path("admin/imports/<slug:key>/upload/", dataio_views.upload, name="dataio_upload"),
    path("admin/imports/runs/<int:pk>/", dataio_views.run_detail, name="dataio_run"),
    path("admin/imports/runs/<int:pk>/confirm/", dataio_views.confirm, name="dataio_confirm"),
    path("admin/imports/members-to-invite/", community_invitations.imported_members, name="imported_members"),
    path("admin/", admin.site.urls),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", site_sitemap, name="sitemap"),
    path("robots.txt", site_views.robots_txt, name="robots_txt"),
    path("favicon.ico", site_views.favicon, name="favicon"),
    # The partner API: outside the language prefix, in the Accept-Language asked.
    path("api/v1/", include("community.api.urls")),
]

# Each feature's URLs at the root of a language, passed over at once when the path's
# first segment is none of theirs (socle_site.kernel.routes).
urlpatterns += i18n_patterns(
    # A long job's progress, for its owner (socle_site.kernel.jobs).
    path("my/jobs/<str:code>/<int:pk>/", jobs.job_status, name="job_status"),
    path("accounts/", include("allauth.urls")),
    feature_urls("community.urls"),
    feature_urls("community.candidates.urls"),
    feature_urls("community.stewardship.urls"),
    feature_urls("community.support.urls"),
    feature_urls("community.governance.urls_live"),
    feature_urls("community.governance.urls"),
    feature_urls("community.privacy.urls"),
    feature_urls("platform_forums.urls"),
    feature_urls("events.urls"),
    feature_urls("coownership.urls"),
    feature_urls("socle_site.site_urls"),
    # Wagtail's catch-all comes last; anonymous visitors get whole cached
    # pages (socle_site.page_cache) through the same pattern as wagtail_serve.
    re_path(r"^((?:[\w\-]+/)*)$", page_cache.cached_serve, name="cached_wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

if settings.DEBUG:
    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
