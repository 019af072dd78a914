"""A building's co-owners' meeting is named in each reader's language, from a
template that needs no elision ("Copropriété Arc-en-Ciel", never "de Arc-en-Ciel")."""

import pytest
from django.utils import translation

from coownership.meetings import building_body
from tests.coownership.conftest import make_building

pytestmark = pytest.mark.django_db


def test_the_body_of_a_building_reads_in_every_language():
    building = make_building("arc-en-ciel")  # named "Arc-En-Ciel"
    body = building_body(building)
    names = {}
    for language in ("fr", "nl", "en"):
        with translation.override(language):
            names[language] = body.name
    assert names == {"fr": "Copropriété Arc-En-Ciel", "nl": "Mede-eigendom Arc-En-Ciel", "en": "Co-owners — Arc-En-Ciel"}
