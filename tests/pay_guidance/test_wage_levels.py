"""The wage table: every cell against numpy to the cent, each suppression rule on both sides, the reliability
mark. Runs on whichever database the suite runs on (PostgreSQL in CI computes in the database)."""

import random
from decimal import ROUND_HALF_UP, Decimal

import numpy
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pay_guidance.models import SurveyStatus
from pay_guidance.wage_levels import read_employees, wage_table
from tests.factories import make_enterprise
from tests.pay_guidance.factories import add_employees, make_survey

pytestmark = pytest.mark.django_db


def cents(value):
    """Round numpy's float once, half up, to the cent (after dropping float noise far below a cent)."""
    return Decimal(repr(round(float(value), 6))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def cell(cells, dimension, key):
    return next(c for c in cells if c.dimension == dimension and c.key == key)


def test_every_cell_matches_numpy_to_the_cent_on_random_data():
    rng = random.Random(11)
    occupations = ["4-03-02-01", "4-03-02-05", "6-31-01-03", "2-06-01-02"]
    grades = ["", "", "基层管理岗", "中层管理岗"]
    expected = {}
    for index in range(12):
        enterprise = make_enterprise("楚雄市", industry="CEF"[index % 3])
        survey = make_survey(enterprise=enterprise)
        for _ in range(rng.randrange(20, 60)):
            occupation, grade = rng.choice(occupations), rng.choice(grades)
            pay = Decimal(rng.randrange(2_400_000, 20_000_000)) / 100
            add_employees(survey, [pay], occupation=occupation, management_grade=grade)
            keys = [
                ("all", "all"),
                ("occupation", occupation),
                ("occupation", occupation[0]),
                ("industry", enterprise.industry),
            ]
            if grade:
                keys.append(("management_grade", grade))
            for key in keys:
                expected.setdefault(key, []).append(pay)
    cells = wage_table(2025)
    published = [c for c in cells if not c.suppressed]
    assert len(published) >= 8
    for c in published:
        values = numpy.array([float(v) for v in expected[(c.dimension, c.key)]])
        numbers = numpy.percentile(values, [10, 25, 50, 75, 90])
        assert [c.p10, c.p25, c.p50, c.p75, c.p90] == [cents(v) for v in numbers], (c.dimension, c.key)
        mean = (sum(expected[(c.dimension, c.key)]) / len(values)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        assert c.mean == mean
        assert c.n_people == len(values)


def test_the_table_takes_the_same_number_of_queries_whatever_the_number_of_cells():
    survey = make_survey()
    add_employees(survey, [50000] * 5, occupation="4-03-02-01")
    with CaptureQueriesContext(connection) as few:
        wage_table(2025)
    for index in range(6):
        add_employees(
            survey, [50000] * 5, occupation=f"6-31-01-0{index}", title=f"职称{index}", education=f"学历{index}"
        )
    with CaptureQueriesContext(connection) as many:
        cells = wage_table(2025)
    assert len(cells) > 12
    assert len(many) == len(few)


def three_enterprises(counts, pay=50000):
    for count in counts:
        add_employees(make_survey(), [pay] * count)


def test_a_cell_of_30_people_from_3_enterprises_is_published():
    three_enterprises([10, 10, 10])
    assert not cell(wage_table(2025), "all", "all").suppressed


def test_a_cell_of_29_people_is_suppressed_and_kept_with_its_counts():
    three_enterprises([10, 10, 9])
    suppressed = cell(wage_table(2025), "all", "all")
    assert suppressed.suppressed and suppressed.n_people == 29 and suppressed.p50 is None


def test_a_cell_from_2_enterprises_is_suppressed():
    three_enterprises([20, 20])
    assert cell(wage_table(2025), "all", "all").suppressed


def test_one_enterprise_holding_exactly_70_percent_does_not_suppress():
    three_enterprises([70, 15, 15])
    assert not cell(wage_table(2025), "all", "all").suppressed


def test_one_enterprise_holding_more_than_70_percent_suppresses():
    three_enterprises([71, 15, 14])
    assert "单户企业人数占比超过70%" in cell(wage_table(2025), "all", "all").reasons


def test_one_enterprise_holding_more_than_70_percent_of_the_pay_suppresses_though_not_of_the_people():
    add_employees(make_survey(), [500000] * 20)
    three_enterprises([20, 20], pay=30000)
    assert cell(wage_table(2025), "all", "all").reasons == ["单户企业工资总额占比超过70%"]


def test_surveys_not_yet_accepted_are_left_out():
    three_enterprises([10, 10, 10])
    add_employees(make_survey(status=SurveyStatus.CHECKED), [90000] * 10)
    assert cell(wage_table(2025), "all", "all").n_people == 30


def test_a_county_table_counts_only_that_county():
    three_enterprises([10, 10, 10])
    add_employees(make_survey("禄丰市"), [90000] * 10)
    from tests.factories import unit

    assert cell(wage_table(2025, unit("禄丰市")), "all", "all").n_people == 10


def test_a_widely_spread_median_is_marked_unreliable():
    for _ in range(3):
        add_employees(make_survey(), [10000] * 5 + [50000] + [400000] * 5)
    published = cell(wage_table(2025), "all", "all")
    assert published.rse_pct >= 30 and published.is_unreliable


def test_a_tight_median_is_not_marked():
    three_enterprises([10, 10, 10])
    assert not cell(wage_table(2025), "all", "all").is_unreliable


def test_a_year_whose_accepted_surveys_hold_no_employees_has_an_empty_table():
    make_survey()
    assert wage_table(2025) == []


def test_a_part_year_employee_is_counted_at_annual_pay_times_12_over_months_worked():
    expected = []
    for index in range(3):
        survey = make_survey()
        pays = [48000 + 1000 * index + 100 * k for k in range(10)]
        add_employees(survey, pays)
        add_employees(survey, [10000 + index], months=7)  # 7 months: counted at ×12÷7, rounded half up
        expected += [Decimal(pay) for pay in pays]
        expected.append((Decimal(10000 + index) * 12 / 7).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    whole = cell(wage_table(2025), "all", "all")
    numbers = numpy.percentile([float(value) for value in expected], [10, 25, 50, 75, 90])
    assert [whole.p10, whole.p25, whole.p50, whole.p75, whole.p90] == [cents(v) for v in numbers]
    assert whole.mean == (sum(expected) / 33).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert whole.n_part_year == 3


def test_part_year_pay_is_rounded_once_to_the_cent():
    for _ in range(3):
        add_employees(make_survey(), [10000] * 10, months=7)
    assert cell(wage_table(2025), "all", "all").p50 == Decimal("17142.86")


def test_the_as_paid_rule_counts_part_year_pay_as_paid(settings):
    settings.PAY_PART_YEAR_RULE = "as_paid"
    for _ in range(3):
        add_employees(make_survey(), [30000] * 10, months=6)
    whole = cell(wage_table(2025), "all", "all")
    assert whole.p50 == Decimal("30000.00") and whole.n_part_year == 30


def test_dominance_of_pay_reads_full_year_pay():
    # Each enterprise's paid total is equal, but one enterprise's people worked a month: full-year, it dominates.
    big = make_survey()
    add_employees(big, [5000] * 10, months=1)
    for _ in range(2):
        add_employees(make_survey(), [5000] * 10)
    assert "单户企业工资总额占比超过70%" in cell(wage_table(2025), "all", "all").reasons


def test_the_median_rse_allows_for_clustering_within_enterprises_as_numpy_computes_it():
    rng = random.Random(19)
    by_enterprise = []
    for level in (40000, 52000, 61000, 75000):
        pays = [Decimal(rng.randrange(level * 90, level * 110)) / 100 for _ in range(rng.randrange(12, 30))]
        add_employees(make_survey(), pays)
        by_enterprise.append(pays)
    everyone = numpy.array([float(pay) for pays in by_enterprise for pay in pays])
    median = numpy.percentile(everyone, 50)
    p25, p75 = (cents(value) for value in numpy.percentile(everyone, [25, 75]))
    # IFᵢ = 0.5 − 1[xᵢ ≤ m]; var(m) ≈ Σ_e (Σ IFᵢ)² ÷ (n² f²), f = 0.5 ÷ (P75 − P25); RSE = √var ÷ m.
    sums = [sum(0.5 - (float(pay) <= median) for pay in pays) for pays in by_enterprise]
    f = 0.5 / float(p75 - p25)
    rse = numpy.sqrt(sum(s * s for s in sums) / (len(everyone) ** 2 * f * f)) / median * 100
    whole = cell(wage_table(2025), "all", "all")
    assert whole.rse_pct == Decimal(repr(round(float(rse), 6))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def test_pay_alike_within_enterprises_makes_the_median_less_reliable_than_independent_people_would():
    # Three enterprises, each paying everyone alike: 90 people hold the information of about three.
    for pay in (30000, 50000, 90000):
        add_employees(make_survey(), [pay] * 30)
    whole = cell(wage_table(2025), "all", "all")
    simple = (whole.p75 - whole.p25) / (Decimal(90).sqrt() * whole.p50) * 100
    assert whole.rse_pct > 3 * simple and whole.is_unreliable


def test_a_county_table_taken_from_the_years_rows_is_the_table_read_for_that_county():
    from tests.factories import unit

    rng = random.Random(21)
    for county in ("楚雄市", "禄丰市", "楚雄市", "禄丰市", "楚雄市", "禄丰市", "楚雄市"):
        survey = make_survey(county)
        for _ in range(12):
            add_employees(
                survey,
                [Decimal(rng.randrange(2_400_000, 9_000_000)) / 100],
                occupation=rng.choice(["4-03-02-01", "6-31-01-03"]),
                months=rng.choice([12, 12, 7]),
                title=rng.choice(["", "中级职称"]),
                education=rng.choice(["大学本科", "大学专科"]),
            )
    year = read_employees(2025)
    for county in ("楚雄市", "禄丰市"):
        read = [c.as_snapshot() for c in wage_table(2025, unit(county))]
        taken = [c.as_snapshot() for c in wage_table(2025, unit(county), employees=year)]
        assert read == taken and any(not c["suppressed"] for c in read)
    assert [c.as_snapshot() for c in wage_table(2025)] == [c.as_snapshot() for c in wage_table(2025, employees=year)]


def test_every_label_is_read_back_exactly_however_alike_two_labels_are():
    # Labels alike in every way a digest of them could confuse: a trailing space, case, the same letter composed
    # and decomposed, a backslash, and two columns holding each other's labels.
    alike = ["中级职称", "中级职称 ", "Aa", "AA", "\u00e9", "e\u0301", "a\\b", "a\\\\b", ""]
    rows = [(title, education) for title in alike for education in ("甲", "乙")] + [("甲", "乙"), ("乙", "甲")]
    survey = make_survey()
    expected = {}
    for index, (title, education) in enumerate(rows):
        pay = 40000 + index
        add_employees(survey, [pay], title=title, education=education, occupation=f"4-03-02-0{index % 3}")
        expected[pay * 100] = (title, education, f"4-03-02-0{index % 3}")
    employees = read_employees(2025)
    assert len(employees.cents) == len(rows)
    for position, paid in enumerate(employees.cents.tolist()):
        read = tuple(
            employees.labels[column][employees.codes[column][position]]
            for column in ("title", "education", "occupation_code")
        )
        assert read == expected[paid]
    assert sorted(employees.labels["title"]) == sorted([*alike, "甲", "乙"])


def test_labels_whose_hashes_collide_are_still_told_apart(monkeypatch):
    # Under this "hash" every two combinations of labels collide: the rows must still be coded exactly.
    monkeypatch.setattr("pay_guidance.wage_levels.LABELS_HASH", "0::bigint")
    survey = make_survey()
    add_employees(survey, [41000] * 4, title="中级职称")
    add_employees(survey, [52000] * 3, title="初级职称", occupation="6-31-01-03")
    add_employees(survey, [63000] * 2)
    employees = read_employees(2025)
    read = sorted(
        (
            paid,
            employees.labels["title"][employees.codes["title"][position]],
            employees.labels["occupation_code"][employees.codes["occupation_code"][position]],
        )
        for position, paid in enumerate(employees.cents.tolist())
    )
    expected = [(4100000, "中级职称", "4-03-02-01")] * 4 + [(5200000, "初级职称", "6-31-01-03")] * 3
    assert read == sorted(expected + [(6300000, "", "4-03-02-01")] * 2)


def test_a_county_row_whose_repeated_unit_disagrees_with_its_survey_is_still_read_with_its_labels():
    from pay_guidance.models import Employee
    from tests.factories import unit

    survey = make_survey("楚雄市")
    add_employees(survey, [41000] * 3, title="中级职称")
    Employee.objects.filter(survey=survey).update(unit=unit("禄丰市"))  # the label check reads by this column
    employees = read_employees(2025, unit("楚雄市"))
    titles = [employees.labels["title"][code] for code in employees.codes["title"].tolist()]
    assert titles == ["中级职称"] * 3
