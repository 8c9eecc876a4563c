"""Annex 6's targets on the 督办看板: service coverage, skill-talent guidance per county and year, and the
demonstration registers counted only where the enterprise's ownership fits, each against the plan's figure."""

import datetime

import pytest
from django.urls import reverse

from chuxiong_labor.units import Unit
from pay_guidance.models import Demonstration, SkillGuidance, SurveyStatus, TargetedService
from pay_guidance.targets import targets
from tests.factories import make_enterprise, unit
from tests.pay_guidance.factories import make_survey

pytestmark = pytest.mark.django_db


def row(table, label):
    return {column.title: cell for column, cell in zip(table.columns, dict(table.rows)[label], strict=True)}


def guide(unit_name, enterprise, day):
    SkillGuidance.objects.create(
        unit=unit(unit_name), kind="guidance", enterprise=enterprise, topic="pay_system", held_on=day, summary="指导"
    )


def demonstrate(unit_name, kind, ownership, day=datetime.date(2021, 9, 1)):
    Demonstration.objects.create(
        unit=unit(unit_name), kind=kind, enterprise=make_enterprise(unit_name, ownership=ownership), selected_on=day
    )


def test_each_countys_figures_against_the_plan_and_the_prefecture_total():
    # Coverage: 1 of 10 surveyed enterprises of data year 2024 served = 10% (met); 禄丰市 none of 2.
    surveys = [make_survey("楚雄市", year=2024, status=SurveyStatus.ACCEPTED) for _ in range(10)]
    TargetedService.objects.create(
        survey=surveys[0], served_on=datetime.date(2025, 6, 1), topic="feedback", served_by="张三"
    )
    for _ in range(2):
        make_survey("禄丰市", year=2024)
    # Guidance: 楚雄市 guides 10 enterprises in 2025, one of them twice (10 enterprises); 禄丰市 3.
    guided = [make_enterprise("楚雄市") for _ in range(10)]
    for enterprise in guided:
        guide("楚雄市", enterprise, datetime.date(2025, 3, 1))
    guide("楚雄市", guided[0], datetime.date(2025, 9, 1))
    guide("楚雄市", make_enterprise("楚雄市"), datetime.date(2024, 12, 31))  # another year
    for _ in range(3):
        guide("禄丰市", make_enterprise("禄丰市"), datetime.date(2025, 5, 1))
    # Demonstrations: 楚雄市 3 state-owned that fit and 1 private enterprise under the state kind; 禄丰市 6 state.
    for _ in range(3):
        demonstrate("楚雄市", "state", "state")
    demonstrate("楚雄市", "state", "private")
    for _ in range(6):
        demonstrate("禄丰市", "state", "state")

    table = targets(Unit.objects.counties(), 2025, today=datetime.date(2026, 1, 10))
    chuxiong, lufeng, whole = row(table, "楚雄市"), row(table, "禄丰市"), row(table, "全州")
    assert (chuxiong["针对性服务覆盖率"].text, chuxiong["针对性服务覆盖率"].met) == ("10.00%", True)
    assert (lufeng["针对性服务覆盖率"].text, lufeng["针对性服务覆盖率"].met) == ("0.00%", False)
    assert (whole["针对性服务覆盖率"].text, whole["针对性服务覆盖率"].note) == ("8.33%", "1/12户")
    assert [(r["技能人才薪酬指导企业"].text, r["技能人才薪酬指导企业"].met) for r in (chuxiong, lufeng, whole)] == [
        ("10家", True),
        ("3家", False),
        ("13家", True),
    ]
    state = "国有企业市场化薪酬分配示范"
    assert (chuxiong[state].text, chuxiong[state].met, chuxiong[state].note) == (
        "3家",
        True,
        "另有1家经济类型不符，不计",
    )
    assert (lufeng[state].text, lufeng[state].met, lufeng[state].note) == ("6家", False, "超出3至5家")
    assert row(table, "双柏县")[state].met is False  # none chosen, and 2021-10-31 has passed


def test_a_target_whose_period_runs_is_not_yet_judged():
    table = targets(Unit.objects.counties(), 2025, today=datetime.date(2025, 6, 30))
    chuxiong = row(table, "楚雄市")
    assert chuxiong["技能人才薪酬指导企业"].met is None
    assert chuxiong["民营企业薪酬分配示范"].met is False  # its day, 2023-09-30, is long past
    early = row(targets(Unit.objects.counties(), 2023, today=datetime.date(2023, 6, 30)), "楚雄市")
    assert early["民营企业薪酬分配示范"].met is None


def test_the_dashboard_shows_annex_6_to_the_office_and_a_county_its_own_row(client, reviewer, county_user):
    client.force_login(reviewer)
    page = client.get(reverse("reporting:dashboard"), {"year": 2025}).content.decode()
    assert 'data-testid="pay-guidance-targets"' in page and "全州" in page and "双柏县" in page
    assert "本门户按每个县市每个自然年度不少于10家计" in page
    client.force_login(county_user)
    page = client.get(reverse("reporting:dashboard"), {"year": 2025}).content.decode()
    start = page.index('data-testid="pay-guidance-targets"')
    card = page[start : page.index("</table>", start)]
    assert county_user.unit.short_name in card and "双柏县" not in card and "全州" not in card


def test_a_demonstration_whose_enterprise_does_not_fit_its_kind_is_refused(client, county_user):
    client.force_login(county_user)
    private = make_enterprise(county_user.unit.short_name, ownership="private")
    data = {"enterprise_code": private.credit_code, "kind": "state", "selected_on": "2026-03-01", "practice": "做法"}
    response = client.post(reverse("pay_guidance:demonstration_create"), data)
    assert "须选经济类型为国有的企业，该企业在企业库中登记为“私营”" in str(response.context["form"].errors)
    assert not Demonstration.objects.exists()
    data["kind"] = "private"
    client.post(reverse("pay_guidance:demonstration_create"), data)
    assert Demonstration.objects.get().enterprise == private


def test_the_guidance_list_counts_a_calendar_years_enterprises_once_against_ten(client, county_user):
    enterprise = make_enterprise("楚雄市")
    guide("楚雄市", enterprise, datetime.date(2025, 3, 1))
    guide("楚雄市", enterprise, datetime.date(2025, 9, 1))
    guide("楚雄市", make_enterprise("楚雄市"), datetime.date(2024, 9, 1))
    client.force_login(county_user)
    response = client.get(reverse("pay_guidance:guidance_list"), {"year": 2025})
    assert response.context["guided"] == [("楚雄市", 1, 9)]
    assert "尚差9家" in response.content.decode() and "data-portal-rule" in response.content.decode()
