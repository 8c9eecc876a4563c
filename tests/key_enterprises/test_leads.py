"""A lead's whole loop: a submitted month trips a rule, a lead opens, guidance is recorded, the lead is closed;
and what the prefecture sees of leads that need it."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from chuxiong_labor.lib.concurrency import StaleEdit
from chuxiong_labor.lib.errors import ActionRefused
from key_enterprises import services
from key_enterprises.models import Alert, Lead, LeadAction
from key_enterprises.panels import prefecture_leads_panel
from tests.mediation.factories import make_case, make_org

from .factories import make_batch, make_figures, make_monitored

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 4, 10)


@pytest.fixture
def red_month(county_user):
    """楚雄市's March with one enterprise owing two months of wages (a red rule)."""
    batch = make_batch()
    monitored = make_monitored(liaison_officer="张联络")
    make_figures(batch, monitored, wages_owed_months=2)
    make_figures(batch, make_monitored())
    return batch, monitored


def _submit(batch, user, reply=""):
    with time_machine.travel(datetime.datetime(2026, 4, 10, 10), tick=False):
        return services.submit_batch(batch, actor=user, expected_version=batch.version, today=TODAY, reply=reply)


def test_submitting_a_month_opens_a_lead_for_the_enterprise_that_trips_a_rule(red_month, county_user):
    batch, monitored = red_month
    opened = _submit(batch, county_user)
    assert [lead.monitored for lead in opened] == [monitored]
    assert Alert.objects.get().rule.code == "wages-owed"


def test_a_red_lead_goes_to_the_prefecture_at_once_with_the_liaison_officer_assigned(red_month, county_user):
    lead = _submit(red_month[0], county_user)[0]
    assert (lead.level, lead.status, lead.assignee) == ("red", Lead.Status.ESCALATED, "张联络")
    assert lead.due_on == TODAY + datetime.timedelta(days=7)


def test_submitting_again_after_a_return_opens_no_second_lead(red_month, county_user, reviewer):
    batch = red_month[0]
    _submit(batch, county_user)
    batch.refresh_from_db()
    services.return_batch(batch, actor=reviewer, expected_version=batch.version, reason="人数有误")
    batch.refresh_from_db()
    assert _submit(batch, county_user, reply="已核对人数") == []
    assert Lead.objects.count() == 1


def test_a_lead_cannot_be_closed_before_any_guidance(red_month, county_user, reviewer):
    lead = _submit(red_month[0], county_user)[0]
    with pytest.raises(ActionRefused, match="指导服务"):
        services.act_on_lead(
            lead, "close", actor=reviewer, expected_version=lead.version, note="复核", outcome="已化解"
        )


def test_the_whole_loop_guidance_then_the_prefecture_closes_with_an_outcome(red_month, county_user, reviewer):
    lead = _submit(red_month[0], county_user)[0]
    services.act_on_lead(lead, "guide", actor=county_user, expected_version=lead.version, note="上门约谈，督促补发工资")
    lead.refresh_from_db()
    services.act_on_lead(
        lead, "close", actor=reviewer, expected_version=lead.version, note="复核", outcome="已补发工资"
    )
    lead.refresh_from_db()
    assert lead.status == Lead.Status.CLOSED
    assert lead.outcome == "已补发工资"
    assert list(LeadAction.objects.filter(lead=lead).values_list("action", flat=True)) == ["open", "guide", "close"]


def test_closing_needs_an_outcome(red_month, county_user, reviewer):
    lead = _submit(red_month[0], county_user)[0]
    services.act_on_lead(lead, "guide", actor=county_user, expected_version=lead.version, note="约谈")
    lead.refresh_from_db()
    with pytest.raises(ActionRefused, match="办结情况"):
        services.act_on_lead(lead, "close", actor=reviewer, expected_version=lead.version, note="复核", outcome=" ")


def test_a_stale_lead_action_is_refused(red_month, county_user):
    lead = _submit(red_month[0], county_user)[0]
    with pytest.raises(StaleEdit):
        services.act_on_lead(lead, "guide", actor=county_user, expected_version=lead.version - 1, note="约谈")


def test_the_county_may_not_close_a_red_lead_through_the_page(client, red_month, county_user):
    lead = _submit(red_month[0], county_user)[0]
    client.force_login(county_user)
    response = client.post(
        reverse("key_enterprises:lead_act", args=[lead.pk]),
        {"action": "close", "note": "已处理", "outcome": "已补发", "version": lead.version},
    )
    assert response.status_code == 403


def test_another_countys_lead_is_not_found(client, red_month, county_user, other_county_user):
    lead = _submit(red_month[0], county_user)[0]
    client.force_login(other_county_user)
    assert client.get(reverse("key_enterprises:lead_detail", args=[lead.pk])).status_code == 404


def test_a_lead_links_the_enterprises_mediation_cases(client, red_month, county_user):
    lead = _submit(red_month[0], county_user)[0]
    case = make_case(
        org=make_org("楚雄市"),
        received_on=datetime.date(2026, 4, 1),
        employee_party="李四等12人",
        employer_party=lead.monitored.enterprise.name,
        enterprise=lead.monitored.enterprise,
        claim="支付拖欠工资",
        claim_kind="pay",
        worker_count=12,
    )
    client.force_login(county_user)
    response = client.post(
        reverse("key_enterprises:lead_edit", args=[lead.pk]),
        {
            "assignee": "张联络",
            "assignee_phone": "",
            "due_on": "2026-04-17",
            "cases": [case.pk],
            "version": lead.version,
        },
    )
    assert response.status_code == 302
    assert list(lead.cases.all()) == [case]


def test_an_overdue_orange_lead_appears_on_the_prefecture_home_panel(county_user):
    batch = make_batch()
    make_figures(batch, make_monitored(), stoppage_days=3)  # orange, 15 days
    lead = _submit(batch, county_user)[0]
    assert prefecture_leads_panel(TODAY) is None
    _template, context = prefecture_leads_panel(TODAY + datetime.timedelta(days=16))
    assert context["leads"] == [lead]


def test_the_circular_draft_names_overdue_leads(county_user):
    from reporting.circulars import draft_text

    batch = make_batch()
    monitored = make_monitored()
    make_figures(batch, monitored, stoppage_days=3)
    _submit(batch, county_user)
    text = draft_text(2026, 4, today=TODAY + datetime.timedelta(days=20))
    assert monitored.enterprise.name in text["behind_section"]


def test_raising_alerts_costs_the_same_queries_for_one_lead_or_twenty(county_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from key_enterprises.models import MonthlyFigures

    small, large = make_batch(month=1), make_batch(month=2)
    make_figures(small, make_monitored(), wages_owed_months=2)
    for _ in range(20):
        make_figures(large, make_monitored(), wages_owed_months=2, stoppage_days=2)
    with CaptureQueriesContext(connection) as few:
        services.raise_alerts(MonthlyFigures.objects.filter(batch=small), today=TODAY)
    with CaptureQueriesContext(connection) as many:
        services.raise_alerts(MonthlyFigures.objects.filter(batch=large), today=TODAY)
    assert Lead.objects.count() == 21
    assert len(few) == len(many)


def test_the_risk_overview_counts_open_leads_per_unit_and_level(client, red_month, county_user, reviewer):
    _submit(red_month[0], county_user)
    client.force_login(reviewer)
    response = client.get(reverse("key_enterprises:risk_overview"))
    rows = {unit.short_name: counts for unit, counts in response.context["rows"]}
    assert rows["楚雄市"] == {"red": 1, "orange": 0, "yellow": 0}
    assert response.context["totals"]["red"] == 1


def test_a_county_lists_only_its_own_leads(client, red_month, county_user, other_county_user):
    _submit(red_month[0], county_user)
    batch = make_batch("禄丰市")
    make_figures(batch, make_monitored("禄丰市"), stoppage_days=2)
    _submit(batch, other_county_user)
    client.force_login(county_user)
    response = client.get(reverse("key_enterprises:risk_overview"))
    assert [lead.unit.short_name for lead in response.context["page"]] == ["楚雄市"]


def test_the_lead_list_filters_by_level(client, red_month, county_user, reviewer):
    _submit(red_month[0], county_user)
    batch = make_batch("禄丰市")
    make_figures(batch, make_monitored("禄丰市"), stoppage_days=2)
    _submit(batch, reviewer)
    client.force_login(reviewer)
    response = client.get(reverse("key_enterprises:risk_overview"), {"level": "orange"})
    assert [lead.level for lead in response.context["page"]] == ["orange"]


def test_an_overdue_lead_goes_to_the_prefecture_once(county_user):
    from io import StringIO

    from django.core.management import call_command

    batch = make_batch()
    make_figures(batch, make_monitored(), stoppage_days=3)  # orange, 15 days
    lead = _submit(batch, county_user)[0]
    assert services.escalate_overdue_leads(TODAY + datetime.timedelta(days=15)) == 0
    assert services.escalate_overdue_leads(TODAY + datetime.timedelta(days=16)) == 1
    lead.refresh_from_db()
    assert lead.status == Lead.Status.ESCALATED
    assert lead.actions.filter(action="escalate").count() == 1
    with time_machine.travel(datetime.datetime(2026, 5, 20, 10), tick=False):
        call_command("escalate_leads", stdout=StringIO())
    assert lead.actions.filter(action="escalate").count() == 1


def test_a_county_cannot_move_its_own_time_limit(client, red_month, county_user):
    lead = _submit(red_month[0], county_user)[0]
    client.force_login(county_user)
    client.post(
        reverse("key_enterprises:lead_edit", args=[lead.pk]),
        {"assignee": "张联络", "due_on": "2026-12-31", "version": lead.version},
    )
    lead.refresh_from_db()
    assert lead.due_on == TODAY + datetime.timedelta(days=7)


def test_closing_a_lead_without_its_outcome_shows_the_form_again_with_what_was_typed(client, red_month, reviewer):
    lead = _submit(red_month[0], reviewer)[0]
    client.force_login(reviewer)
    response = client.post(
        reverse("key_enterprises:lead_act", args=[lead.pk]),
        {"action": "close", "note": "约谈企业负责人并核实工资台账", "outcome": "", "version": lead.version},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "约谈企业负责人并核实工资台账" in html and "办结时请填写办结情况" in html
    lead.refresh_from_db()
    assert lead.status != Lead.Status.CLOSED


def test_the_circular_states_the_leads_as_they_stood_at_the_months_end(county_user):
    from key_enterprises.indicators import overdue_leads

    monitored = make_monitored()

    def lead(summary, opened, due, **fields):
        return Lead.objects.create(
            unit=monitored.unit, monitored=monitored, level="orange", summary=summary, opened_on=opened, due_on=due,
            **fields,
        )  # fmt: skip

    march = datetime.date(2026, 3, 1)
    lead("三月底已逾期", march, datetime.date(2026, 3, 20))
    lead("四月才发现", datetime.date(2026, 4, 2), datetime.date(2026, 4, 5))
    lead("四月才办结", march, datetime.date(2026, 3, 10), status="closed", closed_on=datetime.date(2026, 4, 3))
    lead("三月已办结", march, datetime.date(2026, 3, 10), status="closed", closed_on=datetime.date(2026, 3, 25))
    lead("三月已提交州", march, datetime.date(2026, 3, 10), status="escalated",
         escalated_at=timezone.make_aware(datetime.datetime(2026, 3, 28, 9)))  # fmt: skip
    lead("四月才提交州", march, datetime.date(2026, 3, 12), status="escalated",
         escalated_at=timezone.make_aware(datetime.datetime(2026, 4, 1, 9)))  # fmt: skip
    lead("三月底未到期", march, datetime.date(2026, 4, 2))

    # Drafted in May for March: only what stood at 31 March, overdue days counted to 31 March.
    lines = overdue_leads(2026, 3, today=datetime.date(2026, 5, 20))
    assert [line.split("（")[1].split("）")[0] for line in lines] == ["四月才办结", "四月才提交州", "三月底已逾期"]
    assert "截至3月31日已逾期11天" in lines[2]
