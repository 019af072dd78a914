"""django-q2 task bodies: thin, they call the service."""

from . import services


def render_statement(statement_id: int) -> None:
    services.render_statement(statement_id)
