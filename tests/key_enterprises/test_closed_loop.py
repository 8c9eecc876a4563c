"""Annex 5 as a closed loop: guidance given on a lead is the enterprise's 跟踪指导情况 on its page, in the service
ledger and in its 一企一档, entered once; the ledger's current headcount is the latest month the prefecture has
accepted (else the latest submitted), never a draft or a returned one, and says which month."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from key_enterprises import services
from key_enterprises.dossier import render_dossier
from key_enterprises.figures import ledger_entries, ledger_row
from key_enterprises.models import GuidanceVisit, Lead, MonitoredEnterprise, MonthlyFigures

from .factories import make_batch, make_monitored

pytestmark = pytest.mark.django_db


def ledger_of(entry):
    return dict(zip(("name", "county", "industry", "last", "current", "policies", "guidance"), ledger_row(
        ledger_entries(MonitoredEnterprise.objects.filter(pk=entry.pk)).get()
    ), strict=False))  # fmt: skip


def test_guidance_on_a_lead_is_the_enterprises_guidance_everywhere(client, county_user):
    entry = make_monitored()
    GuidanceVisit.objects.create(
        monitored=entry, visited_on=datetime.date(2026, 2, 1), visitors="李四", content="宣讲稳岗政策"
    )
    lead = Lead.objects.create(
        unit=entry.unit, monitored=entry, level="orange", summary="拖欠工资两个月",
        opened_on=datetime.date(2026, 3, 1), due_on=datetime.date(2026, 3, 31),
    )  # fmt: skip
    lead = services.act_on_lead(
        lead, "guide", actor=county_user, expected_version=lead.version, note="约谈企业制定清欠计划",
        acted_on=datetime.date(2026, 3, 5),
    )  # fmt: skip
    services.act_on_lead(
        lead, "close", actor=county_user, expected_version=lead.version, note="回访核实", outcome="工资已全部补发",
        acted_on=datetime.date(2026, 3, 20),
    )  # fmt: skip

    guidance = ledger_of(entry)["guidance"]
    assert guidance.index("宣讲稳岗政策") < guidance.index("约谈企业制定清欠计划") < guidance.index("工资已全部补发")
    assert "线索“拖欠工资两个月”一对一指导服务" in guidance

    client.force_login(county_user)
    page = client.get(reverse("key_enterprises:monitored_detail", args=[entry.pk])).content.decode()
    listed = page[page.index('data-testid="guidance"') :]
    assert (
        "约谈企业制定清欠计划" in listed and "办结情况：工资已全部补发" in listed and lead.get_absolute_url() in listed
    )

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(render_dossier(entry))).pages)
    assert "约谈企业制定清欠计划" in text.replace("\n", "") and "宣讲稳岗政策" in text


def test_the_current_headcount_is_the_latest_accepted_month_and_says_which(county_user):
    entry = make_monitored()

    def month(number, status, headcount):
        batch = make_batch(month=number, status=status)
        MonthlyFigures.objects.create(batch=batch, monitored=entry, headcount=headcount, headcount_last_year_end=100)

    assert ledger_of(entry)["current"] == ""
    month(1, "draft", 90)
    month(2, "returned", 91)
    assert ledger_of(entry)["current"] == ""  # neither has reached the prefecture
    month(3, "submitted", 93)
    assert ledger_of(entry)["current"] == "93（2026年3月，已报送待审核）"
    month(4, "accepted", 94)
    month(5, "submitted", 95)  # later, but not yet accepted
    assert ledger_of(entry)["current"] == "94（2026年4月，已审核）"


def test_a_returned_month_is_answered_when_submitted_again(client, county_user, reviewer):
    from auditlog.models import LogEntry

    entry = make_monitored()
    batch = make_batch(status="submitted")
    MonthlyFigures.objects.create(batch=batch, monitored=entry, headcount=95, headcount_last_year_end=100)
    client.force_login(reviewer)
    client.post(
        reverse("key_enterprises:batch_return", args=[batch.pk]),
        {"reason": "减员数与期末人数不符", "version": batch.version},
    )
    batch.refresh_from_db()
    assert (batch.status, batch.return_reason) == ("returned", "减员数与期末人数不符")

    client.force_login(county_user)
    url = reverse("key_enterprises:batch_submit", args=[batch.pk])
    page = client.get(batch.get_absolute_url()).content.decode()
    assert 'data-testid="resubmit"' in page and "减员数与期末人数不符" in page
    refused = client.post(url, {"reply": "  ", "version": batch.version})
    assert "重新报送时请填写对退回意见的答复" in refused.content.decode()
    stale = client.post(url, {"reply": "已核对并更正减员数", "version": batch.version - 1})
    assert "已核对并更正减员数" in stale.content.decode()  # refused as stale, what was typed kept
    batch.refresh_from_db()
    assert batch.status == "returned"

    client.post(url, {"reply": "已核对并更正减员数", "version": batch.version})
    batch.refresh_from_db()
    assert (batch.status, batch.return_reason, batch.reply) == ("submitted", "", "已核对并更正减员数")
    page = client.get(batch.get_absolute_url()).content.decode()
    assert 'data-testid="return-reason"' not in page and "已核对并更正减员数" in page
    changes = [e.changes for e in LogEntry.objects.get_for_object(batch).order_by("pk")]
    assert any(c.get("return_reason", [None, None])[1] == "减员数与期末人数不符" for c in changes)
    assert any(c.get("reply", [None, None])[1] == "已核对并更正减员数" for c in changes)
