from datetime import timedelta

from auditlog.models import LogEntry
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from chuxiong_labor.lib.security import SecurityEvent


class Command(BaseCommand):
    help = (
        "Delete change history and security events older than HISTORY_RETENTION_DAYS (never under 180 days), and "
        "django-axes' failed attempts once their cool-off is over."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="count what would be deleted, delete nothing")

    def handle(self, *args, dry_run=False, **options):
        """Delete history older than the retention period, which settings keep at 180 days or more, and the
        login attempts that can no longer lock anyone out."""
        days = max(180, settings.HISTORY_RETENTION_DAYS)
        now = timezone.now()
        cutoff = now - timedelta(days=days)
        entries = LogEntry.objects.filter(timestamp__lt=cutoff)
        events = SecurityEvent.objects.filter(at__lt=cutoff)
        # The portal keeps axes' own access logs off (SecurityEvent records the same); rows written before that
        # go with the history. An attempt older than the cool-off locks nobody out any more.
        axes_rows = (
            AccessAttempt.objects.filter(attempt_time__lt=now - settings.AXES_COOLOFF_TIME),
            AccessLog.objects.filter(attempt_time__lt=cutoff),
            AccessFailureLog.objects.filter(attempt_time__lt=cutoff),
        )
        counts = (entries.count(), events.count(), sum(rows.count() for rows in axes_rows))
        if not dry_run:
            entries.delete()
            events.delete()
            for rows in axes_rows:
                rows.delete()
        verb = "将删除" if dry_run else "已删除"
        self.stdout.write(
            f"{verb} {days} 天以前的变更记录 {counts[0]} 条、安全事件 {counts[1]} 条，"
            f"以及已过锁定期的登录失败记录 {counts[2]} 条。"
        )
