"""Reminders: N days before a duty and the day after a miss, once each, to the unit's users and contact."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from chuxiong_labor.roles import Role
from reporting import reminders
from tests.factories import make_user, unit

from .factories import make_report, shanghai

pytestmark = pytest.mark.django_db


@pytest.fixture
def chuxiong_contacts(db):
    make_user(Role.COUNTY_STAFF, "楚雄市", email="staff@chuxiong.example")
    office = unit("楚雄市")
    office.contact_email = "office@chuxiong.example"
    office.save()


@pytest.fixture
def send_reminders(django_capture_on_commit_callbacks):
    """Send reminders the way the command does: the e-mails leave when the log rows are committed."""

    def send(day):
        with django_capture_on_commit_callbacks(execute=True):
            return reminders.send_reminders(day)

    return send


def test_no_email_leaves_before_the_log_is_committed(chuxiong_contacts, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as pending:
        sent = reminders.send_reminders(datetime.date(2022, 6, 22))
    assert sent and pending and mail.outbox == []


def monthly_subjects(outbox, name="楚雄市"):
    return [m for m in outbox if "工作进展情况" in m.subject and "office@chuxiong.example" in m.to]


def test_a_reminder_goes_to_the_units_users_and_its_contact_address(chuxiong_contacts, send_reminders):
    send_reminders(datetime.date(2022, 6, 22))
    message = monthly_subjects(mail.outbox)[0]
    assert sorted(message.to) == ["office@chuxiong.example", "staff@chuxiong.example"]


def test_sending_twice_on_the_same_day_sends_nothing_new(chuxiong_contacts, send_reminders):
    send_reminders(datetime.date(2022, 6, 22))
    first = len(mail.outbox)
    again = send_reminders(datetime.date(2022, 6, 22))
    assert first > 0 and again == [] and len(mail.outbox) == first


def test_no_reminder_is_sent_earlier_than_the_configured_days_before(chuxiong_contacts, send_reminders):
    send_reminders(datetime.date(2022, 6, 21))
    assert monthly_subjects(mail.outbox) == []


def test_the_day_after_a_missed_report_an_overdue_reminder_is_sent(chuxiong_contacts, send_reminders):
    send_reminders(datetime.date(2022, 6, 26))
    assert any("逾期" in m.subject for m in monthly_subjects(mail.outbox))


def test_no_overdue_reminder_once_the_report_is_in(chuxiong_contacts, send_reminders):
    make_report("楚雄市", 2022, 6, submitted_at=shanghai(2022, 6, 25, 23))
    send_reminders(datetime.date(2022, 6, 26))
    assert monthly_subjects(mail.outbox) == []


def test_the_command_reports_what_it_sent(chuxiong_contacts, django_capture_on_commit_callbacks):
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--date", "2022-06-22", stdout=out)
    assert "条提醒" in out.getvalue() and len(mail.outbox) > 0
