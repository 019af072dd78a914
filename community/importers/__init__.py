"""The base's imports (issue 23): members and their households, organisations
with their representatives, roles, colleges. Each is an ``Importer`` of
``socle_site.kernel.dataio.importers`` registered when the app loads
(``community.apps``); the kernel reads the file, runs the dry run and writes all
or nothing. Never a password in a file: an imported member with an e-mail
address gets an account without a usable password and an ``Invitation`` that
staff send later (``community.services.invitations``)."""

from .colleges import COLLEGES
from .members import MEMBERS
from .organisations import ORGANISATIONS
from .roles import ROLES

__all__ = ["COLLEGES", "MEMBERS", "ORGANISATIONS", "ROLES", "register"]


def register() -> None:
    from socle_site.kernel.dataio.importers import register_importer

    for importer in (MEMBERS, ORGANISATIONS, COLLEGES, ROLES):
        register_importer(importer)
