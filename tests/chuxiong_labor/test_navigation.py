"""The menu marks the entry of the page a user is on."""

import pytest

from tests.coordinators.factories import make_nomination

pytestmark = pytest.mark.django_db


def active_entries(response):
    return [entry["label"] for group in response.context["nav_groups"] for entry in group["entries"] if entry["active"]]


def test_a_candidates_page_marks_the_selection_not_the_coordinator_database(client, county_user):
    nomination = make_nomination("楚雄市")
    client.force_login(county_user)
    assert active_entries(client.get(nomination.get_absolute_url())) == ["金牌协调员选树"]


def test_the_coordinator_list_marks_the_coordinator_database(client, county_user):
    client.force_login(county_user)
    assert active_entries(client.get("/coordinators/")) == ["协调员库"]


def test_the_menu_is_rendered_once_per_role_and_marked_entry_and_shows_the_mark(client, county_user):
    client.force_login(county_user)
    client.get("/coordinators/")
    again = client.get("/coordinators/")
    assert "includes/menu.html" not in [template.name for template in again.templates]
    assert 'class="nav-link active" aria-current="page" href="/coordinators/"' in again.content.decode()
    home = client.get("/").content.decode()
    assert 'class="nav-link active" aria-current="page" href="/"' in home
    assert 'class="nav-link active" aria-current="page" href="/coordinators/"' not in home
