"""A county user enters a case in the ledger through the browser."""

import pytest

from mediation.models import Case
from tests.browser import search_and_choose

from .factories import make_mediator, make_org


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_county_user_enters_a_case_and_sees_its_limit(page, login, county_user):
    org = make_org("楚雄市", name="鹿城镇劳动人事争议调解中心")
    make_mediator(org, name="王调解")
    login(county_user)
    page.goto("/mediation/cases/")
    page.get_by_role("link", name="登记案件").click()
    search_and_choose(page, "id_org", "鹿城镇", org.name)
    page.get_by_label("收到申请日期").fill("2024-09-16")
    page.get_by_label("申请方式").select_option(label="口头申请（当场记录）")
    page.get_by_label("劳动者一方").fill("李四等12人")
    page.get_by_label("涉及劳动者人数").fill("12")
    page.get_by_label("用人单位一方").fill("楚雄某建筑公司")
    page.get_by_label("争议类型").select_option(label="劳动报酬")
    page.get_by_label("请求事项").fill("请求支付拖欠的工资")
    search_and_choose(page, "id_mediator", "王调解", f"王调解（{org.name}）")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/mediation/cases/*/")
    card = page.get_by_test_id("limit-card")
    assert "2024-10-08" in card.inner_text()
    assert "集体劳动争议" in page.content()
    assert Case.objects.get().worker_count == 12


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_case_forms_mediator_list_follows_the_chosen_organisation(page, login, county_user):
    first = make_org("楚雄市", name="鹿城镇劳动人事争议调解中心")
    second = make_org("楚雄市", name="东瓜镇劳动人事争议调解中心")
    make_mediator(first, name="王调解")
    make_mediator(second, name="李调解")
    login(county_user)
    page.goto("/mediation/cases/new/")
    search_and_choose(page, "id_org", "鹿城镇", first.name)
    page.locator("#id_mediator-ts-control").locator("..").click()
    listed = page.locator("#id_mediator-ts-dropdown .option")
    listed.first.wait_for()
    assert listed.all_inner_texts() == [f"王调解（{first.name}）"]
    listed.first.click()
    search_and_choose(page, "id_org", "东瓜镇", second.name)
    assert page.locator("#id_mediator").input_value() == ""
    page.locator("#id_mediator-ts-control").locator("..").click()
    page.locator("#id_mediator-ts-dropdown .option", has_text="李调解").wait_for()
    assert page.locator("#id_mediator-ts-dropdown .option").all_inner_texts() == [f"李调解（{second.name}）"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_all_compliant_fills_the_checklist_which_the_inspector_amends_before_saving(page, login, county_user):
    from mediation.models import Finding, Inspection, WorkRuleItem

    org = make_org("楚雄市", name="鹿城镇劳动人事争议调解中心")
    items = list(WorkRuleItem.objects.filter(is_active=True))
    login(county_user)
    page.goto(f"/mediation/orgs/{org.pk}/inspections/new/")
    page.get_by_label("检查日期").fill("2024-06-20")
    page.get_by_label("检查人员").fill("张三、李四")
    page.get_by_role("button", name="全部符合").click()
    results = page.locator("select[data-finding-result]")
    assert results.count() == len(items) == 23
    assert set(results.evaluate_all("(selects) => selects.map((s) => s.value)")) == {"meets"}
    assert not Inspection.objects.exists()
    results.nth(2).select_option(label="不符合")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/mediation/inspections/*/")
    findings = {finding.item_id: finding.result for finding in Finding.objects.all()}
    assert findings == {
        item.pk: Finding.Result.FAILS if index == 2 else Finding.Result.MEETS for index, item in enumerate(items)
    }


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_all_compliant_keeps_the_items_already_answered(page, login, county_user):
    org = make_org("楚雄市", name="鹿城镇劳动人事争议调解中心")
    login(county_user)
    page.goto(f"/mediation/orgs/{org.pk}/inspections/new/")
    results = page.locator("select[data-finding-result]")
    results.first.select_option(label="部分符合")
    page.get_by_role("button", name="全部符合").click()
    values = results.evaluate_all("(selects) => selects.map((s) => s.value)")
    assert values[0] == "partly" and set(values[1:]) == {"meets"}
