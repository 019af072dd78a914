"""The demo tells one story and loading it again adds nothing.

One class loads the demo twice (Django's TestCase keeps it for the class and
rolls it back at the end); its tests read the same data: every model's row
count, the home page's key figures against the records, owners living in the
homes they own, and a timeline where nothing happens before a project is
delivered."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import TestCase
from django.utils import translation

from community import showcase
from community.candidates.models import Application, Deed, Home
from community.demo import DELIVERED
from community.governance.models import Meeting
from community.models import Dwelling, Household, HousingProject
from community.services.dwellings import dwelling_address
from coownership.models import Building, Lot, Ownership


def row_counts() -> dict[str, int]:
    """Rows of every concrete model of every app (Wagtail's revisions, log
    entries and reference index included)."""
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }


@pytest.mark.xdist_group("demo")
class TheDemo(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.output = io.StringIO()
        with cls.captureOnCommitCallbacks(execute=True):
            call_command("load_demo", stdout=cls.output)
        cls.first = row_counts()
        with cls.captureOnCommitCallbacks(execute=True):
            call_command("load_demo", stdout=io.StringIO())
        cls.second = row_counts()

    def test_a_second_load_adds_no_row_to_any_model(self):
        changed = {label: (self.first[label], self.second[label]) for label in self.first if self.first[label] != self.second[label]}
        assert changed == {}
        for label in ("wagtailcore.Revision", "wagtailcore.PageLogEntry", "community.AuditEvent", "community.Household"):
            assert self.first[label] > 0
        assert "socle-demo-2026" in self.output.getvalue()
        assert "resident@socle.test" in self.output.getvalue()
        # The demo partner's API key, printed beside the accounts with a curl example (community.api.demo).
        assert "Demo partner API key (Entraide Cureghem" in self.output.getvalue()
        assert 'curl -H "Authorization: Bearer socle_' in self.output.getvalue()
        # Every demo step went through its service: none was refused (a resident books their own project's room).
        assert "refused" not in self.output.getvalue()

    def test_the_key_figures_are_counted_from_the_projects_and_households(self):
        figures = {figure.key: figure.value for figure in showcase.key_figures()}
        inhabited = HousingProject.objects.filter(status=HousingProject.Status.INHABITED)
        assert figures["homes_delivered"] == sum(p.homes_count for p in inhabited) == 7 + 32 + 34
        assert figures["community_spaces"] == sum(p.community_spaces_count for p in inhabited) == 3
        being_built = HousingProject.objects.exclude(status=HousingProject.Status.INHABITED)
        assert figures["homes_in_preparation"] == sum(p.homes_count for p in being_built) == 12
        # Nobody lives yet in a project being built; its homes are offered from the register.
        assert not Household.objects.filter(housing_project__in=being_built).exists()
        assert Home.objects.filter(housing_project__in=being_built, deeds__isnull=True).count() == 3
        assert 0 < figures["resident_households"] <= figures["homes_delivered"]
        for project in HousingProject.objects.all():
            # No project holds more households, or more recorded homes, than it has homes.
            assert project.households.count() <= project.homes_count
            assert Dwelling.objects.filter(housing_project=project).count() <= project.homes_count
        assert figures["registered_candidates"] > 0

    def test_the_home_page_shows_the_counted_figures_and_no_typed_count_that_contradicts_them(self):
        for language, delivered, phrase in (("fr", "logements livrés", "abordables"), ("nl", "woningen opgeleverd", "betaalbaar"),
                                            ("en", "homes delivered", "affordable")):
            with translation.override(language):
                response = self.client.get(f"/{language}/")
            assert response.status_code == 200
            text = response.content.decode()
            assert phrase in text
            # The counted figures are drawn beside their table (socle_site.kernel.charts).
            assert f'<th scope="row">{delivered}</th><td>73</td>' in text, language
            assert ">107<" not in text and ">84<" not in text
            about = {"fr": "/fr/a-propos/", "nl": "/nl/over-ons/", "en": "/en/about/"}[language]
            assert "107" not in self.client.get(about).content.decode()

    def test_owners_live_in_the_homes_they_own(self):
        owned_flats = Ownership.objects.filter(ends_on__isnull=True, lot__kind=Lot.Kind.FLAT).select_related(
            "household__housing_project", "lot__dwelling__housing_project", "lot__building"
        )
        assert owned_flats.count() == 12
        for ownership in owned_flats:
            household, dwelling = ownership.household, ownership.lot.dwelling
            assert household.address == dwelling_address(dwelling), household
            assert household.housing_project == dwelling.housing_project == ownership.lot.building.housing_project
            assert household.postal_code == dwelling.housing_project.postal_code
            assert household.members.filter(until__isnull=True).exists()
        # Jan Peeters (coowner@) owns B2 at Arc-en-Ciel, and lives there.
        peeters = Household.objects.get(name="Famille Peeters")
        assert peeters.address == "Rue Vandenpeereboom 12, B2"
        assert peeters.municipality == "Molenbeek-Saint-Jean"
        # Every sold home's buyer lives in it, and owns its lot where the building is described.
        deeds = Deed.objects.filter(ended_on__isnull=True).select_related("household", "home__dwelling__housing_project")
        assert deeds.count() >= 3
        for deed in deeds:
            assert deed.household.address == dwelling_address(deed.home.dwelling)
            assert deed.household.housing_project == deed.home.housing_project
            lot = Lot.objects.filter(dwelling=deed.home.dwelling).first()
            if lot is not None:
                assert lot.ownerships.get(ends_on__isnull=True).household == deed.household
        # A seller who moved out no longer lives in the project; shops and rooms house nobody.
        assert Household.objects.get(name="Famille De Smet").housing_project is None
        assert Household.objects.get(name="Épicerie solidaire Arc-en-Ciel").housing_project is None

    def test_nothing_of_a_project_s_life_comes_before_its_delivery(self):
        for deed in Deed.objects.select_related("home__housing_project", "application"):
            assert deed.bought_on >= DELIVERED[deed.home.housing_project.slug]
            # Deeds signed before the trust used Socle were imported: no candidacy led to them.
            if deed.application is not None:
                assert deed.application.submitted_at.date() < deed.bought_on
        for ownership in Ownership.objects.select_related("lot__building__housing_project"):
            assert ownership.starts_on >= DELIVERED[ownership.lot.building.housing_project.slug]
        first_delivery = min(DELIVERED.values())
        for meeting in Meeting.objects.all():
            assert meeting.starts_at.date() > first_delivery, meeting.title
        # Each meeting is named apart, and a building's annual meetings come back a year apart.
        titles = list(Meeting.objects.values_list("title", flat=True))
        assert len(titles) == len(set(titles))
        building = Building.objects.get(slug="arc-en-ciel")
        held, convened = (building.body.meetings.get(status=status) for status in (Meeting.Status.CLOSED, Meeting.Status.CONVENED))
        assert 360 <= (convened.starts_at - held.starts_at).days <= 367
        # The register's numbers follow the order of the applications.
        numbers = list(Application.objects.order_by("submitted_at").values_list("pk", flat=True))
        assert numbers == sorted(numbers)


@pytest.mark.xdist_group("demo")
class TheDemoAuditLog(TestCase):
    """The audit log reads as the story: each step's rows carry the day it
    happened, not the minute the demo was loaded."""

    @classmethod
    def setUpTestData(cls):
        from django.utils import timezone

        cls.loaded_from = timezone.now()
        with cls.captureOnCommitCallbacks(execute=True):
            call_command("load_demo", stdout=io.StringIO())

    def test_each_step_is_recorded_on_its_own_day(self):
        from datetime import timedelta

        from community.models import AuditEvent

        events = AuditEvent.objects.all()
        # Most of the story is in the past: only what happens now is stamped now.
        recent = events.filter(created_at__gte=self.loaded_from - timedelta(minutes=1)).count()
        assert recent < events.count() / 4, (recent, events.count())
        # A candidacy is recorded when it was submitted.
        for event in events.filter(action="candidacy.submitted"):
            assert event.created_at == Application.objects.get(pk=event.target_id).submitted_at
        # The past general assembly: its members were checked in the evening it took place.
        past = Meeting.objects.filter(title__startswith="Assemblée générale ordinaire").get()
        checked_in = events.filter(action="governance.attendance.checked_in", target_id=str(past.pk))
        assert checked_in.exists() and {e.created_at for e in checked_in} == {past.starts_at}
        # The story starts with the oldest platform (2014); nothing is recorded after now.
        first = events.order_by("created_at").first()
        assert first.action == "platform.created" and first.created_at.year == 2014
        assert not events.filter(created_at__gt=timezone_now()).exists()


def timezone_now():
    from django.utils import timezone

    return timezone.now()
