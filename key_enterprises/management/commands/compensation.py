from django.core.management.base import BaseCommand, CommandError

from key_enterprises.compensation import CompensationInputError, economic_compensation


class Command(BaseCommand):
    help = "Print the economic compensation of 劳动合同法 Art. 47 in yuan with two decimals (the portal's own formula)."

    def add_arguments(self, parser):
        parser.add_argument("--months", required=True, help="本单位工作年限（月）")
        parser.add_argument("--base", required=True, help="前十二个月平均工资（元/月）")
        parser.add_argument("--average", required=True, help="当地上年度职工月平均工资（元）")
        parser.add_argument("--minimum", help="当地最低工资标准（元/月）")

    def handle(self, *args, **options):
        """Print the amount, or exit non-zero with a Chinese message when an input is unusable."""
        try:
            amount = economic_compensation(options["months"], options["base"], options["average"], options["minimum"])
        except CompensationInputError as problem:
            raise CommandError(str(problem)) from None
        self.stdout.write(f"{amount:.2f}")
