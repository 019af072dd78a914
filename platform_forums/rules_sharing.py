"""Pure rule of task sharing: does a platform rest on one or two members?"""

CONCENTRATION_SHARE = 0.75


def carried_by_few(
    loads: dict[str, int], *, few: int = 2, share: float = CONCENTRATION_SHARE
) -> bool:
    """True when the `few` busiest organisations carry at least `share` of all
    the tasks (and more than `few` organisations sit on the platform).

    >>> carried_by_few({"Commune": 8, "CPAS": 1, "AIS": 1, "Entraide": 0})
    True
    >>> carried_by_few({"Commune": 3, "CPAS": 3, "AIS": 2, "Entraide": 2})
    False
    >>> carried_by_few({"Commune": 5, "CPAS": 5})
    False
    >>> carried_by_few({"Commune": 0, "CPAS": 0, "AIS": 0})
    False
    """
    total = sum(loads.values())
    if total == 0 or len(loads) <= few:
        return False
    top = sum(sorted(loads.values(), reverse=True)[:few])
    return top / total >= share
