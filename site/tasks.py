from django.core.management import call_command


def publish_scheduled() -> None:
    """Publish (and unpublish) pages whose scheduled time has come: Wagtail's
    own command, run every five minutes by django-q2 (Schedule created after
    migrate by socle_site.setup)."""
    call_command("publish_scheduled")
