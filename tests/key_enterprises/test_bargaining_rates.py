"""Rates over every enterprise they concern (domain-rules §9): the denominators count every enterprise of the unit
with a union in that year — its union kept with its dates, not only today's flag — whether or not a record was
entered; an enterprise without a record counts as 未建制/未协商 and is listed from the rate; the 2021 duty's
done-check reads the true rate."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from chuxiong_labor.deadlines import done_check
from key_enterprises.figures import bargaining_rates
from key_enterprises.models import BargainingRecord
from tests.factories import make_enterprise, unit

from .factories import make_monitored

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 1)


def unionised(county="楚雄市", *, founded=datetime.date(2020, 1, 1), dissolved=None, above=False, **fields):
    return make_enterprise(
        county, has_union=dissolved is None, union_founded_on=founded, union_dissolved_on=dissolved,
        is_above_scale=above, **fields,
    )  # fmt: skip


def record(enterprise, year=2025, *, system=True, contract=False, owner="楚雄市"):
    return BargainingRecord.objects.create(
        unit=unit(owner), enterprise=enterprise, year=year, has_system=system, held_annual=contract,
        wage_contract_signed_on=datetime.date(year, 3, 1) if contract else None,
    )  # fmt: skip


def test_every_enterprise_with_a_union_that_year_counts_record_or_not():
    # Nine with a union at the end of 2025 (one dissolved in 2026 included, one dissolved in 2024 and one founded
    # in 2026 left out); eight have a system on record, one has no record at all and counts as 未建制/未协商.
    for _ in range(6):
        record(unionised())
    record(unionised(above=True), contract=True)
    unionised(above=True)  # no record: 未建制 and 未协商
    unionised(founded=datetime.date(2026, 2, 1))  # its union came after 2025
    record(unionised(founded=datetime.date(2019, 1, 1), dissolved=datetime.date(2024, 6, 30)))  # gone before 2025
    record(unionised(founded=datetime.date(2019, 1, 1), dissolved=datetime.date(2026, 3, 1)))  # still there in 2025
    make_enterprise("楚雄市", has_union=False)  # never a union

    rates = bargaining_rates(2025, today=TODAY)[0][unit("楚雄市").pk]
    assert (rates.with_system, rates.union, rates.system_rate) == (8, 9, Decimal("88.9"))
    assert (rates.annual_and_wage_contract, rates.union_above_scale, rates.wage_contract_rate) == (
        1,
        2,
        Decimal("50.0"),
    )


def test_a_member_unit_counts_the_enterprises_of_its_own_list():
    listed = unionised("楚雄市")
    make_monitored("州人社局", enterprise=listed, year=2025)
    record(listed, owner="州人社局")
    unionised("楚雄市")  # the county's, not the member unit's
    per_unit, total = bargaining_rates(2025, today=TODAY)
    member = per_unit[unit("州人社局").pk]
    assert (member.with_system, member.union) == (1, 1)
    assert (per_unit[unit("楚雄市").pk].union, total.union) == (2, 2)


def test_the_rate_opens_on_the_enterprises_it_counts(client, county_user):
    recorded, missing = unionised(name="已登记企业有限公司"), unionised(name="未登记企业有限公司")
    record(recorded, year=2026)
    client.force_login(county_user)
    listing = client.get(reverse("key_enterprises:bargaining_list"), {"year": 2026}).content.decode()
    link = f"{reverse('key_enterprises:bargaining_rate')}?year=2026&amp;unit={county_user.unit.pk}"
    assert link in listing
    page = client.get(reverse("key_enterprises:bargaining_rate"), {"year": 2026, "unit": county_user.unit.pk})
    html = page.content.decode()
    row = html[html.index("未登记企业有限公司") :].split("</tr>")[0]
    assert "未建制" in row and "（未登记）" in row and f"?enterprise={missing.pk}" in row
    other = client.get(reverse("key_enterprises:bargaining_rate"), {"year": 2026, "unit": unit("禄丰市").pk})
    assert other.status_code == 302  # another county's rate is not offered


def test_the_2021_duty_reads_the_true_rate():
    check = done_check("key_enterprise_bargaining")
    for _ in range(4):
        record(unionised(), year=2021)
    unrecorded = [unionised() for _ in range(2)]  # 4 of 6 = 66.7%: not met, though every record has a system
    assert check(unit("楚雄市"), datetime.date(2021, 12, 31)) is None
    for enterprise in unrecorded:
        record(enterprise, year=2021)
    assert check(unit("楚雄市"), datetime.date(2021, 12, 31)) == datetime.date(2021, 12, 31)


def test_a_countys_total_is_its_own_not_the_prefectures():
    record(unionised("楚雄市"))
    unionised("禄丰市")
    per_unit, total = bargaining_rates(2025, [unit("楚雄市")], today=TODAY)
    assert (total.union, total.with_system) == (1, 1)
    assert bargaining_rates(2025, today=TODAY)[1].union == 2
