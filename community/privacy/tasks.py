"""Background work: the daily retention run and building exports."""

from django.utils import translation


def run_retention() -> str:
    from .engine import run_retention as run

    lines = run()
    return ", ".join(f"{line.label}: {line.count}" for line in lines if line.count) or "nothing to do"


def build_export(request_id: int) -> None:
    from .models import DataRequest
    from .services import build_export as build

    request = DataRequest.objects.filter(pk=request_id).select_related("user").first()
    if request is None:
        return
    # The readable page is written in the member's language.
    with translation.override(request.user.language):
        build(request_id=request_id)
