import rules

from community.predicates import is_staff_member

from .predicates import (
    is_booking_holder,
    is_other_organisation_member,
    is_room_manager,
    is_room_partner,
    is_room_resident,
    manages_activity_room,
    manages_booking,
    organises_activity,
    sees_activity,
)

may_book = is_room_resident | is_room_partner | is_other_organisation_member | is_room_manager

rules.add_perm("events.book_room", rules.is_authenticated & may_book)
rules.add_perm("events.manage_room", rules.is_authenticated & is_room_manager)
rules.add_perm("events.decide_booking", rules.is_authenticated & manages_booking)
rules.add_perm("events.cancel_booking", rules.is_authenticated & (is_booking_holder | manages_booking))
rules.add_perm("events.announce_activity", rules.is_authenticated & (is_booking_holder | manages_booking))
rules.add_perm("events.edit_activity", rules.is_authenticated & (organises_activity | manages_activity_room))
rules.add_perm("events.view_activity", sees_activity)
rules.add_perm("events.register_for_activity", rules.is_authenticated & sees_activity)
# Staff bring a trust's rooms, their windows and its bookings from its spreadsheets (issue 23).
rules.add_perm("events.import_rooms", rules.is_authenticated & is_staff_member)
