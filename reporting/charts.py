"""Server-side SVG geometry for the dashboard: completion bars per unit and the timeliness heat map."""

from .timeliness import State

BAR_HEIGHT = 22
BAR_GAP = 6
LABEL_WIDTH = 90
BAR_WIDTH = 360
CELL = 28

HEAT_COLOURS = {
    State.ON_TIME: "#198754",
    State.EARLY: "#75b798",
    State.LATE: "#ffc107",
    State.MISSING: "#dc3545",
    State.NOT_YET_DUE: "#e9ecef",
    State.NOT_DUE: "#f8f9fa",
}


def completion_bars(units, progress):
    """Return the bars (one per unit: mean completion of its measured targets) and the drawing's height."""
    bars = []
    for index, unit in enumerate(units):
        percents = [row.percent for row in progress.get(unit.pk, []) if row.percent is not None]
        percent = round(sum(percents) / len(percents)) if percents else None
        y = index * (BAR_HEIGHT + BAR_GAP)
        bars.append(
            {
                "label": unit.label,
                "percent": percent,
                "y": y,
                "text_y": y + BAR_HEIGHT - 6,
                "width": round(BAR_WIDTH * (percent or 0) / 100),
                "value_x": LABEL_WIDTH + round(BAR_WIDTH * (percent or 0) / 100) + 6,
            }
        )
    return {
        "bars": bars,
        "height": max(len(bars) * (BAR_HEIGHT + BAR_GAP), BAR_HEIGHT),
        "label_width": LABEL_WIDTH,
        "bar_width": BAR_WIDTH,
        "total_width": LABEL_WIDTH + BAR_WIDTH + 50,
        "bar_height": BAR_HEIGHT,
    }


def heat_map(rows):
    """Return the heat map's cells (units × months, coloured by timeliness) and its size."""
    cells = []
    for row_index, row in enumerate(rows):
        for cell in row.cells:
            cells.append(
                {
                    "x": LABEL_WIDTH + (cell.month - 1) * CELL,
                    "y": 20 + row_index * CELL,
                    "colour": HEAT_COLOURS[cell.state],
                    "title": f"{row.unit.label} {cell.month}月：{cell.label}",
                }
            )
    return {
        "cells": cells,
        "labels": [{"text": row.unit.label, "y": 20 + index * CELL + CELL - 10} for index, row in enumerate(rows)],
        "months": [{"text": f"{month}", "x": LABEL_WIDTH + (month - 1) * CELL + CELL // 2} for month in range(1, 13)],
        "width": LABEL_WIDTH + 12 * CELL + 4,
        "height": 24 + len(rows) * CELL,
        "size": CELL - 3,
        "legend": [(State.LABELS[state], colour) for state, colour in HEAT_COLOURS.items()],
    }
