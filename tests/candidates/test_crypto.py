"""Personal data are encrypted at rest: the database holds Fernet tokens."""

import pytest
from django.db import connection
from socle_site.kernel import crypto


def test_round_trip_and_random_tokens():
    token = crypto.encrypt_bytes(b"86.04.12-215.37")
    assert token != crypto.encrypt_bytes(b"86.04.12-215.37")
    assert crypto.decrypt_bytes(token) == b"86.04.12-215.37"


def test_a_token_from_another_key_is_refused(monkeypatch):
    from cryptography.fernet import Fernet

    foreign = Fernet(Fernet.generate_key()).encrypt(b"x")
    with pytest.raises(crypto.InvalidToken):
        crypto.decrypt_bytes(foreign)


def test_key_from_the_environment_and_rotation(monkeypatch):
    from cryptography.fernet import Fernet

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    monkeypatch.setenv("SOCLE_FIELD_KEY", old)
    crypto._fernet.cache_clear()
    token = crypto.encrypt_bytes(b"secret")
    monkeypatch.setenv("SOCLE_FIELD_KEY", f"{new},{old}")
    crypto._fernet.cache_clear()
    try:
        assert crypto.decrypt_bytes(token) == b"secret"  # old tokens still read after rotation
    finally:
        monkeypatch.delenv("SOCLE_FIELD_KEY")
        crypto._fernet.cache_clear()


def test_production_refuses_to_start_without_a_key(settings, monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.delenv("SOCLE_FIELD_KEY", raising=False)
    settings.PRODUCTION = True
    with pytest.raises(ImproperlyConfigured):
        crypto.field_keys()


@pytest.mark.django_db
def test_incomes_and_national_numbers_are_not_readable_in_the_table(person_factory):
    person = person_factory(national_number="86.04.12-215.37", yearly_income="24800")
    with connection.cursor() as cursor:
        cursor.execute("SELECT national_number, yearly_income FROM candidates_person WHERE id = %s", [person.pk])
        raw_number, raw_income = cursor.fetchone()
    assert "215" not in raw_number and "24800" not in raw_income
    person.refresh_from_db()
    assert (person.national_number, person.yearly_income) == ("86.04.12-215.37", "24800")
