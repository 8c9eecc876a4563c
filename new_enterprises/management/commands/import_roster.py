from django.core.management.base import BaseCommand, CommandError

from chuxiong_labor.accounts import User
from chuxiong_labor.lib.spreadsheets import SpreadsheetError
from chuxiong_labor.units import Unit
from new_enterprises.roster import read_roster
from new_enterprises.services import RosterChanged, import_roster


class Command(BaseCommand):
    help = "导入服务企业名册（.xlsx、.xls 或 .csv）到企业库：先校验全部行，任何一行有问题即不写入并以非零状态退出。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="名册文件（.xlsx、.xls 或 .csv）")
        parser.add_argument("--unit", required=True, help="名册所属单位，如“楚雄市”“州人社局”")
        parser.add_argument("--year", type=int, help="同时将名册中的企业纳入该年度的服务计划")
        parser.add_argument("--user", help="记入变更记录的操作人用户名（默认不记操作人）")
        parser.add_argument("--dry-run", action="store_true", help="只校验并打印结果，不写入")

    def handle(self, *args, **options):
        """Validate the roster, print its counts and every bad row, and write it unless a row is bad or --dry-run."""
        unit = Unit.objects.by_name(options["unit"])
        if unit is None or unit.kind == Unit.Kind.PREFECTURE_OFFICE:
            raise CommandError(f"找不到名为“{options['unit']}”的县（市）或州级成员单位，请核对单位名称。")
        actor = None
        if options["user"]:
            actor = User.objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"找不到用户“{options['user']}”。")
        try:
            with open(options["file"], "rb") as roster:
                plan = read_roster(roster, unit=unit, user=None, year=options["year"])
        except FileNotFoundError:
            raise CommandError(f"找不到文件“{options['file']}”。") from None
        except SpreadsheetError as problem:
            raise CommandError(str(problem)) from None
        new, updated, unchanged, bad, to_include = plan.counts()
        self.stdout.write(f"单位：{unit.name}")
        self.stdout.write(f"新增 {new} 户，更新 {updated} 户，无变化 {unchanged} 户，问题行 {bad} 行")
        if options["year"]:
            self.stdout.write(f"纳入{options['year']}年计划 {to_include} 户（此前已纳入 {plan.already_included} 户）")
        for row in plan.bad_rows:
            self.stdout.write(
                f"第{row.row}行 {row.name or '（无名称）'} {row.code or '（无代码）'}：{'；'.join(row.errors)}"
            )
        if bad:
            raise CommandError(f"名册中有 {bad} 行存在问题，未写入任何数据。请改正后重新导入。")
        if options["dry_run"]:
            self.stdout.write("试运行（--dry-run）：未写入任何数据。")
            return
        try:
            result = import_roster(plan, actor=actor)
        except RosterChanged as problem:
            raise CommandError(str(problem)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"已导入：新增 {result['new']} 户，更新 {result['updated']} 户，纳入计划 {result['included']} 户。"
            )
        )
