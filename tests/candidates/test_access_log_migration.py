"""Migration candidates.0007 moves the register's own access log into the
project's one log: each past reading becomes one row per household member
with an account (one row about nobody when none has one), at the same
instant, with the candidacy as object; the old table goes."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("candidates", "0006_home_is_resale"), ("privacy", "0001_initial")]
AFTER = [("candidates", "0007_access_log_moves_to_the_shared_log")]


@pytest.mark.django_db(transaction=True)
def test_past_readings_move_to_the_shared_log(back_to_latest_migrations):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    User = old.get_model("community", "User")
    Household = old.get_model("community", "Household")
    HouseholdMember = old.get_model("community", "HouseholdMember")
    Application = old.get_model("candidates", "Application")
    OldLog = old.get_model("candidates", "AccessLog")

    officer = User.objects.create(email="officer@example.org", password="x")
    adults = [User.objects.create(email=f"adult{n}@example.org", password="x") for n in range(2)]
    family = Household.objects.create(name="Famille Peeters")
    for adult in adults:
        HouseholdMember.objects.create(household=family, user=adult, full_name=adult.email)
    HouseholdMember.objects.create(household=family, full_name="Child without an account")
    on_paper = Household.objects.create(name="Famille sur papier")
    HouseholdMember.objects.create(household=on_paper, full_name="Nobody online")
    at = dt.datetime(2026, 3, 1, 10, 0, tzinfo=dt.UTC)
    required = dict(submitted_at=at, renew_by=dt.date(2027, 3, 1), current_tenure="private_rent", current_municipality="Forest")
    online = Application.objects.create(household=family, **required)
    paper = Application.objects.create(household=on_paper, channel="paper", **required)
    OldLog.objects.create(user=officer, application=online, what="candidacy", at=at)
    OldLog.objects.create(user=officer, application=paper, what="document:7", at=at + dt.timedelta(hours=1))

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    SharedLog = new.get_model("privacy", "AccessLog")
    rows = list(SharedLog.objects.order_by("at", "subject_id").values("viewer_id", "subject_id", "what", "target_id", "at"))
    assert rows == [
        {"viewer_id": officer.pk, "subject_id": adults[0].pk, "what": "candidacy", "target_id": str(online.pk), "at": at},
        {"viewer_id": officer.pk, "subject_id": adults[1].pk, "what": "candidacy", "target_id": str(online.pk), "at": at},
        {"viewer_id": officer.pk, "subject_id": None, "what": "document:7", "target_id": str(paper.pk), "at": at + dt.timedelta(hours=1)},
    ]
    assert "candidates_accesslog" not in connection.introspection.table_names()
