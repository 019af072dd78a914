"""When a secret result would reveal choices, as a pure function (STYLE.md §1).

With very few voters a secret result tells who chose what (two voters, one
yes and one no: each knows the other's choice). A body sets the fewest voters
it accepts for a secret vote (``Body.secret_ballot_minimum``, 10 by default);
its rule set decides whether too few is a warning (general assembly, board)
or a refusal (a co-owners' meeting, whose secret vote the Civil Code lets the
meeting decide: a vote that cannot be secret is held by name).
"""


def too_few_for_secrecy(voters: int, minimum: int) -> bool:
    """Whether ``voters`` (present or represented, with votes) are too few to keep choices secret."""
    return voters < minimum
