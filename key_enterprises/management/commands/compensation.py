from django.core.management.base import BaseCommand, CommandError

from key_enterprises.compensation import CompensationInputError, compensation_from_dates, economic_compensation


class Command(BaseCommand):
    help = (
        "Print the economic compensation in yuan with two decimals (the portal's own formula): from --start and --end "
        "with the working line by line (service before 2008 under the old rule, the rest under 劳动合同法 Art. 47), "
        "or from --months under Art. 47 alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("--months", help="本单位工作年限（月）")
        parser.add_argument("--start", help="入职日期（YYYY-MM-DD）")
        parser.add_argument("--end", help="解除劳动合同日期（YYYY-MM-DD）")
        parser.add_argument("--base", required=True, help="前十二个月平均工资（元/月）")
        parser.add_argument("--average", required=True, help="当地上年度职工月平均工资（元）")
        parser.add_argument("--minimum", help="当地最低工资标准（元/月）")

    def handle(self, *args, **options):
        """Print the amount (and, from dates, its working), or exit non-zero with a Chinese message."""
        dated = options["start"] is not None or options["end"] is not None
        if dated == (options["months"] is not None):
            raise CommandError("请填写 --start 和 --end（入职和解除日期），或者只填写 --months（工作月数），二者选一。")
        try:
            if not dated:
                amount = economic_compensation(
                    options["months"], options["base"], options["average"], options["minimum"]
                )
                self.stdout.write(f"{amount:.2f}")
                return
            if not (options["start"] and options["end"]):
                raise CommandError("按日期计算须同时填写 --start（入职日期）和 --end（解除劳动合同日期）。")
            working = compensation_from_dates(
                options["start"], options["end"], options["base"], options["average"], options["minimum"]
            )
        except CompensationInputError as problem:
            raise CommandError(str(problem)) from None
        self.stdout.write(f"{working.amount:.2f}")
        for line in working.lines:
            self.stdout.write(line)
