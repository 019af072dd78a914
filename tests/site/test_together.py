"""socle_site.kernel.together: several short lists in one query."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import override
from socle_site.kernel.together import Branch, read_together

pytestmark = pytest.mark.django_db


def test_lists_of_different_models_come_in_one_query_in_their_own_order_with_their_related_objects():
    from community.models import HouseholdMember, RoleAssignment
    from tests.factories import HouseholdFactory, HousingProjectFactory, UserFactory

    user = UserFactory()
    project = HousingProjectFactory(name="Arc-en-Ciel")
    household = HouseholdFactory(name="Famille Diallo", housing_project=project)
    for name in ("Zoé", "Awa", "Moussa"):
        HouseholdMember.objects.create(household=household, full_name=name, relationship="adult")
    now = timezone.now()
    for days, role in ((3, "resident"), (1, "partner")):
        RoleAssignment.objects.create(user=user, role=role, granted_at=now - timedelta(days=days))
    assert connection.features.supports_json_field  # SQLite's one probe for JSON, before counting
    with CaptureQueriesContext(connection) as queries:
        members, roles, nothing = read_together(
            Branch(HouseholdMember.objects.filter(household=household).order_by("full_name"),
                   ("full_name", "household__name", "household__housing_project__name"), limit=2),
            Branch(RoleAssignment.objects.filter(user=user).order_by("-granted_at"), ("role", "granted_at")),
            Branch(RoleAssignment.objects.none(), ("role",)),
        )
        assert [m.full_name for m in members] == ["Awa", "Moussa"]  # the branch's order, cut to its limit
        assert members[0].household.name == "Famille Diallo"
        assert members[0].household.housing_project.name == "Arc-en-Ciel"
        assert [r.role for r in roles] == ["partner", "resident"]
        assert nothing == []
    assert len(queries) == 1, [q["sql"][:300] for q in queries.captured_queries]
    assert roles[0].granted_at == RoleAssignment.objects.get(role="partner").granted_at  # an aware datetime again


def test_translated_fields_come_with_their_translations():
    from community.governance.models import Meeting
    from tests.governance.helpers import make_body

    body = make_body()
    Meeting.objects.create(body=body, title_fr="Assemblée", title_nl="Vergadering", title_en="Meeting",
                           starts_at=timezone.now(), status=Meeting.Status.CONVENED)
    (meetings,) = read_together(Branch(Meeting.objects.filter(body=body), ("title", "starts_at")))
    with override("nl"):
        assert meetings[0].title == "Vergadering"
    with override("fr"):
        assert meetings[0].title == "Assemblée"


def test_nothing_to_read_costs_no_query():
    from community.models import RoleAssignment

    with CaptureQueriesContext(connection) as queries:
        assert read_together(Branch(RoleAssignment.objects.none(), ("role",))) == [[]]
    assert len(queries) == 0


def test_a_field_that_needs_converting_is_refused():
    from django.db import models

    from community.models import Notification

    encrypted = [f.name for f in Notification._meta.concrete_fields if hasattr(f, "from_db_value") and not isinstance(f, models.ForeignKey)]
    if not encrypted:
        pytest.skip("no such field on this model")
    with pytest.raises(ValueError, match="not a plain field"):
        read_together(Branch(Notification.objects.all(), (encrypted[0],)))
