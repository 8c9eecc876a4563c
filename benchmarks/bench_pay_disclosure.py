"""Annex 6 disclosure control at a hundred times the demo survey (goal ≤ 5 s, median of three runs): secondary
suppression (``pay_guidance.disclosure``) over the cells of the prefecture and its ten counties, every dimension
of the wage table and the labour-cost table, with every relation between them (``public_tables.relations``).

The demo has 240 enterprises, about 21,000 people and 18 occupations; a hundred times that is 24,000 enterprises,
2.1 million people and 1,800 occupations in 8 major groups, synthesised here as cells (no database): about 20,000
cells and 1,900 relations, a few hundred failing a primary rule. The whole public table of a year from 1,000,000
stored rows is timed by ``bench_pay_guidance`` (PostgreSQL).
"""

import random
import statistics
import time

SCALE = 100
COUNTIES = 10
MAJORS = "12345678"
OCCUPATIONS = 18 * SCALE
PEOPLE_PER_COUNTY = 21_000 * SCALE // COUNTIES
ENTERPRISES_PER_COUNTY = 240 * SCALE // COUNTIES
LABELS = {
    "management_grade": (["高层管理岗", "中层管理岗", "基层管理岗", "管理类员工岗"], 0.3),
    "title": (["正高级职称", "副高级职称", "中级职称", "初级职称"], 0.2),
    "skill_grade": (["高级技师", "技师", "高级技能", "中级技能", "初级技能"], 0.4),
    "education": (["研究生", "大学本科", "大学专科", "高中及中专", "初中及以下"], 1.0),
    "industry": (list("ABCDEFGHIJKLMNOPQR"), 1.0),
}


def _split(rng, total, keys, covered=1.0):
    """Split ``total`` people among ``keys`` with skewed weights (some cells small), ``covered`` of them."""
    weights = [rng.lognormvariate(0, 0.8) for _ in keys]
    scale = total * covered / sum(weights)
    return {key: int(weight * scale) for key, weight in zip(keys, weights, strict=True) if int(weight * scale)}


def _cell(rng, people):
    from pay_guidance.disclosure import Item

    enterprises = max(1, min(ENTERPRISES_PER_COUNTY, int(people / rng.uniform(2, 12))))
    pay = people * rng.uniform(30_000, 120_000)
    largest_share = min(1.0, max(1 / enterprises, rng.betavariate(1.2, 8)))
    return Item(people, enterprises, pay, people * largest_share, pay * min(1.0, largest_share * rng.uniform(0.8, 1.6)))


def synthesise(seed=19):
    """Return ``{cell id: Item}`` for the prefecture and ten counties (cell ids as ``public_tables`` makes them)."""
    from pay_guidance.disclosure import Item
    from pay_guidance.public_tables import PREFECTURE

    rng = random.Random(seed)
    codes = [
        f"{major}-{index // 100:02d}-{index % 100:02d}-01" for major in MAJORS for index in range(OCCUPATIONS // 8)
    ]
    items = {}
    for county in range(1, COUNTIES + 1):
        cells = {("all", "all"): PEOPLE_PER_COUNTY}
        occupations = _split(rng, PEOPLE_PER_COUNTY, codes)
        cells[("all", "all")] = sum(occupations.values())
        for code, people in occupations.items():
            cells[("occupation", code)] = people
            cells[("occupation", code[0])] = cells.get(("occupation", code[0]), 0) + people
        for dimension, (keys, covered) in LABELS.items():
            for key, people in _split(rng, cells[("all", "all")], keys, covered).items():
                cells[(dimension, key)] = people
            if covered == 1.0:  # a dimension covering everyone sums to the whole exactly
                first = (dimension, keys[0])
                cells[first] = (
                    cells.get(first, 0)
                    + cells[("all", "all")]
                    - sum(people for (d, _k), people in cells.items() if d == dimension)
                )
        for (dimension, key), people in cells.items():
            items[(county, "wage", dimension, key)] = _cell(rng, people)
        for key in LABELS["industry"][0]:
            items[(county, "cost", "industry", key)] = _cell(rng, rng.randrange(5, 3000))
        items[(county, "cost", "all", "all")] = _sum(
            [items[(county, "cost", "industry", key)] for key in LABELS["industry"][0]]
        )
    # Each whole (and major group) is the sum of its parts in pay too; the prefecture the sum of its counties.
    for cell_id, item in list(items.items()):
        scope, table, dimension, key = cell_id
        if table == "wage" and (dimension == "all" or (dimension == "occupation" and len(key) == 1)):
            continue
        if table == "cost" and dimension == "all":
            continue
        prefecture = items.setdefault((PREFECTURE, table, dimension, key), Item(0, 0, 0, 0, 0))
        _add(prefecture, item)
    for scope in [PREFECTURE, *range(1, COUNTIES + 1)]:
        for major in MAJORS:
            parts = [
                i
                for k, i in items.items()
                if k[0] == scope and k[1:3] == ("wage", "occupation") and len(k[3]) > 1 and k[3][0] == major
            ]
            items[(scope, "wage", "occupation", major)] = _sum(parts)
        majors = [items[(scope, "wage", "occupation", major)] for major in MAJORS]
        items[(scope, "wage", "all", "all")] = _sum(majors)
        if scope == PREFECTURE:
            items[(scope, "cost", "all", "all")] = _sum(
                [items[(c, "cost", "all", "all")] for c in range(1, COUNTIES + 1)]
            )
    return items


def _sum(parts):
    from pay_guidance.disclosure import Item

    total = Item(0, 0, 0, 0, 0)
    for part in parts:
        _add(total, part)
    return total


def _add(total, part):
    total.people += part.people
    total.enterprises += part.enterprises
    total.pay += part.pay
    total.largest_people = max(total.largest_people, part.largest_people)
    total.largest_pay = max(total.largest_pay, part.largest_pay)


def run():
    from pay_guidance.disclosure import Rules, suppress
    from pay_guidance.public_tables import relations

    items = synthesise()
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        found = relations(items)
        outcome = suppress(items, found, Rules())
        timings.append(time.perf_counter() - started)
    spread = f"min {min(timings):.2f} s, max {max(timings):.2f} s of 3"
    return [
        (
            f"secondary suppression, demo ×{SCALE}: {len(items):,} cells, median ({spread}; goal ≤ 5 s)",
            statistics.median(timings),
            "s",
        ),
        (f"  relations over the prefecture and {COUNTIES} counties", len(found), "relations"),
        ("  cells failing a primary rule", len(outcome.primary), "cells"),
        ("  cells withheld in all", len(outcome.withheld), "cells"),
        ("  relations left unprotected", len(outcome.unprotected), "relations"),
    ]
