"""The one record of a home, shared by the features that look at it."""

from community.models import Dwelling, HousingProject


def dwelling_for(*, housing_project: HousingProject, label: str, floor: int | None = None) -> Dwelling:
    """The dwelling of this label in the project, made the first time a
    feature names it: the register's home and the co-ownership's lot of the
    same label are then the same dwelling."""
    dwelling, created = Dwelling.objects.get_or_create(
        housing_project=housing_project, label=label.strip(), defaults={"floor": floor}
    )
    if not created and floor is not None and dwelling.floor is None:
        dwelling.floor = floor
        dwelling.save(update_fields=["floor"])
    return dwelling
