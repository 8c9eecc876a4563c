"""The monitoring list and the months: entry, import all-or-nothing, review, the grid and derived rates."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from chuxiong_labor.lib.errors import ActionRefused
from key_enterprises import imports, services
from key_enterprises.figures import LEDGER_HEADINGS, month_grid
from key_enterprises.models import MonitoredEnterprise, MonthlyBatch, MonthlyFigures
from tests.factories import make_enterprise, unit

from .factories import make_batch, make_figures, make_monitored

pytestmark = pytest.mark.django_db


def xlsx(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("清单.xlsx", buffer.getvalue())


def test_separation_rate_and_change_are_derived_from_the_typed_figures():
    figures = MonthlyFigures(headcount=93, headcount_last_year_end=100, hires=1, separations=15)
    assert figures.separation_rate == Decimal("15.0")
    assert figures.change_against_last_year == Decimal("-7.0")


def test_a_list_import_with_one_bad_row_writes_nothing(county_user):
    good = make_enterprise("楚雄市")
    upload = xlsx(
        [
            ["统一社会信用代码", "纳入监测原因"],
            [good.credit_code, "用工规模较大"],
            ["91532301MA00000000", "用工规模较大"],
        ]
    )
    plan = imports.read_list(upload, user=county_user, unit=unit("楚雄市"), year=2026)
    assert len(plan.errors) == 1
    with pytest.raises(ActionRefused):
        services.import_monitoring_list(plan, actor=county_user)
    assert not MonitoredEnterprise.objects.exists()


def test_a_list_import_refuses_an_unknown_reason(county_user):
    good = make_enterprise("楚雄市")
    plan = imports.read_list(
        xlsx([["统一社会信用代码", "纳入监测原因"], [good.credit_code, "效益很好"]]),
        user=county_user,
        unit=unit("楚雄市"),
        year=2026,
    )
    assert "无法识别：效益很好" in plan.errors[0].message


def test_the_exported_list_imports_back_unchanged(county_user):
    entry = make_monitored(reasons=["difficulty", "new_form"], headcount_last_year_end=321, liaison_officer="王五")
    content = io.BytesIO()
    imports.list_workbook([entry]).save(content)
    plan = imports.read_list(
        SimpleUploadedFile("清单.xlsx", content.getvalue()), user=county_user, unit=entry.unit, year=entry.year
    )
    assert (plan.errors, plan.new, plan.updated, plan.unchanged) == ([], [], [], 1)


def test_a_county_cannot_list_another_countys_enterprise_by_import(county_user):
    foreign = make_enterprise("禄丰市")
    plan = imports.read_list(
        xlsx([["统一社会信用代码", "纳入监测原因"], [foreign.credit_code, "重点地区"]]),
        user=county_user,
        unit=unit("楚雄市"),
        year=2026,
    )
    assert "不在您可查看的企业库中" in plan.errors[0].message


def test_a_months_sheet_imports_and_replaces_the_figures(county_user):
    entry = make_monitored()
    batch = make_batch()
    upload = xlsx([["统一社会信用代码", "期末职工人数", "拖欠工资月数"], [entry.enterprise.credit_code, 88, 1]])
    rows, errors = imports.read_figures(upload, batch)
    assert errors == []
    services.save_figures(batch, rows, actor=county_user, expected_version=batch.version)
    saved = MonthlyFigures.objects.get()
    assert (saved.headcount, saved.wages_owed_months, saved.headcount_last_year_end) == (88, 1, 100)


def test_a_figures_row_with_more_layoffs_than_separations_is_refused():
    entry = make_monitored()
    upload = xlsx(
        [["统一社会信用代码", "期末职工人数", "本期减员人数", "其中裁减人数"], [entry.enterprise.credit_code, 80, 2, 5]]
    )
    _rows, errors = imports.read_figures(upload, make_batch())
    assert "裁减人数不能大于减员人数" in errors[0].message


def test_an_empty_month_cannot_be_submitted(county_user):
    batch = make_batch()
    with pytest.raises(ActionRefused, match="还没有填报"):
        services.submit_batch(batch, actor=county_user, expected_version=batch.version)


def test_a_return_needs_a_reason(county_user, reviewer):
    batch = make_batch(status=MonthlyBatch.Status.SUBMITTED)
    with pytest.raises(ActionRefused, match="原因"):
        services.return_batch(batch, actor=reviewer, expected_version=batch.version, reason="")


def test_a_submitted_month_cannot_be_changed(county_user):
    batch = make_batch(status=MonthlyBatch.Status.SUBMITTED)
    with pytest.raises(ActionRefused, match="已报送"):
        services.save_figures(batch, [], actor=county_user, expected_version=batch.version)


def test_a_future_month_cannot_be_opened(county_user):
    today = datetime.date.today()
    with pytest.raises(ActionRefused, match="尚未开始"):
        services.open_batch(unit("楚雄市"), today.year + 1, 1, actor=county_user)


def test_a_quarterly_period_refuses_a_month_that_does_not_close_a_quarter(county_user):
    with pytest.raises(ActionRefused, match="期末月份"):
        services.open_batch(unit("楚雄市"), 2025, 2, actor=county_user, period_months=3)


def test_the_grid_shows_an_ended_month_without_a_batch_as_missing():
    make_batch(month=2, status=MonthlyBatch.Status.ACCEPTED)
    grid = month_grid([unit("楚雄市")], 2026, [1, 2, 5], today=datetime.date(2026, 4, 10))
    assert [cell.state for cell in grid[0][1]] == ["missing", "accepted", "not_due"]


def test_the_sheet_page_saves_every_filled_row(client, county_user):
    entry = make_monitored()
    batch = make_batch()
    client.force_login(county_user)
    response = client.post(
        reverse("key_enterprises:batch_save", args=[batch.pk]),
        {
            "version": batch.version,
            f"e{entry.pk}-headcount": "97",
            f"e{entry.pk}-headcount_last_year_end": "100",
            **{
                f"e{entry.pk}-{name}": "0"
                for name in (
                    "hires",
                    "separations",
                    "layoffs",
                    "wages_owed_yuan",
                    "wages_owed_people",
                    "wages_owed_months",
                    "insurance_owed_yuan",
                    "insurance_owed_months",
                    "stoppage_days",
                    "disputes",
                    "dispute_people",
                    "largest_dispute_people",
                    "complaints",
                    "complaint_people",
                )
            },  # fmt: skip
            **{
                f"e{entry.pk}-source_{name}": value
                for name, value in (
                    ("headcount", "insurance"),
                    ("flows", "filing"),
                    ("arrears", "disputes"),
                    ("disputes", "disputes"),
                )
            },  # fmt: skip
        },
    )
    assert response.status_code == 302
    assert MonthlyFigures.objects.get().headcount == 97


def _sheet_data(entry, batch, headcount):
    names = ("hires", "separations", "layoffs", "wages_owed_yuan", "wages_owed_people", "wages_owed_months",
             "insurance_owed_yuan", "insurance_owed_months", "stoppage_days", "disputes", "dispute_people",
             "largest_dispute_people", "complaints", "complaint_people")  # fmt: skip
    sources = {"headcount": "insurance", "flows": "filing", "arrears": "disputes", "disputes": "disputes"}
    return {
        "version": batch.version,
        f"e{entry.pk}-headcount": headcount,
        f"e{entry.pk}-headcount_last_year_end": "100",
        **{f"e{entry.pk}-{name}": "0" for name in names},
        **{f"e{entry.pk}-source_{name}": value for name, value in sources.items()},
    }


def test_a_sheet_opened_before_another_save_is_refused_and_shown_again_as_typed(client, county_user):
    from chuxiong_labor.lib.concurrency import STALE_MESSAGE

    entry = make_monitored()
    batch = make_batch()
    opened = _sheet_data(entry, batch, "4321")
    client.force_login(county_user)
    url = reverse("key_enterprises:batch_save", args=[batch.pk])
    assert client.post(url, _sheet_data(entry, batch, "97")).status_code == 302
    refused = client.post(url, opened)
    page = refused.content.decode()
    assert refused.status_code == 200
    assert STALE_MESSAGE in page
    assert 'value="4321"' in page
    assert MonthlyFigures.objects.get().headcount == 97
    batch.refresh_from_db()
    assert f'name="version" value="{batch.version}"' in page  # saved again once checked


def test_a_sheet_sent_after_the_month_was_submitted_keeps_what_was_typed(client, county_user):
    entry = make_monitored()
    batch = make_batch()
    opened = _sheet_data(entry, batch, "4321")
    client.force_login(county_user)
    url = reverse("key_enterprises:batch_save", args=[batch.pk])
    client.post(url, _sheet_data(entry, batch, "97"))
    MonthlyBatch.objects.filter(pk=batch.pk).update(status=MonthlyBatch.Status.SUBMITTED)
    refused = client.post(url, opened)
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "该月数据已报送，不能修改" in page and 'value="4321"' in page
    assert "保存本月数据" not in page
    assert MonthlyFigures.objects.get().headcount == 97


def test_removing_an_enterprise_from_the_list_keeps_it_with_the_reason(county_user):
    entry = make_monitored()
    services.remove_from_list(
        entry,
        actor=county_user,
        removed_on=datetime.date(2026, 6, 1),
        reason="企业经营好转",
        expected_version=entry.version,
    )
    entry.refresh_from_db()
    assert (entry.removed_on, entry.removal_reason) == (datetime.date(2026, 6, 1), "企业经营好转")
    assert not MonitoredEnterprise.objects.current().exists()


def test_the_ledger_export_has_the_seeds_columns_in_order(client, county_user):
    entry = make_monitored(year=datetime.date.today().year)
    make_figures(make_batch(year=entry.year, status=MonthlyBatch.Status.ACCEPTED), entry, headcount=95)
    client.force_login(county_user)
    response = client.get(reverse("key_enterprises:ledger_export"), {"year": entry.year})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert list(rows[0]) == LEDGER_HEADINGS
    assert rows[1][0] == entry.enterprise.name
    assert rows[1][3:5] == (100, "95（2026年3月，已审核）")
    assert LEDGER_HEADINGS == ["企业名称", "所在县市", "所属行业", "上年底职工数量", "目前职工数量", "已享受的稳岗政策",
                               "跟踪指导情况", "本年度计划裁员人数", "已裁员人数", "裁员岗位", "经济补偿标准", "支付能力评估"]  # fmt: skip


def test_a_county_user_does_not_see_another_countys_entry(client, county_user):
    entry = make_monitored("禄丰市")
    client.force_login(county_user)
    assert client.get(reverse("key_enterprises:monitored_detail", args=[entry.pk])).status_code == 404


def test_a_county_export_holds_only_its_own_enterprises(client, county_user):
    own, foreign = make_monitored(), make_monitored("禄丰市")
    client.force_login(county_user)
    response = client.get(reverse("key_enterprises:monitored_export"), {"year": own.year})
    names = [
        row[0] for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True)
    ]
    assert names == [own.enterprise.name]
    assert foreign.enterprise.name not in names


def test_a_county_may_not_edit_warning_rules(client, county_user):
    client.force_login(county_user)
    assert client.get(reverse("key_enterprises:rule_create")).status_code == 403


def test_removing_requires_post(client, county_user):
    entry = make_monitored()
    client.force_login(county_user)
    assert client.get(reverse("key_enterprises:monitored_remove", args=[entry.pk])).status_code == 405


def test_a_stale_edit_of_an_entry_is_refused(client, county_user):
    entry = make_monitored()
    client.force_login(county_user)
    MonitoredEnterprise.objects.filter(pk=entry.pk).update(version=entry.version + 1)
    response = client.post(
        reverse("key_enterprises:monitored_edit", args=[entry.pk]),
        {
            "year": entry.year,
            "reasons": ["difficulty"],
            "added_on": "2026-01-10",
            "headcount_last_year_end": 5,
            "version": entry.version,
        },  # fmt: skip
    )
    assert "已被他人修改" in response.content.decode()
    entry.refresh_from_db()
    assert entry.headcount_last_year_end == 100


def test_the_list_import_page_previews_then_writes_on_confirmation(client, county_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    enterprise = make_enterprise("楚雄市")
    client.force_login(county_user)
    upload = xlsx(
        [
            ["统一社会信用代码", "纳入监测原因", "上年底职工数量"],
            [enterprise.credit_code, "生产经营困难、新业态用工", 57],
        ]
    )
    preview = client.post(reverse("key_enterprises:list_import"), {"file": upload, "year": 2026})
    assert not MonitoredEnterprise.objects.exists()
    token = preview.context["token"]
    response = client.post(reverse("key_enterprises:list_import_confirm"), {"token": token})
    assert response.status_code == 302
    entry = MonitoredEnterprise.objects.get()
    assert (entry.reasons, entry.headcount_last_year_end, entry.unit) == (
        ["difficulty", "new_form"],
        57,
        unit("楚雄市"),
    )


def test_the_months_import_page_previews_then_replaces_the_figures(client, county_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    entry = make_monitored()
    batch = make_batch()
    client.force_login(county_user)
    upload = xlsx([["统一社会信用代码", "期末职工人数"], [entry.enterprise.credit_code, 91]])
    preview = client.post(reverse("key_enterprises:batch_import", args=[batch.pk]), {"file": upload})
    assert not MonthlyFigures.objects.exists()
    client.post(reverse("key_enterprises:batch_import_confirm", args=[batch.pk]), {"token": preview.context["token"]})
    assert MonthlyFigures.objects.get().headcount == 91


def test_a_token_for_one_month_cannot_import_into_another(client, county_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    entry = make_monitored()
    march, april = make_batch(month=3), make_batch(month=4)
    client.force_login(county_user)
    upload = xlsx([["统一社会信用代码", "期末职工人数"], [entry.enterprise.credit_code, 91]])
    token = client.post(reverse("key_enterprises:batch_import", args=[march.pk]), {"file": upload}).context["token"]
    client.post(reverse("key_enterprises:batch_import_confirm", args=[april.pk]), {"token": token})
    assert not MonthlyFigures.objects.exists()


def test_a_removal_opened_before_another_save_is_refused_keeping_the_reason_typed(client, county_user):
    from chuxiong_labor.lib.concurrency import STALE_MESSAGE

    entry = make_monitored()
    opened_at = entry.version
    MonitoredEnterprise.objects.filter(pk=entry.pk).update(version=opened_at + 1)
    client.force_login(county_user)
    response = client.post(
        reverse("key_enterprises:monitored_remove", args=[entry.pk]),
        {"removed_on": "2026-06-01", "reason": "企业已迁出本县", "version": opened_at},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert STALE_MESSAGE in page and "企业已迁出本县" in page
    assert MonitoredEnterprise.objects.current().exists()


def test_a_removal_without_a_reason_names_the_field_on_the_page(client, county_user):
    entry = make_monitored()
    client.force_login(county_user)
    response = client.post(
        reverse("key_enterprises:monitored_remove", args=[entry.pk]),
        {"removed_on": "2026-06-01", "reason": "", "version": entry.version},
    )
    assert response.status_code == 200
    assert response.context["remove_form"].errors["reason"]
    assert MonitoredEnterprise.objects.current().exists()
