import json

from django.core.management.base import BaseCommand, CommandError

from chuxiong_labor.lib.spreadsheets import simple_workbook
from chuxiong_labor.units import Unit
from pay_guidance.wage_levels import DEFINITION, wage_table

FIELDS = ["dimension", "key", "n_people", "n_enterprises", "suppressed", "p10", "p25", "p50", "p75", "p90", "mean"]


class Command(BaseCommand):
    help = "输出工资价位表（JSON 或 xlsx）：各分组的 P10、P25、P50、P75、P90 和平均数（元/年），样本不足的分组标记 suppressed。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="数据年度")
        parser.add_argument("--unit", help="县（市）；不填为全州")
        parser.add_argument("--format", choices=["json", "xlsx"], default="json")
        parser.add_argument("--output", required=True, help="输出文件")

    def handle(self, *args, **options):
        """Write the wage table of the year (and unit) to the output file."""
        unit = None
        if options["unit"]:
            unit = Unit.objects.by_name(options["unit"])
            if unit is None:
                raise CommandError(f"找不到名为“{options['unit']}”的单位，请核对单位名称。")
        cells = [cell.as_json() for cell in wage_table(options["year"], unit)]
        if options["format"] == "json":
            with open(options["output"], "w", encoding="utf-8") as output:
                json.dump(cells, output, ensure_ascii=False, indent=1)
        else:
            rows = [[cell[name] for name in FIELDS] for cell in cells]
            workbook = simple_workbook("工资价位", FIELDS, rows)
            workbook.active.append([DEFINITION])
            workbook.save(options["output"])
        self.stdout.write(f"已写入 {len(cells)} 个分组。{DEFINITION}")
