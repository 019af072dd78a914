"""The pictures of a vote and of an assembly's attendance (issue 24), drawn by the one
chart helper (socle_site.kernel.charts) from the figures the engine already decided:
nothing is recounted here (STYLE 19), the stored result and the presence are read."""

from __future__ import annotations

from django.utils.translation import gettext as _
from socle_site.kernel.charts import Chart, bar_chart

from .selectors import Presence


def result_chart(result: dict | None) -> Chart | None:
    """Votes per answer of a final result; None for an election (its seats read better
    as the list of candidates) or when there is no result."""
    if not result:
        return None
    kind = result.get("kind")
    weight = result.get("weight") or None
    if kind == "motion":
        rows = [(_("Yes"), result["yes"]), (_("No"), result["no"]), (_("Abstain"), result["abstain"])]
    elif kind == "election":
        return None
    elif result.get("options") is not None:
        rows = [(option["label"], option["weight"]) for option in result["options"]]
        rows.append((_("Blank"), result.get("blank", 0)))
    else:
        return None
    return bar_chart(
        _("Votes per answer"), rows, scale_to=weight, label_header=_("Answer"), series=[_("Votes")],
        description=_("Bars drawn to the scale of all the votes cast; the table below gives the figures."),
    )


def attendance_chart(presence: Presence) -> Chart:
    """Votes present and represented against the quorum, on the scale of all members' votes."""
    present = sum(presence.members[m].weight for m in presence.checked_in if m in presence.members)
    counting = presence.weight_present_or_represented
    quorum = presence.quorum.required
    return bar_chart(
        _("Attendance and quorum"),
        [(_("Present"), present), (_("Represented by a proxy"), counting - present),
         (_("Present or represented"), counting), (_("All members"), presence.weight_total)],
        scale_to=presence.weight_total,
        marker=(_("Quorum"), quorum) if quorum is not None else None,
        label_header=_("Attendance"), series=[_("Votes")],
    )
