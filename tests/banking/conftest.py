from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "banking"


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def coda_bytes() -> bytes:
    return (FIXTURES / "statement.coda").read_bytes()


@pytest.fixture
def camt_bytes() -> bytes:
    return (FIXTURES / "statement.camt053.xml").read_bytes()
