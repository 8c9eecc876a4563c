import importlib
import random

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from chuxiong_labor import demo


class Command(BaseCommand):
    help = "Load idempotent demo users and records for every role, unit and annex. Refuses to run in production."

    def handle(self, *args, **options):
        """Load the kernel's demo data, then each annex app's ``demo.load``."""
        if not (settings.DEBUG or settings.TESTING):
            raise CommandError("生产环境（DEBUG 未开启）不得载入演示数据。如确为开发环境，请设置 DEBUG=true。")
        # Each app draws from its own generator, so what one app happens to skip on a second run cannot change
        # what the next app draws.
        demo.load(random.Random("chuxiong_labor"))  # noqa: S311  demo data, not security
        for config in apps.get_app_configs():
            if config.name == "chuxiong_labor" or not config.path.startswith(str(settings.BASE_DIR)):
                continue
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError:
                continue
            module.load(random.Random(config.name))  # noqa: S311  demo data, not security
            self.stdout.write(f"已载入 {config.verbose_name} 的演示数据")
        self.stdout.write(self.style.SUCCESS(f"演示数据已就绪。所有演示账号的密码均为 {demo.DEMO_PASSWORD}"))
