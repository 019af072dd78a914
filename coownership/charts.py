""""Where does my money go": the building's budget and the year's expenses as
pictures, made by the one chart helper (socle_site.kernel.charts.bar_chart),
each beside the table of the same figures (issue 22, § Paying).

The figures come from selectors.budget_against_spent (one query, whatever
the number of expenses); amounts go through format_money, the one formatting
path for money, so the bars read like the rest of the page."""

from django.utils.translation import gettext as _
from socle_site.kernel.charts import Chart, bar_chart
from socle_site.kernel.formatting import format_money


def where_money_goes(rows: list[dict], year: int) -> list[Chart]:
    """Two charts from the budget lines of ``year`` by distribution key: the
    budget shared by each key, then what was spent so far against it. No chart
    when the year has neither a budget nor an expense (the page says so)."""
    if not rows:
        return []
    key = _("Distribution key")
    budget = bar_chart(
        _("Budget %(year)s by distribution key") % {"year": year},
        [(row["name"], row["budget_cents"]) for row in rows],
        series=[_("Budget")], formatter=format_money, label_header=key,
        description=_("The building's yearly budget, shared over the lots by each distribution key."),
    )
    spent = bar_chart(
        _("Expenses %(year)s against the budget") % {"year": year},
        [(row["name"], (row["budget_cents"], row["spent_cents"])) for row in rows],
        series=[_("Budget"), _("Spent so far")], formatter=format_money, label_header=key,
        description=_("For each distribution key, the budget voted and the expenses recorded this year."),
    )
    return [budget, spent]
