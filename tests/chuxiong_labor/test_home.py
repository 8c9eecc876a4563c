import pytest

from chuxiong_labor import indicators

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_2022(time_machine):
    time_machine.move_to("2022-06-01 10:00 +08:00")


def test_county_home_shows_its_own_targets_for_the_year(client, county_user):
    client.force_login(county_user)
    page = client.get("/").content.decode()
    assert "楚雄市协调劳动关系三方联席会议办公室" in page
    assert "2022年度工作台" in page
    assert "楚雄州金牌劳动关系协调员推荐名额分配表" in page
    assert "禄丰市" not in page.split("unit-targets")[1].split("</table>")[0]


def test_county_home_lists_coming_duties(client, county_user):
    client.force_login(county_user)
    page = client.get("/").content.decode()
    assert "报送本县市选树的金牌劳动关系协调员人选" in page
    assert "2022-06-30" in page


def test_prefecture_home_shows_every_unit_side_by_side(client, reviewer):
    client.force_login(reviewer)
    page = client.get("/").content.decode()
    for name in ["州本级", "楚雄市", "禄丰市", "双柏县", "州人社局", "州工商联"]:
        assert name in page
    assert "处分解表合计与正文数字不一致" in page


def test_home_shows_achievements_from_a_registered_indicator(client, county_user, monkeypatch):
    monkeypatch.setitem(indicators._REGISTRY, "key_enterprise_monitoring", lambda units, year: {units[0].pk: 5})
    client.force_login(county_user)
    response = client.get("/")
    row = next(r for r in response.context["progress"] if r.programme.code == "key_enterprise_monitoring")
    assert (row.target.value, row.achieved, row.gap, row.percent) == (20, 5, 15, 25)
