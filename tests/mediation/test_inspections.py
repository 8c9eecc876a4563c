"""Quarterly supervision: the grid of organisations × quarters flags the quarters left uninspected, and the
inspection list filters by unit, year, quarter and keyword."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from mediation.inspections import grid, missing_inspection, quarters
from mediation.models import MediationOrg
from tests.factories import unit
from tests.reporting.factories import shanghai

from .factories import make_inspection, make_org

pytestmark = pytest.mark.django_db
AUGUST = datetime.date(2024, 8, 15)


def states(org, year=2024, today=AUGUST):
    [(_, cells)] = grid([org], year, today)
    return [cell.state for cell in cells]


def test_the_quarters_of_a_year_end_on_their_last_day():
    assert [q.ends_on for q in quarters(2024, AUGUST)] == [
        datetime.date(2024, 3, 31),
        datetime.date(2024, 6, 30),
        datetime.date(2024, 9, 30),
        datetime.date(2024, 12, 31),
    ]


def test_a_quarter_is_ended_current_or_coming_as_of_the_day():
    assert [q.state for q in quarters(2024, AUGUST)] == ["ended", "ended", "current", "coming"]


def test_the_last_day_of_a_quarter_still_belongs_to_it():
    assert quarters(2024, datetime.date(2024, 6, 30))[1].state == "current"


def test_an_ended_quarter_without_an_inspection_is_flagged():
    org = make_org("楚雄市")
    make_inspection(org, inspected_on=datetime.date(2024, 2, 20))
    assert states(org) == ["done", "missing", "to_do", "coming"]


def test_the_quarter_under_way_is_to_do_not_missing():
    org = make_org("楚雄市")
    make_inspection(org, inspected_on=datetime.date(2024, 2, 20))
    make_inspection(org, inspected_on=datetime.date(2024, 5, 20))
    assert states(org)[2] == "to_do"


def test_an_inspection_in_the_quarter_under_way_marks_it_done():
    org = make_org("楚雄市")
    make_inspection(org, inspected_on=datetime.date(2024, 7, 2))
    assert states(org)[2] == "done"


def test_a_quarter_that_ended_before_the_organisation_was_established_is_not_flagged():
    org = make_org("楚雄市", established_on=datetime.date(2024, 5, 10))
    assert states(org)[:2] == ["not_established", "missing"]


def test_every_quarter_of_a_past_year_is_due():
    org = make_org("楚雄市")
    make_inspection(org, inspected_on=datetime.date(2023, 11, 3))
    assert states(org, year=2023) == ["missing", "missing", "missing", "done"]


def test_the_missing_filter_keeps_the_organisations_with_a_flagged_quarter():
    flagged, inspected = make_org("楚雄市", name="漏检组织"), make_org("楚雄市", name="按季检查组织")
    make_inspection(flagged, inspected_on=datetime.date(2024, 2, 20))
    make_inspection(inspected, inspected_on=datetime.date(2024, 2, 20))
    make_inspection(inspected, inspected_on=datetime.date(2024, 4, 1))
    kept = missing_inspection(MediationOrg.objects.filter(pk__in=[flagged.pk, inspected.pk]), 2024, AUGUST)
    assert [org.name for org in kept] == ["漏检组织"]


def test_the_missing_filter_leaves_out_an_organisation_established_after_the_ended_quarters():
    org = make_org("楚雄市", established_on=datetime.date(2024, 7, 1))
    assert not missing_inspection(MediationOrg.objects.filter(pk=org.pk), 2024, AUGUST).exists()


def grid_page(client, user, **params):
    client.force_login(user)
    with time_machine.travel(shanghai(2024, 8, 15, 10), tick=False):
        return client.get(reverse("mediation:inspection_grid"), params)


def test_the_grid_page_flags_an_uninspected_quarter(client, county_user):
    make_org("楚雄市", name="鹿城镇调解中心")
    row = grid_page(client, county_user).content.decode().split("鹿城镇调解中心")[1].split("</tr>")[0]
    assert row.count('data-state="missing"') == 2 and "未检查" in row


def test_the_grid_page_counts_the_organisations_with_a_flagged_quarter(client, county_user):
    make_org("楚雄市")
    make_inspection(make_org("楚雄市"), inspected_on=datetime.date(2024, 6, 1))
    assert grid_page(client, county_user).context["missing"] == 2


def test_the_grid_page_shows_a_county_user_no_other_countys_organisation(client, county_user):
    make_org("禄丰市", name="金山镇调解中心")
    assert "金山镇调解中心" not in grid_page(client, county_user).content.decode()


def test_the_grid_page_offers_a_county_user_no_unit_but_their_own(client, county_user):
    form = grid_page(client, county_user).context["filter_form"]
    assert [str(choice) for choice in form.fields["unit"].queryset] == [str(unit("楚雄市"))]


def test_the_grid_pages_flag_filter_lists_only_organisations_with_an_uninspected_quarter(client, reviewer):
    make_org("楚雄市", name="漏检组织")
    inspected = make_org("楚雄市", name="按季检查组织")
    make_inspection(inspected, inspected_on=datetime.date(2024, 3, 1))
    make_inspection(inspected, inspected_on=datetime.date(2024, 6, 1))
    names = [org.name for org, *_ in grid_page(client, reviewer, flag="missing").context["rows"]]
    assert "漏检组织" in names and "按季检查组织" not in names


def test_the_grid_page_shows_the_chosen_year(client, reviewer):
    org = make_org("楚雄市", name="鹿城镇调解中心")
    make_inspection(org, inspected_on=datetime.date(2023, 11, 3))
    [(_, cells, _)] = [row for row in grid_page(client, reviewer, year=2023).context["rows"] if row[0] == org]
    assert [cell.state for cell in cells] == ["missing", "missing", "missing", "done"]


@pytest.mark.parametrize("size", [3, 30])
def test_the_grid_page_issues_a_fixed_number_of_queries(client, reviewer, django_assert_num_queries, size):
    for _ in range(size):
        make_inspection(make_org("楚雄市"), inspected_on=datetime.date(2024, 5, 1))
    client.force_login(reviewer)
    with time_machine.travel(shanghai(2024, 8, 15, 10), tick=False), django_assert_num_queries(8):
        client.get(reverse("mediation:inspection_grid"))


def listed(client, user, **params):
    client.force_login(user)
    return [i.org.name for i in client.get(reverse("mediation:inspection_list"), params).context["page"]]


def test_the_inspection_list_filters_by_quarter(client, reviewer):
    make_inspection(make_org("楚雄市", name="春季组织"), inspected_on=datetime.date(2024, 2, 1))
    make_inspection(make_org("楚雄市", name="秋季组织"), inspected_on=datetime.date(2024, 8, 1))
    assert listed(client, reviewer, quarter=3) == ["秋季组织"]


def test_the_inspection_list_filters_by_year(client, reviewer):
    make_inspection(make_org("楚雄市", name="去年组织"), inspected_on=datetime.date(2023, 8, 1))
    make_inspection(make_org("楚雄市", name="今年组织"), inspected_on=datetime.date(2024, 8, 1))
    assert listed(client, reviewer, year=2023) == ["去年组织"]


def test_the_inspection_list_filters_by_unit(client, reviewer):
    make_inspection(make_org("楚雄市", name="楚雄组织"))
    make_inspection(make_org("禄丰市", name="禄丰组织"))
    assert listed(client, reviewer, unit=unit("禄丰市").pk) == ["禄丰组织"]


def test_the_inspection_list_finds_an_inspection_by_its_inspectors(client, reviewer):
    make_inspection(make_org("楚雄市", name="甲组织"), inspectors="张检查、李检查")
    make_inspection(make_org("楚雄市", name="乙组织"), inspectors="王检查")
    assert listed(client, reviewer, q="张检查") == ["甲组织"]


def test_the_inspection_list_refuses_another_countys_unit_to_a_county_user_with_a_message(client, county_user):
    make_inspection(make_org("楚雄市", name="楚雄组织"))
    client.force_login(county_user)
    response = client.get(reverse("mediation:inspection_list"), {"unit": unit("禄丰市").pk})
    assert "“县（市）”的筛选值无效" in " ".join(str(m) for m in response.context["messages"])
    assert [i.org.name for i in response.context["page"]] == ["楚雄组织"]


def test_a_flagged_quarter_links_the_county_user_to_recording_the_late_inspection(client, county_user):
    org = make_org("楚雄市")
    page = grid_page(client, county_user).content.decode()
    assert f'href="{reverse("mediation:inspection_create", args=[org.pk])}">补录</a>' in page


def test_a_flagged_quarter_offers_the_leader_no_link(client, leader):
    make_org("楚雄市")
    assert "补录" not in grid_page(client, leader).content.decode()
