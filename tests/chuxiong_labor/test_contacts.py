import pytest

from tests.factories import unit

pytestmark = pytest.mark.django_db


def test_everyone_finds_the_cover_letters_contacts(client, county_user):
    client.force_login(county_user)
    page = client.get("/contacts/").content.decode()
    for name, phone in [
        ("柏玉美", "0878-3369252"),
        ("陈家喜", "0878-3389495"),
        ("谭俊杰", "0878-3139286"),
        ("王吉永", "0878-3010772"),
    ]:
        assert name in page and phone in page


def test_the_prefecture_office_updates_a_contact_and_it_is_in_the_history(client, reviewer):
    renshe = unit("州人社局")
    client.force_login(reviewer)
    response = client.post(
        f"/contacts/{renshe.pk}/edit/",
        {
            "contact_person": "李新",
            "contact_phone": "0878-3369000",
            "contact_email": "",
            "version": renshe.version,
        },
    )
    renshe.refresh_from_db()
    assert response.status_code == 302
    assert (renshe.contact_person, renshe.contact_phone) == ("李新", "0878-3369000")
    assert "柏玉美" in client.get(f"/contacts/{renshe.pk}/edit/").content.decode()


def test_a_county_may_not_change_contacts(client, county_user):
    client.force_login(county_user)
    assert client.get(f"/contacts/{unit('州人社局').pk}/edit/").status_code == 403


def test_a_stale_contact_edit_is_refused(client, reviewer):
    renshe = unit("州人社局")
    type(renshe).objects.filter(pk=renshe.pk).update(contact_person="别人先改了", version=renshe.version + 1)
    client.force_login(reviewer)
    response = client.post(
        f"/contacts/{renshe.pk}/edit/",
        {
            "contact_person": "旧表单",
            "contact_phone": "1",
            "contact_email": "",
            "version": renshe.version,
        },
    )
    assert "已被他人修改" in response.content.decode()
