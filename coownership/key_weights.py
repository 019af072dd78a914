"""Reads of a building's distribution keys: each key's lots with their
weights and shares, and the meter readings of the metered keys."""

from decimal import Decimal

from .models import Building, KeyWeight, MeterReading


def keys_with_weights(building: Building) -> list[dict]:
    """Each distribution key of the building with its lots' weights and their
    share in percent, plus, for meter keys, the readings of the last years.
    Three queries whatever the number of keys and lots."""
    keys = list(building.keys.order_by("name"))
    weights: dict[int, list] = {key.pk: [] for key in keys}
    for row in KeyWeight.objects.filter(key__building=building).select_related("lot").order_by("lot__reference"):
        weights[row.key_id].append(row)
    readings: dict[int, dict[int, dict[int, int]]] = {}
    for key_id, lot_id, year, value in MeterReading.objects.filter(key__building=building).values_list(
        "key_id", "lot_id", "year", "value"
    ):
        readings.setdefault(key_id, {}).setdefault(lot_id, {})[year] = value
    out = []
    for key in keys:
        rows = weights[key.pk]
        total = sum(row.weight for row in rows)
        by_lot = readings.get(key.pk, {})
        years = sorted({year for values in by_lot.values() for year in values}, reverse=True)[:3]
        out.append({
            "key": key,
            "total": total,
            "years": years,
            "lots": [
                {
                    "lot": row.lot, "weight": row.weight,
                    "percent": (Decimal(row.weight * 100) / total).quantize(Decimal("0.01")) if total else Decimal(0),
                    "readings": [by_lot.get(row.lot_id, {}).get(year) for year in years],
                }
                for row in rows
            ],
        })
    return out


def meter_readings_of(key, year: int) -> dict[int, int]:
    """lot id -> reading of ``key`` in ``year``."""
    return dict(MeterReading.objects.filter(key=key, year=year).values_list("lot_id", "value"))
