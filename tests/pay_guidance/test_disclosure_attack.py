"""Attack what annex 6 publishes by linear algebra (统计法 Art. 25: nothing from which one respondent can be
identified or inferred).

A survey with traps — a lone enterprise beside published sibling occupations and alone in its industry, an
occupation withheld in one county but published in the others and the prefecture, a cell dominated by one
enterprise's pay but not its headcount — is published for the prefecture and every county; a correction then
changes one enterprise. The attacker takes every published figure (mean × people of each published wage cell,
each published labour-cost total) and every additive relation that holds in the data (a group and its
occupations, the whole and each dimension covering everyone, the prefecture and its counties, every version)
and solves. A withheld total is determined exactly when its unit vector lies in the row space of the system, that
is when it is orthogonal to the system's null space (numpy's SVD). None may be; and moving along the null space
within non-negative totals must leave each a wide interval.
"""

import random
from collections import defaultdict
from decimal import Decimal

import numpy
import pytest

from chuxiong_labor.units import Unit
from pay_guidance.models import Employee, SurveyEnterprise
from pay_guidance.public_tables import PREFECTURE, public_table
from pay_guidance.services import act_on_publication, draft_publication
from tests.factories import make_enterprise, unit
from tests.pay_guidance.factories import add_employees, make_survey

pytestmark = pytest.mark.django_db

COUNTIES = ("楚雄市", "禄丰市", "大姚县")
MEDIANS = {"4-01-02-01": 50000, "4-03-02-01": 46000, "4-02-02-02": 56000, "6-31-01-03": 62000}
MEDIANS |= {"6-29-01-01": 58000, "2-02-07-04": 85000}


def _pays(rng, median, count):
    return [Decimal(rng.randrange(int(median * 80), int(median * 120))) / 100 for _ in range(count)]


def _hire(rng, survey, occupation, count, median=None):
    # Everyone carries an education (a dimension covering everyone); a few carry a management grade (one that
    # does not, so no relation holds for it).
    for index, pay in enumerate(_pays(rng, median or MEDIANS[occupation], count)):
        labels = {"education": "大学本科" if index % 2 else "大学专科"}
        if index % 5 == 0:
            labels["management_grade"] = "基层管理岗"
        add_employees(survey, [pay], occupation=occupation, **labels)


def make_trap_survey():
    """Create the trap survey: three counties of four enterprises, a lone enterprise and the traps."""
    rng = random.Random(19)
    surveys = {}
    for county in COUNTIES:
        for number, industry in enumerate("CEFG", start=1):
            survey = make_survey(county, enterprise=make_enterprise(county, industry=industry))
            surveys[f"{county}{number}"] = survey
            _hire(rng, survey, "4-01-02-01", 10)
            _hire(rng, survey, "4-03-02-01", 10)
            if number <= 3:
                _hire(rng, survey, "6-29-01-01", 12)
            # Withheld in 禄丰市 (two enterprises), published in the other counties and the prefecture.
            if county != "禄丰市":
                _hire(rng, survey, "6-31-01-03", 10)
            elif number <= 2:
                _hire(rng, survey, "6-31-01-03", 15)
            # In 大姚县 one enterprise holds a third of the people and nearly all of the pay.
            if county == "大姚县":
                _hire(rng, survey, "2-02-07-04", 15 if number == 1 else 10, 400000 if number == 1 else 30000)
            elif number <= 3:
                _hire(rng, survey, "2-02-07-04", 11)
    # One enterprise of 40 people: alone in its occupation beside published siblings, and alone in its industry.
    lone = make_survey("楚雄市", enterprise=make_enterprise("楚雄市", industry="I"))
    _hire(rng, lone, "4-02-02-02", 40)
    surveys["lone"] = lone
    for survey in surveys.values():
        _sheet(survey)
    return surveys


def _sheet(survey):
    pays = sum(survey.employees.values_list("annual_pay_yuan", flat=True), Decimal(0))
    survey.average_headcount = Decimal(survey.employees.count())
    survey.wages_yuan = pays
    survey.social_insurance_yuan = (pays * Decimal("0.22")).quantize(Decimal("0.01"))
    survey.save()


def issue(unit_, reviewer):
    publication = draft_publication(unit_, 2025, actor=reviewer)
    publication = act_on_publication(publication, "approve", actor=reviewer)
    return act_on_publication(publication, "issue", actor=reviewer)


def office():
    return Unit.objects.get(kind=Unit.Kind.PREFECTURE_OFFICE)


def issue_everything(reviewer):
    return [issue(office(), reviewer)] + [issue(unit(county), reviewer) for county in COUNTIES]


# --- The attacker's view --------------------------------------------------------------------------------------------


def truth():
    """Return ``{cell id: (total, people, enterprises)}`` recomputed from the rows, independently of the portal."""
    totals = defaultdict(lambda: [Decimal(0), 0, set()])
    for survey_id, unit_id, occupation, grade, education, industry, pay in Employee.objects.values_list(
        "survey_id", "unit_id", "occupation_code", "management_grade", "education", "industry", "annual_pay_yuan"
    ):
        places = [("all", "all"), ("occupation", occupation), ("occupation", occupation[0]), ("education", education)]
        places += [("industry", industry)] + ([("management_grade", grade)] if grade else [])
        for scope in (PREFECTURE, unit_id):
            for place in places:
                cell = totals[(scope, "wage", *place)]
                cell[0] += pay
                cell[1] += 1
                cell[2].add(survey_id)
    for survey in SurveyEnterprise.objects.select_related("enterprise"):
        for scope in (PREFECTURE, survey.unit_id):
            for place in (("all", "all"), ("industry", survey.enterprise.industry)):
                cell = totals[(scope, "cost", *place)]
                cell[0] += survey.labour_cost_yuan
                cell[1] += 1
                cell[2].add(survey.pk)
    return {key: (value[0], value[1], frozenset(value[2])) for key, value in totals.items()}


def relations_in(data):
    """Return the additive relations that hold in ``data`` as (total id, [part ids])."""
    found = []
    for cell_id in data:
        scope, table, dimension, key = cell_id
        if scope == PREFECTURE:
            parts = [c for c in data if c[0] != PREFECTURE and c[1:] == cell_id[1:]]
            found.append((cell_id, parts))
        if dimension == "all":
            for other in {c[2] for c in data if c[:2] == (scope, table) and c[2] != "all"}:
                parts = [
                    c for c in data if c[:3] == (scope, table, other) and not (other == "occupation" and len(c[3]) > 1)
                ]
                if sum(data[c][1] for c in parts) == data[cell_id][1]:
                    found.append((cell_id, parts))
        if dimension == "occupation" and len(key) == 1:
            found.append((cell_id, [c for c in data if c[:3] == cell_id[:3] and len(c[3]) > 1 and c[3][0] == key]))
    return found


def seen(publications):
    """Return ``({cell id: published total}, {withheld cell id})`` over the public tables of ``publications``."""
    known, withheld = {}, set()
    for publication in publications:
        scope = publication.unit_id if publication.unit.is_county else PREFECTURE
        table = public_table(publication)
        for cell in table.cells:
            cell_id = (scope, "wage", cell.dimension, cell.key)
            if cell.suppressed:
                assert cell.mean is None and cell.n_people is None and cell.p50 is None
                withheld.add(cell_id)
            else:
                known[cell_id] = cell.mean * cell.n_people
        for group in table.groups:
            if group["dimension"] == "unit":
                cell_id = (scope if group["key"] == "all" else int(group["key"]), "cost", "all", "all")
            else:
                cell_id = (scope, "cost", "industry", group["key"])
            if group["suppressed"]:
                assert group["headcount"] is None and not any(group["values"].values())
                withheld.add(cell_id)
            else:
                known[cell_id] = Decimal(group["values"]["labour_cost"])
    assert not known.keys() & withheld, "a cell published in one table and withheld in another"
    return known, withheld


class System:
    """The attacker's linear system over per-world cell totals: relations, published values, equalities."""

    def __init__(self):
        self.index = {}
        self.rows = []

    def var(self, key):
        return self.index.setdefault(key, len(self.index))

    def add(self, coefficients):
        self.rows.append({self.var(key): value for key, value in coefficients.items()})

    def null_space(self):
        matrix = numpy.zeros((len(self.rows), len(self.index)))
        for row_number, row in enumerate(self.rows):
            for column, value in row.items():
                matrix[row_number, column] = value
        _u, singular, vt = numpy.linalg.svd(matrix)
        rank = int((singular > 1e-9 * singular.max()).sum())
        return vt[rank:].T  # columns span the null space

    def vector(self, coefficients):
        target = numpy.zeros(len(self.index))
        for key, value in coefficients.items():
            target[self.index[key]] = value
        return target


def build(system, world, data, known):
    for total, parts in relations_in(data):
        system.add({(world, total): 1, **{(world, part): -1 for part in parts}})
    for cell_id in data:
        system.var((world, cell_id))
    for cell_id in known:
        system.add({(world, cell_id): 1})


def interval_width(null, system, worlds, world, cell_id):
    """Return how far the cell's total can move along the null space with every total non-negative."""
    column = system.index[(world, cell_id)]
    direction = null @ null[column]
    values = numpy.zeros(len(system.index))
    for (w, other), position in system.index.items():
        values[position] = float(worlds[w][other][0]) if other in worlds[w] else 0.0
    up = [values[i] / -direction[i] for i in range(len(values)) if direction[i] < -1e-12]
    down = [-values[i] / direction[i] for i in range(len(values)) if direction[i] > 1e-12]
    return (min(up, default=numpy.inf) - max(down, default=-numpy.inf)) * direction[column]


# --- The attacks ----------------------------------------------------------------------------------------------------


@pytest.fixture
def published(reviewer):
    make_trap_survey()
    return issue_everything(reviewer)


def test_the_traps_are_withheld_in_every_table(published):
    _known, withheld = seen(published)
    luofeng = unit("禄丰市").pk
    chuxiong = unit("楚雄市").pk
    assert (PREFECTURE, "wage", "occupation", "4-02-02-02") in withheld
    assert (chuxiong, "wage", "occupation", "4-02-02-02") in withheld
    assert (luofeng, "wage", "occupation", "6-31-01-03") in withheld
    assert (unit("大姚县").pk, "wage", "occupation", "2-02-07-04") in withheld
    assert (PREFECTURE, "cost", "industry", "I") in withheld


def test_no_withheld_cell_is_determined_by_everything_published(published):
    data = truth()
    known, withheld = seen(published)
    system = System()
    build(system, 1, data, known)
    null = system.null_space()
    worlds = {1: data}
    for cell_id in withheld:
        projection = null.T @ system.vector({(1, cell_id): 1})
        assert numpy.linalg.norm(projection) > 1e-6, f"{cell_id} can be computed from the published figures"
        width = interval_width(null, system, worlds, 1, cell_id)
        assert width >= 0.5 * float(data[cell_id][0]), f"{cell_id}: only {width:.0f} wide"


def test_the_primary_rules_found_the_traps_and_complements_protect_them(published):
    known, withheld = seen(published)
    assert len(withheld) > 5 and len(known) > 20


def test_a_correction_never_differs_from_the_version_before_by_one_enterprise(published, reviewer):
    before = truth()
    changed_survey = SurveyEnterprise.objects.filter(unit=unit("禄丰市")).order_by("pk").first()
    _hire(random.Random(7), changed_survey, "4-01-02-01", 5, 99000)
    _sheet(changed_survey)
    correction = issue(office(), reviewer)
    assert correction.number == 2
    after = truth()
    known_before, withheld_before = seen(published)
    known_after, withheld_after = seen([correction])
    system = System()
    build(system, 1, before, known_before)
    build(system, 2, after, known_after)
    # The strongest attacker knows which cells the correction left alone.
    for cell_id in before.keys() & after.keys():
        if before[cell_id] == after[cell_id]:
            system.add({(1, cell_id): 1, (2, cell_id): -1})
    null = system.null_space()
    worlds = {1: before, 2: after}
    for world, cells in ((1, withheld_before), (2, withheld_after)):
        for cell_id in cells:
            projection = null.T @ system.vector({(world, cell_id): 1})
            assert numpy.linalg.norm(projection) > 1e-6, f"{cell_id} (version {world}) can be computed"
            assert interval_width(null, system, worlds, world, cell_id) > 0
    # Every cell the one enterprise changed: its change cannot be computed from the two versions.
    changed = [c for c in before.keys() & after.keys() if before[c] != after[c]]
    assert changed
    for cell_id in changed:
        difference = system.vector({(2, cell_id): 1, (1, cell_id): -1})
        assert numpy.linalg.norm(null.T @ difference) > 1e-6, f"the change of {cell_id} can be computed"
    assert (PREFECTURE, "wage", "all", "all") in withheld_after
