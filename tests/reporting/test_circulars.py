"""Circulars: the draft names exactly the late and missing units, the office edits and issues it as a PDF."""

import datetime

import pytest
from django.urls import reverse

from chuxiong_labor import indicators
from chuxiong_labor.lib.errors import ActionRefused
from chuxiong_labor.quotas import Programme, Target
from reporting import services
from reporting.circulars import behind_targets
from reporting.models import Circular
from tests.factories import unit

from .factories import make_report, shanghai

pytestmark = pytest.mark.django_db
COUNTIES = ["楚雄市", "禄丰市", "双柏县", "牟定县", "南华县", "姚安县", "大姚县", "永仁县", "元谋县", "武定县"]


def all_on_time_except(late, missing):
    for name in COUNTIES:
        if name in missing:
            continue
        day = shanghai(2022, 6, 27 if name in late else 20, 10)
        make_report(name, 2022, 6, submitted_at=day)


def test_the_circular_lists_exactly_the_late_and_missing_units(reviewer):
    all_on_time_except(late={"禄丰市", "武定县"}, missing={"南华县"})
    circular = services.draft_circular(2022, 6, actor=reviewer, today=datetime.date(2022, 7, 1))
    assert sorted(circular.late_units) == sorted(["禄丰市", "武定县", "南华县"])
    assert "禄丰市（逾期2天）" in circular.late_section and "楚雄市" not in circular.late_section


def test_when_everyone_is_on_time_the_circular_says_so(reviewer):
    all_on_time_except(late=set(), missing=set())
    circular = services.draft_circular(2022, 6, actor=reviewer, today=datetime.date(2022, 7, 1))
    assert circular.late_units == [] and "均按时报送" in circular.late_section


def test_good_practice_is_taken_from_the_reports(reviewer):
    make_report("大姚县", 2022, 6, submitted_at=shanghai(2022, 6, 20), practices="建立“一月一研判”机制。")
    circular = services.draft_circular(2022, 6, actor=reviewer, today=datetime.date(2022, 7, 1))
    assert "大姚县：建立“一月一研判”机制。" in circular.practice_section


def test_a_unit_is_behind_when_it_achieved_less_than_the_elapsed_share_of_its_target():
    target = Target.objects.cells().filter(unit=unit("楚雄市"), programme__kind=Programme.Kind.TABLE).for_year(2022)
    target = target.exclude(value=0).first()
    code = target.programme.code
    saved = indicators._REGISTRY.get(code)
    indicators._REGISTRY[code] = lambda units, year: {u.pk: 0 for u in units}
    try:
        _measured, behind = behind_targets(2022, 6, [unit("楚雄市")])
    finally:
        if saved:
            indicators._REGISTRY[code] = saved
        else:
            indicators._REGISTRY.pop(code)
    assert any(item.title == target.programme.title for item in behind)


def test_a_second_circular_for_the_same_month_is_refused(reviewer):
    services.draft_circular(2022, 6, actor=reviewer, today=datetime.date(2022, 7, 1))
    with pytest.raises(ActionRefused):
        services.draft_circular(2022, 6, actor=reviewer, today=datetime.date(2022, 7, 1))


def test_an_issued_circular_is_a_pdf_with_the_offices_heading(client, reviewer):
    circular = services.draft_circular(2022, 6, actor=reviewer, today=datetime.date(2022, 7, 1))
    services.issue_circular(circular, actor=reviewer)
    client.force_login(reviewer)
    response = client.get(reverse("reporting:circular_pdf", kwargs={"pk": circular.pk}))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


def test_a_county_does_not_see_a_draft_circular(client, county_user, reviewer):
    circular = services.draft_circular(2022, 6, actor=reviewer, today=datetime.date(2022, 7, 1))
    client.force_login(county_user)
    assert client.get(reverse("reporting:circular_detail", kwargs={"pk": circular.pk})).status_code == 404


def test_an_issued_circular_cannot_be_edited(client, reviewer):
    circular = services.draft_circular(2022, 6, actor=reviewer, today=datetime.date(2022, 7, 1))
    services.issue_circular(circular, actor=reviewer)
    client.force_login(reviewer)
    assert client.get(reverse("reporting:circular_edit", kwargs={"pk": circular.pk})).status_code == 403


def test_the_office_drafts_a_circular_through_the_form(client, reviewer):
    client.force_login(reviewer)
    client.post(reverse("reporting:circular_create"), {"year": 2022, "month": 6})
    assert Circular.objects.filter(year=2022, month=6, status=Circular.Status.DRAFT).exists()


def test_a_circular_for_a_month_whose_reports_are_not_yet_due_is_refused(reviewer):
    make_report("楚雄市", 2026, 12, submitted_at=shanghai(2026, 12, 1, 9))
    with pytest.raises(ActionRefused, match="尚未截止"):
        services.draft_circular(2026, 12, actor=reviewer, today=datetime.date(2026, 12, 1))
    assert not Circular.objects.exists()


def test_a_circular_on_the_due_day_itself_is_refused(reviewer):
    with pytest.raises(ActionRefused, match="尚未截止"):
        services.draft_circular(2022, 6, actor=reviewer, today=datetime.date(2022, 6, 25))


def test_the_circular_says_how_many_units_owed_a_report_and_how_many_were_on_time(reviewer):
    all_on_time_except(late={"禄丰市"}, missing={"南华县", "武定县"})
    circular = services.draft_circular(2022, 6, actor=reviewer, today=datetime.date(2022, 7, 1))
    assert circular.late_section.startswith("2022年6月，应报送工作月报的单位10个，按时报送7个。")


def test_a_lagging_unit_is_a_row_of_the_table_with_target_due_done_and_gap(reviewer):
    code = "coordinator_quota"
    saved = indicators._REGISTRY[code]
    indicators._REGISTRY[code] = lambda units, year: {u.pk: 0 for u in units}
    try:
        circular = services.draft_circular(2022, 6, actor=reviewer, today=datetime.date(2022, 7, 1))
    finally:
        indicators._REGISTRY[code] = saved
    row = next(
        r
        for r in circular.behind_table
        if r["unit"] == "楚雄市" and r["programme"] == "楚雄州金牌劳动关系协调员推荐名额分配表"
    )
    assert (row["target"], row["expected"], row["achieved"], row["gap"]) == ("4", "2", "0", "2")
    assert "项未达到时序进度" in circular.behind_section and "见下表" in circular.behind_section


def test_a_count_due_by_now_is_a_whole_number_rounded_up(reviewer):
    # 4 people over 10 of 12 months is 3.33: a unit with 3 is behind, owes 4 and is 1 short (not "3.3人", gap 0.3).
    code = "coordinator_quota"
    saved = indicators._REGISTRY[code]
    indicators._REGISTRY[code] = lambda units, year: {u.pk: 3 for u in units}
    try:
        circular = services.draft_circular(2022, 10, actor=reviewer, today=datetime.date(2022, 11, 1))
    finally:
        indicators._REGISTRY[code] = saved
    row = next(
        r
        for r in circular.behind_table
        if r["unit"] == "楚雄市" and r["programme"] == "楚雄州金牌劳动关系协调员推荐名额分配表"
    )
    assert (row["target"], row["expected"], row["achieved"], row["gap"]) == ("4", "4", "3", "1")


def test_the_circular_page_shows_the_lagging_table(client, reviewer):
    code = "coordinator_quota"
    saved = indicators._REGISTRY[code]
    indicators._REGISTRY[code] = lambda units, year: {u.pk: 0 for u in units}
    try:
        circular = services.draft_circular(2022, 6, actor=reviewer, today=datetime.date(2022, 7, 1))
    finally:
        indicators._REGISTRY[code] = saved
    client.force_login(reviewer)
    html = client.get(reverse("reporting:circular_detail", kwargs={"pk": circular.pk})).content.decode()
    assert 'data-testid="behind-table"' in html and "按时序进度应完成" in html
