import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reporting.reminders import send_reminders


class Command(BaseCommand):
    help = "E-mail each unit the reminders of its coming and missed duties. Run daily from cron; safe to repeat."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按指定日期（YYYY-MM-DD）计算，默认今天（北京时间）")
        parser.add_argument("--dry-run", action="store_true", help="只列出将要发送的提醒，不发送")

    def handle(self, *args, **options):
        """Send today's reminders, once each."""
        today = timezone.localdate()
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("日期格式应为 YYYY-MM-DD，例如 2026-11-25。") from None
        sent = send_reminders(today, dry_run=options["dry_run"])
        for reminder in sent:
            self.stdout.write(f"{reminder.occurrence.unit}：{reminder.subject}")
        verb = "将发送" if options["dry_run"] else "已发送"
        self.stdout.write(self.style.SUCCESS(f"{today:%Y-%m-%d}：{verb} {len(sent)} 条提醒。"))
