from datetime import time

import factory

from events.models import AvailabilityWindow, Room
from events.policy import Audience
from tests.factories import HousingProjectFactory, OrganisationFactory


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room
        skip_postgeneration_save = True

    housing_project = factory.SubFactory(HousingProjectFactory)
    name = factory.Sequence(lambda n: f"Room {n}")
    slug = factory.Sequence(lambda n: f"room-{n}")
    partner_organisation = factory.SubFactory(OrganisationFactory)
    capacity = 30

    @factory.post_generation
    def standard_windows(self, create, extracted, **kwargs):
        # DOMAIN.md §2: association weekdays 9–17, residents evenings (at once)
        # and weekends (on request), other organisations weekdays on request.
        if not create or extracted is False:
            return
        rows = [(Audience.PARTNER, d, time(9), time(17), False) for d in range(5)]
        rows += [(Audience.RESIDENT, d, time(17, 30), time(22), False) for d in range(5)]
        rows += [(Audience.RESIDENT, d, time(9), time(22), True) for d in (5, 6)]
        rows += [(Audience.OTHER, d, time(9), time(17), True) for d in range(5)]
        AvailabilityWindow.objects.bulk_create(
            [AvailabilityWindow(room=self, audience=a, weekday=d, starts=s, ends=e, needs_approval=n) for a, d, s, e, n in rows]
        )
