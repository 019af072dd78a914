"""Places within a capacity: the one rule of both registrations-with-capacity,
public events on the site and activities in the rooms (issue 17, STYLE 19).
Pure functions: values in, values out. Each feature still counts its seats
under its own row lock (STYLE 3); the rule of who gets a place is this one."""


def has_place(*, capacity: int | None, taken: int) -> bool:
    """Does the next person get a place, or join the waiting list?
    ``capacity`` None means no limit (DOMAIN.md §8: waiting lists on full events).

    >>> has_place(capacity=100, taken=99), has_place(capacity=100, taken=100), has_place(capacity=None, taken=5000)
    (True, False, True)
    """
    return capacity is None or taken < capacity


def places_left(*, capacity: int | None, taken: int) -> int | None:
    """Places still free; None when there is no limit. Never negative: a
    capacity lowered below the places already given leaves none.

    >>> places_left(capacity=30, taken=28), places_left(capacity=30, taken=31), places_left(capacity=None, taken=3)
    (2, 0, None)
    """
    if capacity is None:
        return None
    return max(capacity - taken, 0)
