"""The plan's other indicators (经济运行, 经济效益, 失业率): each enterprise's revenue with its change on the same
period last year and its profit or loss, and each county's registered unemployment rate of the period; derived
figures rounded once, half up; absurd figures refused naming the field."""

from decimal import Decimal

import pytest
from django.urls import reverse

from key_enterprises import imports, services
from key_enterprises.forms import FIGURE_FIELDS, FiguresForm
from key_enterprises.models import MonthlyFigures

from .factories import make_batch, make_figures, make_monitored
from .test_monitoring import xlsx

pytestmark = pytest.mark.django_db


def test_derived_figures_are_rounded_once_half_up():
    batch, entry = make_batch(), make_monitored()
    # 1 ÷ 400 people = 0.25%: half up 0.3 (half even would give 0.2); 401 against 400 = +0.25% → 0.3.
    row = make_figures(batch, entry, headcount=400, hires=1, separations=1, headcount_last_year_end=400)
    assert row.separation_rate == Decimal("0.3")
    row.headcount = 401
    assert row.change_against_last_year == Decimal("0.3")
    row.revenue_yuan, row.revenue_last_year_yuan = Decimal("1002.50"), Decimal("1000")
    assert row.revenue_change == Decimal("0.3")  # +0.25%
    row.revenue_last_year_yuan = None
    assert row.revenue_change is None


def test_last_years_revenue_comes_from_the_same_period_when_not_typed(county_user):
    entry = make_monitored()
    earlier = make_batch(year=2025, month=3)
    make_figures(earlier, make_monitored(enterprise=entry.enterprise, year=2025), revenue_yuan=Decimal("800000"))
    batch = make_batch(year=2026, month=3)
    row = MonthlyFigures(monitored=entry, headcount=100, headcount_last_year_end=100, revenue_yuan=Decimal("600000"))
    services.save_figures(batch, [row], actor=county_user, expected_version=batch.version, unemployment_rate=None)
    saved = MonthlyFigures.objects.get(batch=batch)
    assert (saved.revenue_last_year_yuan, saved.revenue_change) == (Decimal("800000.00"), Decimal("-25.0"))


def form(**figures):
    data = {name: "0" for name in FIGURE_FIELDS if not name.startswith(("source_", "revenue", "profit"))}
    data.update(
        source_headcount="insurance", source_flows="filing", source_arrears="disputes", source_disputes="disputes"
    )
    data.update({"headcount": "100", "headcount_last_year_end": "100"})
    data.update(figures)
    return FiguresForm(data=data)


@pytest.mark.parametrize(
    ("figures", "field", "message"),
    [
        ({"profit_yuan": "-5000"}, "revenue_yuan", "填了利润总额，请同时填本期产值或营业收入"),
        ({"revenue_yuan": "-1"}, "revenue_yuan", "不能为负数"),
        ({"headcount": "1000000000"}, "headcount", "不像一户企业的人数"),
    ],
)
def test_absurd_figures_are_refused_naming_the_field(figures, field, message):
    checked = form(**figures)
    assert not checked.is_valid()
    assert message in " ".join(checked.errors[field])


def test_a_loss_is_a_negative_profit():
    assert form(revenue_yuan="200000", profit_yuan="-15000.50").is_valid()


def test_the_import_reads_revenue_and_profit_and_refuses_a_profit_without_revenue():
    entry = make_monitored()
    batch = make_batch()
    headers = ["统一社会信用代码", "期末职工人数", "本期产值或营业收入（元）", "本期利润总额（元，亏损填负数）"]
    rows, errors = imports.read_figures(xlsx([headers, [entry.enterprise.credit_code, 100, "350000", "-20000"]]), batch)
    assert errors == [] and (rows[0].revenue_yuan, rows[0].profit_yuan) == (Decimal("350000.00"), Decimal("-20000.00"))
    rows, errors = imports.read_figures(xlsx([headers, [entry.enterprise.credit_code, 100, "", "-20000"]]), batch)
    assert [problem.message for problem in errors] == ["填了利润总额，请同时填本期产值或营业收入。"]


def test_the_countys_unemployment_rate_is_saved_with_the_sheet(client, county_user):
    entry = make_monitored()
    batch = make_batch()
    client.force_login(county_user)
    url = reverse("key_enterprises:batch_save", args=[batch.pk])
    fields = {f"e{entry.pk}-{name}": value for name, value in form().data.items()}
    refused = client.post(url, {"version": batch.version, "unemployment_rate": "45", **fields})
    assert "超过30%请核对" in refused.content.decode() and not MonthlyFigures.objects.exists()
    client.post(url, {"version": batch.version, "unemployment_rate": "3.25", **fields})
    batch.refresh_from_db()
    assert batch.unemployment_rate == Decimal("3.25")
    page = client.get(batch.get_absolute_url()).content.decode()
    assert "本期城镇登记失业率：3.25%" in page and "产值/营业收入同比 = (本期 − 上年同期) ÷ 上年同期" in page
