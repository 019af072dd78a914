"""Writes on rooms, bookings and activities, by use case: one function per
write, keyword-only arguments, the acting user passed in, one transaction,
refusals as ``BookingRefusal`` with a translated message.

- ``availability``: the one check of a slot a write takes (policy, buffer, quota).
- ``bookings``: ``request_booking``, ``approve_booking``, ``decline_booking``,
  ``cancel_booking``, ``cancel_occurrence``.
- ``date_changes``: ``change_dates`` (one date or the following ones; splits a series),
  ``move_occurrence``, ``shifted_slots``.
- ``waiting_list``: ``join_waiting_list``, ``leave_waiting_list``, offers of freed slots.
- ``room_management``: the manager's ``update_room_details``, photos, ``set_opening_hours``,
  closures and ``cancel_for_closure``.
- ``activities``: ``announce_activity``, ``register_for_activity``, ``cancel_registration``.
- ``reminders``: ``send_booking_reminders`` (scheduled).
- ``calendar_tokens``: ``calendar_token``, ``reset_calendar_token``.
"""
