from django.contrib.admin import site as admin_site
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from . import bounces, status


def status_page(request):
    """The administrator's status page: Redis, the task queue, failed tasks,
    the last backup, free disk space and the addresses that bounce."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm("ops.view_status"):
        raise PermissionDenied(_("Only staff see the status of the service."))
    context = {
        **admin_site.each_context(request),
        "title": _("Status of the service"),
        "redis": status.redis_state(),
        "queue": status.task_queue(),
        "failed": status.failed_tasks(),
        "backup": status.last_backup(),
        "disk": status.disk(),
        "failing_addresses": bounces.failing_addresses()[:50],
    }
    return render(request, "ops/status.html", context)
