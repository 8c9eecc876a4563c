"""E-mail reminders of the plan's duties: N days before each due day, and the day after one is missed.

Each reminder is logged (``ReminderLog``), one per unit, occurrence and kind, so running the command again on the
same day — or every day — never sends the same reminder twice. The e-mail leaves with ``transaction.on_commit``,
after its log row is committed, never from inside the transaction. A missed run is caught up: a "before" reminder
goes out on any day of the N-day window, an overdue one on any of the seven days after the due day.
"""

import datetime
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from chuxiong_labor.accounts import User
from chuxiong_labor.lib.dates import written
from chuxiong_labor.units import Unit

from .duties import occurrences
from .models import ReminderLog, ReportingConfig

OVERDUE_WINDOW_DAYS = 7


@dataclass
class Reminder:
    occurrence: object
    kind: str

    @property
    def subject(self):
        occ = self.occurrence
        if self.kind == ReminderLog.Kind.OVERDUE:
            return f"【逾期提醒】{occ.title}（截止{written(occ.due_on)}）"
        return f"【到期提醒】{occ.title}（{written(occ.due_on)}截止）"

    @property
    def body(self):
        occ = self.occurrence
        lines = [f"{occ.unit.name}：", ""]
        if self.kind == ReminderLog.Kind.OVERDUE:
            lines.append(f"“{occ.title}”已于{written(occ.due_on)}到期，平台中尚未标记完成，请尽快办理并在平台中标记。")
        else:
            lines.append(f"“{occ.title}”将于{written(occ.due_on)}到期，请按时办理。")
        if occ.duty.source:
            lines.append(f"依据：{occ.duty.source}")
        lines += ["", "楚雄州协调劳动关系三方联席会议办公室（本邮件由楚雄州劳动关系工作平台自动发送）"]
        return "\n".join(lines)


def due_reminders(today, *, units=None, days_before=None):
    """Return the reminders owed on ``today`` for open occurrences, whether or not already sent."""
    days_before = ReportingConfig.get().reminder_days_before if days_before is None else days_before
    units = list(units) if units is not None else list(Unit.objects.owning_records())
    start = today - datetime.timedelta(days=OVERDUE_WINDOW_DAYS)
    end = today + datetime.timedelta(days=days_before)
    found = []
    for occ in occurrences(units, start, end):
        if occ.is_done:
            continue
        kind = ReminderLog.Kind.BEFORE if occ.due_on >= today else ReminderLog.Kind.OVERDUE
        found.append(Reminder(occ, kind))
    return found


def recipients(unit):
    """Return the e-mail addresses of ``unit``'s active users and its contact address."""
    addresses = set(User.objects.filter(unit=unit, is_active=True).exclude(email="").values_list("email", flat=True))
    if unit.contact_email:
        addresses.add(unit.contact_email)
    return sorted(addresses)


def send_reminders(today, *, dry_run=False):
    """Send the reminders owed on ``today`` that were not sent before; return the reminders sent."""
    sent_logs = set(ReminderLog.objects.values_list("unit_id", "duty_id", "due_on", "kind"))
    sent = []
    for reminder in due_reminders(today):
        occ = reminder.occurrence
        if (occ.unit.pk, occ.duty.pk, occ.due_on, reminder.kind) in sent_logs:
            continue
        addresses = recipients(occ.unit)
        if dry_run:
            sent.append(reminder)
            continue
        try:
            with transaction.atomic():
                ReminderLog.objects.create(
                    unit=occ.unit,
                    duty=occ.duty,
                    due_on=occ.due_on,
                    kind=reminder.kind,
                    sent_on=today,
                    recipients=", ".join(addresses),
                )
                if addresses:
                    # Sent once the log row is committed: a rolled-back log never leaves a sent e-mail behind.
                    transaction.on_commit(
                        partial(send_mail, reminder.subject, reminder.body, settings.DEFAULT_FROM_EMAIL, addresses)
                    )
        except IntegrityError:  # another run logged it first
            continue
        sent.append(reminder)
    return sent
