from datetime import timedelta

from auditlog.models import LogEntry
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from chuxiong_labor.lib.security import SecurityEvent


class Command(BaseCommand):
    help = "Delete change history and security events older than HISTORY_RETENTION_DAYS (never under 180 days)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="count what would be deleted, delete nothing")

    def handle(self, *args, dry_run=False, **options):
        """Delete history older than the retention period, which settings keep at 180 days or more."""
        days = max(180, settings.HISTORY_RETENTION_DAYS)
        cutoff = timezone.now() - timedelta(days=days)
        entries = LogEntry.objects.filter(timestamp__lt=cutoff)
        events = SecurityEvent.objects.filter(at__lt=cutoff)
        counts = (entries.count(), events.count())
        if not dry_run:
            entries.delete()
            events.delete()
        verb = "将删除" if dry_run else "已删除"
        self.stdout.write(f"{verb} {days} 天以前的变更记录 {counts[0]} 条、安全事件 {counts[1]} 条。")
