def check_alerts() -> None:
    """Scheduled every 15 minutes (socle_site.ops.apps): e-mail the administrators."""
    from .alerts import send_alerts

    send_alerts()
