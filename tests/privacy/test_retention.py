"""Retention on a fixed clock: data just before each limit stays, just after
it goes; a second run does nothing; the dry run changes nothing."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from community.models import Household, HouseholdMember, Notification
from community.privacy import engine
from community.privacy.apps import RETENTION_SCHEDULE

NOW = dt.datetime(2030, 6, 15, 12, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


def lines_by_label(lines):
    return {line.label: line.count for line in lines}


@pytest.mark.django_db
def test_notifications_are_deleted_after_a_year_and_a_second_run_does_nothing(user_factory):
    person = user_factory()
    kept = Notification.objects.create(recipient=person, category="x", title="kept", created_at=NOW - dt.timedelta(days=365) + DAY)
    Notification.objects.create(recipient=person, category="x", title="gone", created_at=NOW - dt.timedelta(days=365) - DAY)
    dry = lines_by_label(engine.run_retention(now=NOW, dry_run=True))
    assert dry["community.Notification"] == 1
    assert Notification.objects.count() == 2  # the dry run changed nothing
    assert lines_by_label(engine.run_retention(now=NOW))["community.Notification"] == 1
    assert list(Notification.objects.all()) == [kept]
    assert lines_by_label(engine.run_retention(now=NOW))["community.Notification"] == 0


@pytest.mark.django_db
def test_residents_are_kept_five_years_after_leaving_then_the_household_is_anonymised(user_factory, housing_project_factory):
    project = housing_project_factory()
    left_long_ago = Household.objects.create(name="Famille Janssens", address="Rue Haute 1", housing_project=project)
    left_recently = Household.objects.create(name="Famille Peeters", address="Rue Basse 2", housing_project=project)
    Household.objects.filter(pk__in=[left_long_ago.pk, left_recently.pk]).update(created_at=NOW - dt.timedelta(days=20 * 365))
    five_years = dt.date(2025, 6, 15)  # NOW minus five years
    old = HouseholdMember.objects.create(household=left_long_ago, full_name="Jan Janssens", since=dt.date(2010, 1, 1), until=five_years - DAY)
    recent = HouseholdMember.objects.create(household=left_recently, full_name="Piet Peeters", since=dt.date(2010, 1, 1), until=five_years + DAY)
    engine.run_retention(now=NOW)
    assert not HouseholdMember.objects.filter(pk=old.pk).exists()
    assert HouseholdMember.objects.filter(pk=recent.pk).exists()
    left_long_ago.refresh_from_db()
    left_recently.refresh_from_db()
    assert left_long_ago.name == f"#{left_long_ago.pk}" and left_long_ago.address == ""
    assert left_recently.name == "Famille Peeters"
    again = lines_by_label(engine.run_retention(now=NOW))
    assert again["community.Household"] == 0 and again["community.HouseholdMember"] == 0


@pytest.mark.django_db
def test_closed_candidacies_lose_their_people_after_the_dispute_period(apply_for, register_setup, user_factory):
    from community.candidates.models import Application, Person
    from community.candidates.services import correct_register

    with time_machine.travel(NOW - dt.timedelta(days=800), tick=False):
        expired = apply_for()
    other = user_factory()
    with time_machine.travel(NOW - dt.timedelta(days=800), tick=False):
        recent = apply_for(user=other)
    # Closed one year and a day ago / one year less a day ago.
    with time_machine.travel(NOW - dt.timedelta(days=366) - DAY, tick=False):
        correct_register(acting_user=register_setup.officer, application=expired, status="withdrawn", reason="Moved abroad")
    with time_machine.travel(NOW - dt.timedelta(days=365) + DAY, tick=False):
        correct_register(acting_user=register_setup.officer, application=recent, status="withdrawn", reason="Moved abroad")
    dry = lines_by_label(engine.run_retention(now=NOW, dry_run=True))
    assert dry["candidates.Person"] == expired.persons.count() > 0
    engine.run_retention(now=NOW)
    assert not Person.objects.filter(application=expired).exists()
    assert Person.objects.filter(application=recent).exists()
    # The anonymised candidacy stays for the statistics.
    assert Application.objects.filter(pk=expired.pk).exists()
    assert lines_by_label(engine.run_retention(now=NOW))["candidates.Person"] == 0


@pytest.mark.django_db
def test_open_candidacies_are_never_touched(apply_for):
    application = apply_for()
    engine.run_retention(now=timezone.now() + dt.timedelta(days=20 * 365))
    assert application.persons.exists()


@pytest.mark.django_db
def test_batches_cover_everything(user_factory):
    person = user_factory()
    Notification.objects.bulk_create(
        [Notification(recipient=person, category="x", title=str(i), created_at=NOW - dt.timedelta(days=400)) for i in range(7)]
    )
    assert lines_by_label(engine.run_retention(now=NOW, batch_size=3))["community.Notification"] == 7
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_the_daily_schedule_exists_once_after_migrate():
    from django.core.management import call_command
    from django_q.models import Schedule

    call_command("migrate", "privacy", verbosity=0)
    schedules = Schedule.objects.filter(name=RETENTION_SCHEDULE)
    assert schedules.count() == 1
    assert schedules.get().schedule_type == Schedule.DAILY
    assert schedules.get().func == "community.privacy.tasks.run_retention"


@pytest.mark.django_db
def test_retention_command_dry_run_reports_and_changes_nothing(user_factory, capsys):
    from django.core.management import call_command

    person = user_factory()
    Notification.objects.create(recipient=person, category="x", title="old", created_at=timezone.now() - dt.timedelta(days=400))
    call_command("retention", "--dry-run")
    out = capsys.readouterr().out
    assert "community.Notification" in out and "1" in out
    assert Notification.objects.count() == 1
    call_command("retention")
    assert Notification.objects.count() == 0


@pytest.mark.django_db
def test_copies_of_data_are_deleted_after_thirty_days_and_the_request_stays(user_factory):
    from community.privacy.models import DataRequest
    from community.privacy.services import build_export

    person = user_factory()
    with time_machine.travel(NOW - dt.timedelta(days=31), tick=False):
        old = DataRequest.objects.create(user=person, kind="export")
        build_export(request_id=old.pk)
    with time_machine.travel(NOW - dt.timedelta(days=29), tick=False):
        recent = DataRequest.objects.create(user=person, kind="export")
        build_export(request_id=recent.pk)
    engine.run_retention(now=NOW)
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.export_json == "" and old.status == "done"  # no download link any more
    assert recent.export_json != ""
