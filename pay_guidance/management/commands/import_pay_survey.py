from django.core.management.base import BaseCommand, CommandError

from chuxiong_labor.accounts import User
from chuxiong_labor.lib.errors import ActionRefused
from chuxiong_labor.lib.spreadsheets import SpreadsheetError
from chuxiong_labor.units import Unit
from pay_guidance.services import import_survey
from pay_guidance.survey_import import read_survey

SHOWN = 50


class Command(BaseCommand):
    help = (
        "导入企业薪酬调查数据（职工薪酬表或企业人工成本表，.csv 或 .xlsx）：任何一行有问题即不写入并以非零状态退出；"
        "低于最低工资标准的行打印为提示，导入并标记待核实（加 --strict 则不写入并以非零状态退出）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="调查数据文件（CSV 为 UTF-8 编码，可带 BOM；或 .xlsx）")
        parser.add_argument("--year", type=int, required=True, help="数据年度（调查所属的上一年度）")
        parser.add_argument("--unit", required=True, help="调查单位（县、市），如“楚雄市”")
        parser.add_argument("--user", help="记入变更记录的操作人用户名（默认不记操作人）")
        parser.add_argument("--dry-run", action="store_true", help="只校验并打印结果，不写入")
        parser.add_argument(
            "--strict",
            action="store_true",
            help="有低于最低工资标准的行时不写入并以非零状态退出（默认导入并标记待核实）",
        )

    def handle(self, *args, **options):
        """Validate the file, print its counts and every problem, and write it unless a row is bad or --dry-run."""
        unit = Unit.objects.by_name(options["unit"])
        if unit is None or not unit.is_county:
            raise CommandError(f"找不到名为“{options['unit']}”的县（市），请核对单位名称。")
        actor = None
        if options["user"]:
            actor = User.objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"找不到用户“{options['user']}”。")
        try:
            with open(options["file"], "rb") as handle:
                plan = read_survey(handle, unit=unit, year=options["year"])
                self.stdout.write(
                    f"{plan.kind_label}：{plan.row_count} 行，企业 {len(plan.codes)} 户（新登记 "
                    f"{len(plan.new_enterprises)} 户），问题 {len(plan.errors)} 处，提示 {plan.warning_count} 处"
                )
                for problem in plan.errors.shown[:SHOWN]:
                    self.stdout.write(f"第{problem.row}行{problem.field and f' {problem.field}'}：{problem.message}")
                if len(plan.errors) > SHOWN:
                    self.stdout.write(f"……另有 {len(plan.errors) - SHOWN} 处问题未列出")
                for note in plan.warnings[:SHOWN]:
                    self.stdout.write(f"提示：第{note.row}行（{note.code}）：{note.message}")
                if plan.warning_count > SHOWN:
                    self.stdout.write(f"……另有 {plan.warning_count - SHOWN} 处提示未列出")
                if plan.errors:
                    raise CommandError(f"文件中有 {len(plan.errors)} 处问题，未写入任何数据。请改正后重新导入。")
                if plan.flag_count and options["strict"]:
                    raise CommandError(
                        f"有 {plan.flag_count} 行低于最低工资标准（--strict），未写入任何数据。核实后重新导入，"
                        "或不加 --strict 导入并由县（市）逐条核实。"
                    )
                if options["dry_run"]:
                    self.stdout.write("试运行（--dry-run）：未写入任何数据。")
                    return
                result = import_survey(plan, actor=actor)
        except FileNotFoundError:
            raise CommandError(f"找不到文件“{options['file']}”。") from None
        except (SpreadsheetError, ActionRefused) as problem:
            raise CommandError(str(problem)) from None
        self.stdout.write(self.style.SUCCESS(f"已导入 {result['rows']} 行，企业 {result['enterprises']} 户。"))
        if result["flags"]:
            self.stdout.write(f"其中 {result['flags']} 行低于最低工资标准，已标记为待核实，由县（市）确认或更正。")
