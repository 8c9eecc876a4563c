import pytest
from auditlog.models import LogEntry
from django import forms

from chuxiong_labor.models import Enterprise
from tests.factories import make_credit_code, make_enterprise, unit

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "name": "楚雄市新建测试有限公司",
        "credit_code": make_credit_code("532301"),
        "region": unit("楚雄市").region_id,
        "industry": "C",
        "size_class": "small",
        "ownership": "private",
    }
    data.update(overrides)
    return data


def test_county_staff_add_an_enterprise_in_their_county(client, county_user):
    client.force_login(county_user)
    response = client.post("/enterprises/new/", form_data())
    enterprise = Enterprise.objects.get(name="楚雄市新建测试有限公司")
    assert response.status_code == 302
    assert enterprise.region == unit("楚雄市").region


def test_county_staff_cannot_place_an_enterprise_in_another_county(client, county_user):
    client.force_login(county_user)
    response = client.post("/enterprises/new/", form_data(region=unit("禄丰市").region_id))
    assert response.status_code == 200
    assert not Enterprise.objects.filter(name="楚雄市新建测试有限公司").exists()


def test_a_bad_check_character_is_refused_with_the_expected_character(client, county_user):
    client.force_login(county_user)
    response = client.post("/enterprises/new/", form_data(credit_code="91110000600037341N"))
    assert "第18位应为“L”" in response.content.decode()
    assert not Enterprise.objects.exists()


def test_only_an_administrator_sees_the_override(client, county_user, admin_user):
    client.force_login(county_user)
    assert "accept_failing_check" not in client.get("/enterprises/new/").content.decode()
    client.force_login(admin_user)
    assert "accept_failing_check" in client.get("/enterprises/new/").content.decode()


def test_an_administrator_accepts_a_failing_code_and_the_override_is_recorded(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        "/enterprises/new/",
        form_data(
            credit_code="91110000600037341N",
            accept_failing_check="on",
            credit_code_override_reason="经市场监管局核实为早期试点代码",
        ),
    )
    enterprise = Enterprise.objects.get()
    assert response.status_code == 302
    assert enterprise.credit_code_override_by == admin_user
    assert enterprise.credit_code_override_at is not None


def test_an_override_needs_a_reason(client, admin_user):
    client.force_login(admin_user)
    response = client.post("/enterprises/new/", form_data(credit_code="91110000600037341N", accept_failing_check="on"))
    assert "必须写明核实情况" in response.content.decode()
    assert not Enterprise.objects.exists()


def test_a_stale_edit_is_refused_and_the_newer_change_kept(client, county_user, reviewer):
    enterprise = make_enterprise(name="原名称有限公司")
    client.force_login(county_user)
    stale_version = enterprise.version
    client.force_login(reviewer)
    client.post(
        f"/enterprises/{enterprise.pk}/edit/",
        form_data(name="审核员修改的名称", credit_code=enterprise.credit_code, version=stale_version),
    )
    client.force_login(county_user)
    response = client.post(
        f"/enterprises/{enterprise.pk}/edit/",
        form_data(name="县里的旧表单", credit_code=enterprise.credit_code, version=stale_version),
    )
    enterprise.refresh_from_db()
    assert "已被他人修改" in response.content.decode()
    assert enterprise.name == "审核员修改的名称"


def test_every_change_is_in_the_history_with_its_author(client, county_user):
    enterprise = make_enterprise(name="历史测试有限公司")
    client.force_login(county_user)
    client.post(
        f"/enterprises/{enterprise.pk}/edit/",
        form_data(name="历史测试改名有限公司", credit_code=enterprise.credit_code, version=enterprise.version),
    )
    entry = LogEntry.objects.get_for_object(enterprise).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == county_user
    assert entry.changes_dict["name"] == ["历史测试有限公司", "历史测试改名有限公司"]
    assert "历史测试改名有限公司" in client.get(f"/enterprises/{enterprise.pk}/").content.decode()


def test_a_county_user_lists_only_their_countys_enterprises(client, county_user):
    own, foreign = make_enterprise("楚雄市"), make_enterprise("禄丰市")
    client.force_login(county_user)
    page = client.get("/enterprises/").content.decode()
    assert own.name in page
    assert foreign.name not in page


def test_a_member_unit_sees_the_whole_prefecture(client, member_user):
    enterprises = [make_enterprise("楚雄市"), make_enterprise("禄丰市")]
    client.force_login(member_user)
    page = client.get("/enterprises/").content.decode()
    assert all(e.name in page for e in enterprises)


def test_another_countys_enterprise_is_not_found(client, county_user):
    foreign = make_enterprise("禄丰市")
    client.force_login(county_user)
    assert client.get(f"/enterprises/{foreign.pk}/").status_code == 404
    assert client.post(f"/enterprises/{foreign.pk}/edit/", form_data()).status_code == 404


@pytest.mark.parametrize("count", [10, 120])
def test_the_enterprise_list_runs_a_fixed_number_of_queries(client, county_user, django_assert_num_queries, count):
    for _ in range(count):
        make_enterprise("楚雄市")
    client.force_login(county_user)
    with django_assert_num_queries(5):
        assert client.get("/enterprises/").status_code == 200


def test_a_blank_credit_code_gets_one_message(client, county_user):
    client.force_login(county_user)
    response = client.post("/enterprises/new/", form_data(credit_code=""))
    assert response.context["form"].errors["credit_code"] == ["这个字段是必填项。"]


@pytest.mark.parametrize(
    "typed",
    [" 91532301MA6K3BTP2B", "91532301ma6k3btp2b", "９１５３２３０１ＭＡ６Ｋ３ＢＴＰ２Ｂ", "9153 2301 MA6K 3BTP 2B"],
)
def test_a_credit_code_typed_or_pasted_untidily_is_tidied_before_it_is_checked(typed):
    from chuxiong_labor.forms import CreditCodeField

    assert CreditCodeField().clean(typed) == "91532301MA6K3BTP2B"


def test_the_credit_code_input_does_not_cut_a_pasted_code_short():
    from chuxiong_labor.forms import CreditCodeField

    assert CreditCodeField().widget_attrs(forms.TextInput())["maxlength"] == "40"
