from django.core.management.base import BaseCommand
from django.utils import timezone

from key_enterprises.services import escalate_overdue_leads


class Command(BaseCommand):
    help = (
        "Send every open annex-5 lead past its time limit to the prefecture office. Safe to run more than once a day."
    )

    def handle(self, *args, **options):
        """Escalate the overdue leads and print how many."""
        count = escalate_overdue_leads(timezone.localdate())
        self.stdout.write(f"已将{count}条逾期未办结的线索提交州三方办。")
