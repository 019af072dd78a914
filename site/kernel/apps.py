from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KernelConfig(AppConfig):
    """The shared kernel (README, "Layers"): refusals, sanitising, encryption,
    rate limits, upload checks, live fan-out, formatting, the tolerant cache,
    metrics, banking formats. It imports nothing of the project above it."""

    name = "socle_site.kernel"
    label = "kernel"
    verbose_name = _("Shared kernel")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from socle_site.kernel.dataio import runs
        from socle_site.kernel.jobs import JobKind, register_job_kind

        # The imports show their progress through the one long-job mechanism.
        register_job_kind(JobKind(code=runs.IMPORT_JOB, progress=runs.import_progress))
