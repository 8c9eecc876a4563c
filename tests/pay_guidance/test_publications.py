"""Publications: drafted from accepted data, approved by the prefecture (the portal's rule) and issued by the
publishing unit itself, frozen once issued; the public page shows issued tables only, to anyone."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from chuxiong_labor import todo
from chuxiong_labor.lib.errors import ActionRefused
from pay_guidance.documents import render_booklet, render_feedback
from pay_guidance.models import PublicationStatus
from pay_guidance.services import act_on_publication, draft_publication, refresh_publication
from tests.factories import unit
from tests.pay_guidance.factories import add_employees, make_survey
from tests.pay_guidance.test_disclosure_attack import office

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    surveys = [make_survey() for _ in range(3)]
    for survey in surveys:
        add_employees(survey, [50000 + index * 100 for index in range(12)])
    return surveys


def issued(reviewer):
    publication = draft_publication(unit("楚雄市"), 2025, actor=reviewer)
    publication = act_on_publication(publication, "approve", actor=reviewer)
    return act_on_publication(publication, "issue", actor=reviewer)


def test_a_draft_cannot_be_issued_before_approval(data, reviewer):
    publication = draft_publication(unit("楚雄市"), 2025, actor=reviewer)
    with pytest.raises(ActionRefused):
        act_on_publication(publication, "issue", actor=reviewer)


def test_an_issued_publication_cannot_be_refreshed(data, reviewer):
    publication = issued(reviewer)
    with pytest.raises(ActionRefused, match="已发布的稿件不再变化"):
        refresh_publication(publication, actor=reviewer)


def test_an_issued_table_does_not_change_when_the_data_does(data, reviewer):
    publication = issued(reviewer)
    before = publication.cells
    add_employees(data[0], [900000] * 20)
    publication.refresh_from_db()
    assert publication.cells == before


def test_a_correction_is_a_new_version_and_both_are_kept(data, reviewer):
    first = issued(reviewer)
    add_employees(data[0], [900000] * 20)
    second = draft_publication(unit("楚雄市"), 2025, actor=reviewer)
    first.refresh_from_db()
    assert (first.number, second.number) == (1, 2)
    assert first.status == PublicationStatus.ISSUED and first.cells != second.cells


def test_a_second_draft_is_refused_while_one_is_open(data, reviewer):
    draft_publication(unit("楚雄市"), 2025, actor=reviewer)
    with pytest.raises(ActionRefused):
        draft_publication(unit("楚雄市"), 2025, actor=reviewer)


def test_the_public_page_needs_no_login_and_shows_an_issued_table(data, reviewer):
    issued(reviewer)
    response = Client().get(reverse("pay_guidance:public_year", args=[2025]))
    assert response.status_code == 200
    assert "楚雄市2025年度人力资源市场工资价位" in response.content.decode()


def test_the_public_page_shows_nothing_unissued(data, reviewer):
    publication = draft_publication(unit("楚雄市"), 2025, actor=reviewer)
    act_on_publication(publication, "approve", actor=reviewer)
    response = Client().get(reverse("pay_guidance:public_year", args=[2025]))
    assert "该年度尚未发布信息" in response.content.decode()
    assert "楚雄市2025年度" not in response.content.decode()


def approved(reviewer):
    return act_on_publication(draft_publication(unit("楚雄市"), 2025, actor=reviewer), "approve", actor=reviewer)


def post_action(user, publication, action, **data):
    client = Client()
    client.force_login(user)
    url = reverse("pay_guidance:publication_action", args=[publication.pk])
    return client.post(url, {"action": action, "version": publication.version, **data}, follow=True)


def test_a_county_issues_its_own_approved_publication(data, reviewer, county_user):
    publication = approved(reviewer)
    post_action(county_user, publication, "issue", confirm_issue="1")
    publication.refresh_from_db()
    assert (publication.status, publication.issued_by) == (PublicationStatus.ISSUED, county_user)


def test_the_prefecture_does_not_issue_a_countys_publication(data, reviewer):
    response = post_action(reviewer, approved(reviewer), "issue", confirm_issue="1")
    assert response.status_code == 403


def test_a_county_does_not_approve_its_own_draft(data, reviewer, county_user):
    publication = draft_publication(unit("楚雄市"), 2025, actor=county_user)
    assert post_action(county_user, publication, "approve").status_code == 403


def test_a_county_returns_its_approved_publication_to_refresh_it(data, reviewer, county_user):
    publication = approved(reviewer)
    post_action(county_user, publication, "return", reason="数据有更新，刷新后再送审")
    publication.refresh_from_db()
    assert publication.status == PublicationStatus.DRAFT


def test_another_countys_publication_is_not_found(data, reviewer, other_county_user):
    assert post_action(other_county_user, approved(reviewer), "issue", confirm_issue="1").status_code == 404


def test_the_prefecture_issues_its_own_publication(data, reviewer):
    publication = act_on_publication(draft_publication(office(), 2025, actor=reviewer), "approve", actor=reviewer)
    post_action(reviewer, publication, "issue", confirm_issue="1")
    publication.refresh_from_db()
    assert publication.status == PublicationStatus.ISSUED


def test_the_prefecture_check_is_labelled_as_the_portals_rule(data, reviewer, county_user):
    client = Client()
    client.force_login(county_user)
    for url in (reverse("pay_guidance:publication_list"), approved(reviewer).get_absolute_url()):
        text = client.get(url).content.decode()
        assert "data-portal-rule" in text and "州三方办审核通过" in text


def test_the_county_sees_the_issue_button_and_the_prefecture_sees_whom_it_waits_for(data, reviewer, county_user):
    publication = approved(reviewer)
    client = Client()
    client.force_login(county_user)
    text = client.get(publication.get_absolute_url()).content.decode()
    assert 'value="issue"' in text and "发布前确认" in text
    client.force_login(reviewer)
    text = client.get(publication.get_absolute_url()).content.decode()
    assert 'value="issue"' not in text and "当前等待楚雄市发布" in text


def test_the_booklet_pdf_carries_the_table_and_the_definition(data, reviewer):
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(render_booklet(issued(reviewer)))).pages)
    assert "线性插值" in text and "50550.00" in text


def test_the_feedback_report_names_only_its_enterprise(data, reviewer):
    publication = draft_publication(office(), 2025, actor=reviewer)
    act_on_publication(act_on_publication(publication, "approve", actor=reviewer), "issue", actor=reviewer)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(render_feedback(data[0]))).pages)
    assert data[0].enterprise.name in text
    assert data[1].enterprise.name not in text and data[2].enterprise.name not in text


def test_an_issued_publications_booklet_is_rendered_once_and_kept(data, reviewer):
    from django.core.cache import cache

    publication = issued(reviewer)
    content = render_booklet(publication)
    key = f"pay_guidance:booklet:{publication.pk}:{publication.issued_at.isoformat()}"
    assert cache.get(key) == content
    assert render_booklet(publication) == content


def test_a_drafts_booklet_is_not_kept(data, reviewer):
    from django.core.cache import cache

    cache.clear()
    publication = draft_publication(unit("楚雄市"), 2025, actor=reviewer)
    render_booklet(publication)
    assert not [key for key in cache._cache if "pay_guidance:booklet" in key]


def test_issuing_without_the_confirmation_is_refused_and_says_it_cannot_be_withdrawn(data, reviewer, county_user):
    publication = approved(reviewer)
    response = post_action(county_user, publication, "issue")
    assert "不能撤回，只能另发更正版" in response.content.decode()
    publication.refresh_from_db()
    assert publication.status == PublicationStatus.APPROVED


def test_issuing_with_the_confirmation_issues(data, reviewer, county_user):
    publication = approved(reviewer)
    post_action(county_user, publication, "issue", confirm_issue="1")
    publication.refresh_from_db()
    assert publication.status == PublicationStatus.ISSUED


def test_an_approved_county_publication_waits_in_the_countys_todo_not_the_offices(data, reviewer, county_user):
    url = approved(reviewer).get_absolute_url()
    assert url in [item.url for item in todo.items_for(county_user)]
    assert url not in [item.url for item in todo.items_for(reviewer)]


def test_an_approved_prefecture_publication_waits_in_the_offices_todo(data, reviewer, county_user):
    publication = act_on_publication(draft_publication(office(), 2025, actor=reviewer), "approve", actor=reviewer)
    assert publication.get_absolute_url() in [item.url for item in todo.items_for(reviewer)]
    assert publication.get_absolute_url() not in [item.url for item in todo.items_for(county_user)]
