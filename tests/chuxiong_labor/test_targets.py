"""The loaded targets equal the seed's tables, cell by cell, read from the seed text itself."""

import json
import re
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from chuxiong_labor.quotas import PlanCycle, Target, differences

SEED = Path(__file__).resolve().parents[2] / "docs" / "source" / "chu-ren-she-tong-2021-32.txt"
pytestmark = pytest.mark.django_db


def seed_lines():
    return SEED.read_text(encoding="utf-8").splitlines()


def tab_table(after_title, header_prefix, stop_prefix=None):
    """Return the rows of the tab-separated table printed after ``after_title``."""
    lines = seed_lines()
    start = next(i for i, line in enumerate(lines) if after_title in line)
    header = next(i for i in range(start, len(lines)) if lines[i].startswith(header_prefix))
    rows = []
    for line in lines[header + 1 :]:
        if not line.strip():
            if rows:
                break
            continue
        if stop_prefix and line.startswith(stop_prefix):
            break
        rows.append(line.split("\t"))
    return lines[header].split("\t"), rows


def loaded(code):
    cycle = PlanCycle.objects.get(name="2021—2023年")
    return {
        (t.unit_label, t.period): t.value for t in Target.objects.filter(programme__cycle=cycle, programme__code=code)
    }


def test_annex1_quota_table_matches_the_seed_cell_by_cell():
    header, rows = tab_table("楚雄州金牌劳动关系协调员推荐名额分配表", "地区")
    periods = ["合计", "2021", "2022", "2023"]
    assert [h.replace(" ", "").replace("年", "") for h in header[1:]] == periods
    expected = {}
    for row in rows:
        for period, cell in zip(periods, row[1:] + [""] * (5 - len(row)), strict=False):
            if cell.strip():
                expected[(row[0], period)] = Decimal(cell)
    assert len(rows) == 14
    assert loaded("coordinator_quota") == expected


def test_annex2_quota_table_matches_the_seed_cell_by_cell():
    _header, rows = tab_table("楚雄州金牌协调劳动关系社会组织推荐名额分配表", "地区")
    periods = ["合计", "2021", "2022", "2023"]
    expected = {(row[0], p): Decimal(v) for row in rows for p, v in zip(periods, row[1:], strict=True)}
    assert len(rows) == 11
    assert loaded("social_org_quota") == expected


def test_annex5_monitoring_table_matches_the_seed_cell_by_cell():
    _header, rows = tab_table("楚雄州重点企业劳动关系风险动态监测", "序号")
    expected = {(row[1], "每年"): Decimal(row[2]) for row in rows}
    assert len(rows) == 11
    assert loaded("key_enterprise_monitoring") == expected
    assert sum(expected.values()) == 162


def test_annex4_stage_table_matches_the_seed_cell_by_cell():
    lines = seed_lines()
    start = next(i for i, line in enumerate(lines) if "任务分解表" in line and "服务万户" in line)
    stage = None
    expected = {}
    for line in lines[start + 1 :]:
        if line.startswith("合计"):
            expected[("合计", "合计")] = Decimal(re.search(r"(\d+)\s*户\s*$", line).group(1))
            break
        cells = [cell.strip() for cell in line.split("\t")]
        if cells[0].startswith("第一、二阶段"):
            stage = "第一、二阶段(2021、2022年)"
            cells = cells[1:]
        elif cells[0].startswith("第二阶段"):
            stage = "第二阶段(2023年)"
            cells = cells[1:]
        else:
            cells = [cell for cell in cells if cell]
        if stage and len(cells) >= 2 and cells[1].isdigit():
            expected[(cells[0], stage)] = Decimal(cells[1])
    assert len(expected) == 23
    assert loaded("new_enterprise_service") == expected


def test_stated_plan_totals_are_loaded():
    assert loaded("coordinator_selection")[("合计", "每年")] == 15
    assert loaded("new_enterprise_stated") == {
        ("全州", "2021"): 200,
        ("全州", "2022"): 200,
        ("全州", "2023"): 300,
        ("全州", "2021—2023年"): 700,
    }
    assert loaded("social_org_gold")[("全州打造金牌社会组织", "2021—2023年")] == 10
    assert loaded("mediation_gold")[("全州打造金牌调解组织（家）", "每年")] == 10
    assert loaded("key_enterprise_stated")[("全州监测企业（户，正文）", "每年")] == 160


def test_differences_name_each_mismatch_without_changing_either_number():
    found = {(d.programme.code, d.subject): (d.printed, d.computed) for d in differences(PlanCycle.objects.first())}
    assert found == {
        ("new_enterprise_service", "合计｜合计"): (700, 720),
        ("new_enterprise_stated", "全州｜2021"): (200, 210),
        ("new_enterprise_stated", "全州｜2022"): (200, 210),
        ("new_enterprise_stated", "全州｜2021—2023年"): (700, 720),
        ("key_enterprise_stated", "全州监测企业（户，正文）｜每年"): (160, 162),
        ("coordinator_totals", "每年选树金牌劳动关系协调员（正文）｜2021"): (15, 24),
        ("coordinator_totals", "每年选树金牌劳动关系协调员（正文）｜2022"): (15, 39),
        ("coordinator_totals", "每年选树金牌劳动关系协调员（正文）｜2023"): (15, 37),
        ("coordinator_totals", "三年选树合计（每年15名）｜2021—2023年"): (45, 100),
    }


def test_export_targets_prints_programme_unit_period_json():
    out = StringIO()
    call_command("export_targets", stdout=out)
    data = json.loads(out.getvalue())
    assert data["coordinator_quota"]["楚雄市"] == {"合计": 10, "2021": 2, "2022": 4, "2023": 4}
    assert "2023" not in data["coordinator_quota"]["州工信局"]
    assert data["social_org_quota"]["合计"]["2021"] == 10
    assert data["new_enterprise_service"]["姚安县"] == {"第一、二阶段(2021、2022年)": 5, "第二阶段(2023年)": 20}
    assert data["social_org_gold"]["每年选树州级金牌社会组织"]["每年"] == [3, 4]


def test_targets_page_shows_tables_and_differences(client, county_user):
    client.force_login(county_user)
    response = client.get("/targets/")
    assert response.status_code == 200
    assert "楚雄州金牌劳动关系协调员推荐名额分配表" in response.content.decode()
    assert "表中总计印为700，各阶段各单位按年相加为720" in response.content.decode()


def test_an_administrator_adds_the_enterprise_federation_as_a_member_unit(client, admin_user):
    """The plan names 企联 among the partners; the loaded units have none: the targets page says so, and an
    administrator adds it in the admin as a member unit, whose staff then work like any member unit's."""
    from django.urls import reverse

    from chuxiong_labor.roles import Role
    from chuxiong_labor.units import Unit
    from tests.factories import make_user

    client.force_login(admin_user)
    assert "新增企联为州级成员单位" in client.get(reverse("targets")).content.decode()
    prefecture = Unit.objects.member_units().first()
    response = client.post(
        reverse("admin:chuxiong_labor_unit_add"),
        {
            "name": "楚雄州企业联合会（企业家协会）",
            "short_name": "州企联",
            "kind": Unit.Kind.MEMBER_UNIT,
            "region": prefecture.region_id,
            "sort_order": 99,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    federation = Unit.objects.get(short_name="州企联")
    assert federation in Unit.objects.member_units()
    staff = make_user(Role.MEMBER_STAFF, "州企联", username="qilian")
    client.force_login(staff)
    assert client.get("/").status_code == 200
    assert client.get(reverse("reporting:dashboard")).status_code == 200
