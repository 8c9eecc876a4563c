from django.core.management.base import BaseCommand, CommandError

from chuxiong_labor.lib.errors import ActionRefused
from chuxiong_labor.units import Unit
from pay_guidance.documents import render_feedback_batch


class Command(BaseCommand):
    help = (
        "批量生成一个县（市）州级验收的被调查企业的薪酬数据反馈报告（一个 PDF，每户企业一至两页），"
        "市场价位取自该年度已发布的全州工资价位。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="数据年度")
        parser.add_argument("--unit", required=True, help="县（市）")
        parser.add_argument("--output", required=True, help="输出的 PDF 文件")

    def handle(self, *args, **options):
        """Render every surveyed enterprise's feedback report of the unit and year into one PDF."""
        unit = Unit.objects.by_name(options["unit"])
        if unit is None or not unit.is_county:
            raise CommandError(f"找不到名为“{options['unit']}”的县（市），请核对单位名称。")
        try:
            content = render_feedback_batch(unit, options["year"])
        except ActionRefused as error:
            raise CommandError(str(error)) from None
        with open(options["output"], "wb") as output:
            output.write(content)
        self.stdout.write(f"已生成 {options['output']}。")
