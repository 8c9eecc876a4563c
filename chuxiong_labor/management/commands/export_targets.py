import json

from django.core.management.base import BaseCommand, CommandError

from chuxiong_labor.quotas import PlanCycle, targets_as_dict


class Command(BaseCommand):
    help = "Print every target as JSON: {programme: {unit as the seed writes it: {year or stage: value}}}."

    def add_arguments(self, parser):
        parser.add_argument("--cycle", help="plan cycle name (default: the first cycle, 2021—2023年)")
        parser.add_argument("--all-cycles", action="store_true", help="every cycle, keys prefixed by cycle name")

    def handle(self, *args, cycle=None, all_cycles=False, **options):
        """Print the targets of one plan cycle, or of all of them, as indented JSON."""
        if all_cycles:
            data = targets_as_dict()
        else:
            chosen = PlanCycle.objects.filter(name=cycle).first() if cycle else PlanCycle.objects.first()
            if chosen is None:
                raise CommandError(f"没有名为“{cycle}”的计划周期。" if cycle else "尚未载入任何计划周期。")
            data = targets_as_dict(chosen)
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
