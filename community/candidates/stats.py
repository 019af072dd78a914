"""Figures about candidate owners that other parts of Socle show (the home
page's "registered candidate owners")."""


def registered_candidate_count() -> int:
    """Active candidacies in the register."""
    from .models import Application

    return Application.objects.filter(status=Application.Status.ACTIVE).count()
