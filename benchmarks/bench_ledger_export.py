"""The 信息库 ledger export at 10× the rows takes ≤ 12× the time (linear; openpyxl's merge_cells was quadratic).

Each size is exported three times and the fastest kept, so that a busy machine's pauses do not read as growth.
"""

import time


def _export_seconds():
    from django.db.models import Prefetch

    from new_enterprises.exports import ledger_workbook
    from new_enterprises.models import Inclusion, ServiceRecord
    from new_enterprises.views import stage_labels

    inclusions = (
        Inclusion.objects.select_related("unit", "enterprise", "enterprise__region")
        .prefetch_related(Prefetch("services", queryset=ServiceRecord.objects.order_by("served_on", "pk")))
        .order_by("year", "unit__sort_order", "enterprise__name", "pk")
    )
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        content = ledger_workbook(inclusions.all(), stage_labels())
        timings.append(time.perf_counter() - started)
    return min(timings), Inclusion.objects.count(), len(content)


def run():
    from chuxiong_labor.management.commands.seed_scale import load_scaled

    load_scaled(1)
    small, small_rows, _ = _export_seconds()
    load_scaled(10)
    large, large_rows, size = _export_seconds()
    return [
        (f"ledger export, {small_rows} enterprises (2 services each)", small, "s"),
        (f"ledger export, {large_rows} enterprises ({size // 1024} KB)", large, "s"),
        ("time ratio for 10× the rows (goal ≤ 12)", large / small, "×"),
    ]
