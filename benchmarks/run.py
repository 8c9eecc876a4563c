"""Run every benchmark (``benchmarks/bench_*.py``) and print its figures.

Each module exposes ``run() -> list[tuple[name, value, unit]]``. The benchmarks run in a throw-away test
database created from the configured one (set DATABASE_URL for PostgreSQL, as production runs), so they never
touch real data. They print their figures; they never fail a build.
"""

import importlib
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chuxiong_labor.settings")


def main(selected):
    import django

    django.setup()
    modules = sorted(path.stem for path in (ROOT / "benchmarks").glob("bench_*.py"))
    if selected:
        modules = [name for name in modules if any(word in name for word in selected)]
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        print(f"benchmarks on {connection.vendor}, Python {sys.version.split()[0]}")
        for name in modules:
            module = importlib.import_module(f"benchmarks.{name}")
            for label, value, unit in module.run():
                print(f"  {name[6:]:<22} {label:<55} {value:>10.3f} {unit}", flush=True)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main(sys.argv[1:])
