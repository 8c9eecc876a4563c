from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from chuxiong_labor.units import Unit
from coordinators.models import Nomination
from coordinators.recommendation import render_forms


class Command(BaseCommand):
    help = "Render the provincial recommendation forms (推荐表) of a year's candidates into one PDF."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="选树年度")
        parser.add_argument("--unit", default="", help="只生成该单位的候选人（如“楚雄市”）")
        parser.add_argument("--output", required=True, help="输出的 PDF 文件")

    def handle(self, *args, year, unit, output, **options):
        """Write the forms of every candidate of ``year`` (of ``unit`` when given) to ``output``."""
        nominations = Nomination.objects.in_year(year).with_people()
        if unit:
            found = Unit.objects.by_name(unit)
            if found is None:
                raise CommandError(f"没有名为“{unit}”的单位，请使用如“楚雄市”“州人社局”的名称。")
            nominations = nominations.filter(unit=found)
        nominations = list(nominations)
        if not nominations:
            raise CommandError(f"{year}年度{unit}没有候选人，未生成文件。")
        Path(output).write_bytes(render_forms(nominations))
        self.stdout.write(self.style.SUCCESS(f"已生成{len(nominations)}份推荐表：{output}"))
