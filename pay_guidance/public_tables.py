"""What the public sees of annex 6's wage and labour-cost tables: one function for every published form.

``plan_publication(year, unit)`` runs disclosure control (``disclosure.suppress``) over the whole data year at
once — the prefecture and the ten counties, every dimension of the wage table and the labour-cost table, with
every additive relation between them — and returns the unit's tables with the pattern applied. A publication
keeps that pattern (its ``cells`` and ``cost_figures`` carry it; ``PublicationBasis`` keeps the year's pattern
and what each enterprise put into each cell), and later drafts of the year, of any scope, are checked against
every issued one:

- a cell withheld in an issued publication stays withheld (the year's pattern, every scope);
- a cell published in an issued version whose enterprises' contributions have not changed since counts as
  known: withholding it would hide nothing, so it is never chosen as a complement;
- a cell whose change since an issued basis comes from fewer than ``PAY_MIN_ENTERPRISES`` enterprises or fewer
  than ``PAY_MIN_PEOPLE`` people is withheld (two versions never differ by one enterprise).

``public_table(publication)`` turns a publication into what the public sees: withheld cells keep their label and
``suppressed`` and nothing else (no mean, no people, no enterprises: nothing from which a total can be rebuilt).
The public page, its JSON and CSV, the workbook, the booklet and ``manage.py wage_levels --public`` all read it.
"""

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal

from . import labour_cost, wage_levels
from .disclosure import Item, Relation, suppress
from .method import Method
from .models import COST_PARTS, Publication, PublicationBasis
from .wage_levels import PERCENTILE_NAMES, cell_from_snapshot

PREFECTURE = "pref"  # the scope of the whole prefecture; a county's scope is its unit's pk
SECONDARY_REASON = "防止推算（次级隐藏）"
CHANGE_REASON = "与已发布版本的差异来自过少企业或人员"
OPEN_DATA_FIELDS = ["dimension", "dimension_label", "key", "label", "n_people", "n_enterprises", "n_part_year"]
OPEN_DATA_FIELDS += ["suppressed"]
OPEN_DATA_FIELDS += [*PERCENTILE_NAMES, "mean"]


def rules():
    """Return the disclosure rules the settings in force give."""
    return Method.current().rules()


def disclosure_note():
    """Return the general statement printed with a table drafted now (an issued one states its own method)."""
    return Method.current().disclosure_note


def scope_of(unit):
    return unit.pk if unit is not None and unit.is_county else PREFECTURE


# --- The year's data ------------------------------------------------------------------------------------------------


@dataclass
class YearData:
    units: dict  # survey id: unit id
    wage: dict  # (dimension, key): {survey id: (people, pay in cents)}
    cost: dict  # (dimension, key): {survey id: (average headcount, labour cost in cents)}
    employees: wage_levels.Employees  # the rows, read once: the wage tables of every scope come from them


def year_data(year, rule=None):
    """Return what each accepted survey of data year ``year`` puts into each cell, part-year pay counted under
    ``rule``, with the employee rows read once (``wage_levels.read_employees``). Pay and labour cost are integer
    cents: exact, and fast to add."""
    units, cost = {}, defaultdict(dict)
    rows = wage_levels.scope_surveys(year).values_list(
        "pk", "unit_id", "enterprise__industry", "average_headcount", *COST_PARTS
    )
    for survey_id, unit_id, industry, headcount, *parts in rows:
        units[survey_id] = unit_id
        if all(part is None for part in parts):  # no labour-cost sheet (as SurveyEnterprise.labour_cost_yuan)
            continue
        share = (headcount or Decimal(0), int(sum(part or 0 for part in parts) * 100))
        cost[("all", "all")][survey_id] = share
        if industry:
            cost[("industry", industry)][survey_id] = share
    employees = wage_levels.read_employees(year, None, rule)
    wage = wage_levels.survey_contributions(year, rule, employees)
    return YearData(units=units, wage=wage, cost=dict(cost), employees=employees)


def _items(data):
    """Return ``{cell id: Item}`` over every scope; a cell id is ``(scope, table, dimension, key)``."""
    sums = {}
    for table, contributions in (("wage", data.wage), ("cost", data.cost)):
        for (dimension, key), shares in contributions.items():
            for survey_id, (people, pay) in shares.items():
                for scope in (PREFECTURE, data.units[survey_id]):
                    item = sums.get((scope, table, dimension, key))
                    if item is None:
                        sums[(scope, table, dimension, key)] = Item(people, 1, pay, people, pay)
                        continue
                    item.people += people
                    item.enterprises += 1
                    item.pay += pay
                    item.largest_people = max(item.largest_people, people)
                    item.largest_pay = max(item.largest_pay, pay)
    return sums


def relations(items):
    """Return the additive relations a reader can form between ``items``' cells: in each scope, a major group and
    its occupations, and the whole and each dimension whose cells hold all its people (every enterprise, for the
    labour-cost table); across scopes, the prefecture's cell and its counties' cells of the same key."""
    by_dimension = defaultdict(list)
    by_place = defaultdict(list)
    for cell_id in items:
        by_dimension[cell_id[:3]].append(cell_id)
        if cell_id[0] != PREFECTURE:
            by_place[cell_id[1:]].append(cell_id)
    found = []
    for (scope, table, dimension), ids in by_dimension.items():
        whole = (scope, table, "all", "all")
        if dimension == "all" or whole not in items:
            continue
        if table == "wage" and dimension == "occupation":
            majors = [cell_id for cell_id in ids if len(cell_id[3]) == 1]
            found += _complete(items, table, whole, majors)
            for major in majors:
                members = [cell_id for cell_id in ids if len(cell_id[3]) > 1 and cell_id[3][0] == major[3]]
                found += _complete(items, table, major, members)
        else:
            found += _complete(items, table, whole, ids)
    for place, ids in by_place.items():
        if (PREFECTURE, *place) in items:
            found.append(Relation((PREFECTURE, *place), tuple(sorted(ids, key=repr))))
    return sorted(found, key=lambda relation: repr(relation.total))


def _complete(items, table, total, parts):
    # The whole is the sum of a dimension only when every person (every enterprise) is in one of its cells.
    measure = "people" if table == "wage" else "enterprises"
    if parts and sum(getattr(items[part], measure) for part in parts) == getattr(items[total], measure):
        return [Relation(total, tuple(sorted(parts, key=repr)))]
    return []


# --- Constraints from what was issued -------------------------------------------------------------------------------


def _place(dimension, key):
    return f"{dimension}\t{key}"


def _basis_contributions(data):
    """Return the JSON a publication keeps of ``data`` (contributions as text, exact to the cent)."""
    return {
        "units": {str(sid): unit_id for sid, unit_id in data.units.items()},
        **{
            table: {
                _place(*place): {str(sid): f"{people}:{cents}" for sid, (people, cents) in shares.items()}
                for place, shares in contributions.items()
            }
            for table, contributions in (("wage", data.wage), ("cost", data.cost))
        },
    }


def _changes(old, new):
    """Return ``{cell id: (enterprises changed, people changed)}`` for every cell of every scope whose
    contributions differ between two bases."""
    changes = {}
    units = {**old["units"], **new["units"]}
    for table in ("wage", "cost"):
        for place in old.get(table, {}).keys() | new[table].keys():
            before, after = old.get(table, {}).get(place, {}), new[table].get(place, {})
            changed = [sid for sid in before.keys() | after.keys() if before.get(sid) != after.get(sid)]
            if not changed:
                continue
            dimension, key = place.split("\t", 1)
            per_scope = defaultdict(lambda: [0, Decimal(0)])
            for sid in changed:
                people = max(Decimal(value.split(":")[0]) for value in (before.get(sid, "0:0"), after.get(sid, "0:0")))
                for scope in (PREFECTURE, units[sid]):
                    per_scope[scope][0] += 1
                    per_scope[scope][1] += people
            for scope, (count, people) in per_scope.items():
                changes[(scope, table, dimension, key)] = (count, people)
    return changes


def _legacy_withheld(publication):
    scope = scope_of(publication.unit)
    ids = {(scope, "wage", c["dimension"], c["key"]) for c in publication.cells if c["suppressed"]}
    for group in publication.cost_figures:
        if group["suppressed"]:
            ids.add(_cost_id(scope, group["dimension"], group["key"]))
    return ids


def _cost_id(scope, dimension, key):
    if dimension == "unit":
        return (int(key), "cost", "all", "all") if key != "all" else (scope, "cost", "all", "all")
    return (scope, "cost", dimension, key)


def _constraints(year, basis, items):
    """Return ``(forced, known, changed)`` from every issued publication of data year ``year``."""
    issued = Publication.objects.issued().in_year(year).select_related("unit", "basis")
    forced, known, changed = set(), set(), set()
    limits = rules()
    for publication in issued:
        try:
            earlier = publication.basis
        except PublicationBasis.DoesNotExist:
            forced |= _legacy_withheld(publication)
            continue
        withheld = {tuple(cell_id) for cell_id in earlier.withheld}
        forced |= withheld
        changes = _changes(earlier.contributions, basis)
        scope = scope_of(publication.unit)
        for cell_id in items:
            if cell_id in withheld:
                continue
            change = changes.get(cell_id)
            if change is None:
                if cell_id[0] == scope:
                    known.add(cell_id)
            elif change[0] < limits.min_enterprises or change[1] < limits.min_people:
                changed.add(cell_id)
    return forced, known - changed - forced, changed


# --- Planning a publication -----------------------------------------------------------------------------------------


@dataclass
class Plan:
    cells: list  # the unit's wage cells as a publication stores them, the pattern applied
    cost_figures: list
    withheld: list  # the year's pattern in every scope, as cell ids
    contributions: dict  # the basis kept with the publication
    method: Method  # the settings the tables were computed with, recorded with them
    unprotected: int = 0


def plan_publication(year, unit):
    """Return the ``Plan`` of ``unit``'s publication of data year ``year`` (``None``: the prefecture's) from the
    accepted data as it stands and every issued publication of the year, with the settings in force."""
    method = Method.current()
    data = year_data(year, method.part_year_rule)
    items = _items(data)
    basis = _basis_contributions(data)
    forced, known, changed = _constraints(year, basis, items)
    outcome = suppress(items, relations(items), method.rules(), forced=forced | changed, known=known)
    scope = scope_of(unit)
    cells = []
    for cell in wage_levels.wage_table(year, unit, rule=method.part_year_rule, employees=data.employees):
        cell_id = (scope, "wage", cell.dimension, cell.key)
        if cell_id in outcome.withheld and not cell.suppressed:
            cell = _withhold(cell, CHANGE_REASON if cell_id in changed else SECONDARY_REASON)
        cells.append(cell.as_snapshot())
    groups = []
    for group in labour_cost.cost_groups(year, unit):
        if _cost_id(scope, group.dimension, group.key) in outcome.withheld and not group.suppressed:
            group.suppressed, group.values = True, {}
            group.reasons = [*group.reasons, SECONDARY_REASON]
        groups.append(group.as_snapshot())
    withheld = sorted(([*cell_id] for cell_id in outcome.withheld), key=repr)
    return Plan(cells, groups, withheld, basis, method, len(outcome.unprotected))


def _withhold(cell, reason):
    blank = {name: None for name in (*PERCENTILE_NAMES, "mean", "rse_pct")}
    return replace(cell, suppressed=True, is_unreliable=False, reasons=[*cell.reasons, reason], **blank)


# --- What the public sees -------------------------------------------------------------------------------------------


@dataclass
class PublicTable:
    year: int
    title: str
    cells: list  # wage_levels.Cell, withheld ones blank but for their label
    groups: list  # labour-cost groups as dicts, withheld ones blank but for their label
    method: Method = field(default_factory=Method.current)  # what the tables were computed with
    publication: object = None

    def cell_rows(self):
        """Return the cells as open data rows (yuan as text with two decimals, null where not published)."""
        rows = []
        for cell in self.cells:
            row = {
                "dimension": cell.dimension,
                "dimension_label": cell.dimension_label,
                "key": cell.key,
                "label": cell.label,
                "n_people": cell.n_people,
                "n_enterprises": cell.n_enterprises,
                "n_part_year": cell.n_part_year,
                "suppressed": cell.suppressed,
            }
            for name in (*PERCENTILE_NAMES, "mean"):
                value = getattr(cell, name)
                row[name] = None if value is None else f"{value:.2f}"
            rows.append(row)
        return rows

    def as_json(self):
        """Return the table as the open-data JSON (and ``wage_levels --public``) gives it."""
        return {
            "title": self.title,
            "year": self.year,
            "version": self.publication.number if self.publication else None,
            "unit": "元/年",
            "definition": self.method.definition,
            "part_year": self.method.part_year_note,
            "rse_method": self.method.rse_method,
            "disclosure": self.method.disclosure_note,
            "thresholds": self.method.thresholds(),
            "cells": self.cell_rows(),
            "labour_cost": self.groups,
        }

    def as_csv(self):
        """Return the cells as CSV text, the definition and thresholds first as ``#`` comment lines."""
        text = io.StringIO()
        method = self.method
        text.write(f"# {self.title}\n# {method.definition}\n# {method.part_year_note}\n# {method.disclosure_note}\n")
        text.write("# " + ", ".join(f"{name}={value}" for name, value in method.thresholds().items()) + "\n")
        writer = csv.DictWriter(text, fieldnames=OPEN_DATA_FIELDS, lineterminator="\n")
        writer.writeheader()
        for row in self.cell_rows():
            writer.writerow({name: "" if row[name] is None else row[name] for name in OPEN_DATA_FIELDS})
        return text.getvalue()


def public_cell(cell):
    """Return ``cell`` as the public sees it: a withheld cell keeps its dimension, key and flag only."""
    if not cell.suppressed:
        return replace(cell, reasons=[])
    blank = {name: None for name in (*PERCENTILE_NAMES, "mean", "rse_pct", "n_people", "n_enterprises")}
    blank["n_part_year"] = None
    return replace(cell, is_unreliable=False, reasons=[], **blank)


def public_group(group):
    """Return a labour-cost group (a snapshot dict) as the public sees it."""
    if not group["suppressed"]:
        return {
            name: group[name]
            for name in ("dimension", "key", "label", "n_enterprises", "headcount", "suppressed", "values")
        }
    return {
        "dimension": group["dimension"],
        "key": group["key"],
        "label": group["label"],
        "n_enterprises": None,
        "headcount": None,
        "suppressed": True,
        "values": {name: None for name, _label in labour_cost.INDICATORS},
    }


def public_table(publication):
    """Return what the public sees of ``publication``: its frozen pattern (for a publication drafted before
    secondary suppression, that applied to its own tables)."""
    cells = [cell_from_snapshot(data) for data in publication.cells]
    groups = list(publication.cost_figures)
    if not publication.has_disclosure_control:
        cells, groups = _legacy_pattern(publication, cells, groups)
    return PublicTable(
        year=publication.year,
        title=f"{publication.title}（第{publication.number}版）",
        cells=[public_cell(cell) for cell in cells],
        groups=[public_group(group) for group in groups],
        method=Method.of(publication),
        publication=publication,
    )


def draft_table(year, unit):
    """Return what the public would see of ``unit``'s publication of ``year`` drafted now."""
    plan = plan_publication(year, unit)
    scope = unit.short_name if unit is not None and unit.is_county else "楚雄州"
    return PublicTable(
        year=year,
        title=f"{scope}{year}年度人力资源市场工资价位和人工成本信息（未发布，按当前数据计算）",
        cells=[public_cell(cell_from_snapshot(data)) for data in plan.cells],
        groups=[public_group(group) for group in plan.cost_figures],
        method=plan.method,
    )


def _legacy_pattern(publication, cells, groups):
    # Only the snapshot is known (no enterprises' shares): people stand for pay, the stored flags for the rules.
    scope = scope_of(publication.unit)
    items, forced = {}, set()
    for cell in cells:
        cell_id = (scope, "wage", cell.dimension, cell.key)
        items[cell_id] = Item(cell.n_people, cell.n_enterprises, cell.n_people, 0, 0)
        if cell.suppressed:
            forced.add(cell_id)
    for group in groups:
        cell_id = _cost_id(scope, group["dimension"], group["key"])
        headcount = Decimal(group["headcount"])
        items[cell_id] = Item(headcount, group["n_enterprises"], headcount, 0, 0)
        if group["suppressed"]:
            forced.add(cell_id)
    lenient = replace(Method.of(publication).rules(), min_people=0, min_enterprises=0, max_share_pct=100)
    withheld = suppress(items, relations(items), lenient, forced=forced).withheld
    cells = [
        _withhold(cell, SECONDARY_REASON)
        if (scope, "wage", cell.dimension, cell.key) in withheld and not cell.suppressed
        else cell
        for cell in cells
    ]
    groups = [
        {**group, "suppressed": True, "values": {}}
        if _cost_id(scope, group["dimension"], group["key"]) in withheld
        else group
        for group in groups
    ]
    return cells, groups
