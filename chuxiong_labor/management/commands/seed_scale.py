import importlib
import random
import time
from collections import deque

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from chuxiong_labor import demo


def load_scaled(factor, size=1.0, *, say=lambda text: None):
    """Add the scaled data set: the kernel's ``demo.scale``, then each app's, in one transaction."""
    # The command runs with DEBUG on, which keeps the last 9,000 statements' SQL: bulk inserts of thousands of
    # rows each would hold gigabytes at ×100. Nothing reads them here.
    kept, connection.queries_log = connection.queries_log, deque(maxlen=0)
    try:
        _load_scaled(factor, size, say)
    finally:
        connection.queries_log = kept
    if connection.vendor == "postgresql":
        # Bulk loads leave the planner's statistics stale and no page marked all-visible, so plans read on this
        # data would see wrong sizes and no index-only scan (counts, a list's keys) until autovacuum came round, as
        # it does on a production database: vacuum now (outside a transaction only; a test's stays analysed).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")


def _load_scaled(factor, size, say):
    with transaction.atomic():
        started = time.perf_counter()
        demo.scale(random.Random("chuxiong_labor"), factor=factor, size=size)  # noqa: S311  not security
        say(f"已载入 企业名录 的规模测试数据（{time.perf_counter() - started:.1f} 秒）")
        for config in apps.get_app_configs():
            if config.name == "chuxiong_labor" or not config.path.startswith(str(settings.BASE_DIR)):
                continue
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError:
                continue
            if hasattr(module, "scale"):
                started = time.perf_counter()
                module.scale(random.Random(config.name), factor=factor, size=size)  # noqa: S311
                say(f"已载入 {config.verbose_name} 的规模测试数据（{time.perf_counter() - started:.1f} 秒）")


class Command(BaseCommand):
    help = (
        "Add the demo data multiplied by --factor, for measuring speed. Per factor: 1,000 enterprises; 200 "
        "coordinators; 30 mediation organisations with 90 mediators and 500 cases; 100 inclusions with 200 "
        "services; 50 social organisations with 75 candidates over four years; 160 monitored enterprises (this "
        "year and last) with 12 months of figures, 40 leads with alerts and steps, visits and bargaining records; "
        "100 surveyed enterprises with about 4,500 employee rows and 10 publications; 120 monthly reports; and the "
        "history a year of use writes on all of them (plus 100 candidates of 2020 for batch PDFs, once). Refuses "
        "to run in production; a second run only tops up."
    )

    def add_arguments(self, parser):
        parser.add_argument("--factor", type=int, required=True, help="how many times the base data set")
        parser.add_argument(
            "--size",
            type=float,
            default=1.0,
            help="a fraction of the base data set per factor (tests use a small one); 1 by default",
        )

    def handle(self, *args, factor, size, **options):
        if not (settings.DEBUG or settings.TESTING):
            raise CommandError(
                "生产环境（DEBUG 未开启）不得载入规模测试数据。如确为开发或测试环境，请设置 DEBUG=true。"
            )
        if factor < 1 or size <= 0:
            raise CommandError("--factor 须为正整数，--size 须大于0。")
        load_scaled(factor, size, say=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"规模测试数据（{factor}倍）已就绪。"))
