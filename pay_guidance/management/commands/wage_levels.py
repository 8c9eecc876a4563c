import json

from django.core.management.base import BaseCommand, CommandError

from chuxiong_labor.lib.spreadsheets import simple_workbook
from chuxiong_labor.units import Unit
from pay_guidance import public_tables
from pay_guidance.method import Method
from pay_guidance.models import Publication
from pay_guidance.wage_levels import wage_table

FIELDS = [
    "dimension",
    "key",
    "n_people",
    "n_enterprises",
    "n_part_year",
    "suppressed",
    "p10",
    "p25",
    "p50",
    "p75",
    "p90",
    "mean",
]


class Command(BaseCommand):
    help = (
        "输出工资价位表（JSON 或 xlsx）：各分组的 P10、P25、P50、P75、P90 和平均数（元/年）。"
        "加 --public 输出公众看到的表（已发布的最新版本；尚未发布时为按当前数据起草的结果），"
        "不予公布的分组 suppressed 为 true、各数字为空；不加为内部表（仅按样本量隐藏）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="数据年度")
        parser.add_argument("--unit", help="县（市）；不填为全州")
        parser.add_argument("--public", action="store_true", help="输出公众看到的表（含防推算的次级隐藏）")
        parser.add_argument("--format", choices=["json", "xlsx"], default="json")
        parser.add_argument("--output", required=True, help="输出文件")

    def handle(self, *args, **options):
        """Write the wage table of the year (and unit) to the output file: the internal table, or with
        ``--public`` exactly the cells the public sees (``public_tables``, as the pages)."""
        unit = None
        if options["unit"]:
            unit = Unit.objects.by_name(options["unit"])
            if unit is None:
                raise CommandError(f"找不到名为“{options['unit']}”的单位，请核对单位名称。")
        if options["public"]:
            document, fields, source, method = self._public(options["year"], unit)
            cells = document["cells"]
            note = method.note()
        else:
            cells = [cell.as_json() for cell in wage_table(options["year"], unit)]
            document, fields, source = cells, FIELDS, "内部表"
            note = Method.current().note(public=False)
        if options["format"] == "json":
            with open(options["output"], "w", encoding="utf-8") as output:
                json.dump(document, output, ensure_ascii=False, indent=1)
        else:
            rows = [[cell[name] for name in fields] for cell in cells]
            rows.append([note])
            workbook = simple_workbook("工资价位", fields, rows)
            workbook.save(options["output"])
        self.stdout.write(f"已写入 {len(cells)} 个分组（{source}）。{note}")

    def _public(self, year, unit):
        issued = Publication.objects.issued().in_year(year)
        if unit is not None and unit.is_county:
            issued = issued.filter(unit=unit)
        else:  # the prefecture office's publication covers the whole prefecture
            issued = issued.covering_prefecture()
        latest = issued.order_by("-issued_at", "-number").first()
        if latest is not None:
            table, source = public_tables.public_table(latest), f"已发布的第{latest.number}版"
        else:
            table, source = public_tables.draft_table(year, unit), "尚未发布，按当前数据计算"
        return table.as_json(), public_tables.OPEN_DATA_FIELDS, source, table.method
