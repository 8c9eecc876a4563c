"""Run one export job's function against DATABASE_URL in this process and print its figures as JSON.

``bench_exports`` starts this script once per export and run, so the peak resident memory it reports
(``VmHWM``, the high-water mark of this process's own memory; ``ru_maxrss`` would carry the parent's across
``exec``) is that of a worker process that did this one export: Django loaded, the export written.
The job's record is stood in for by ``Run`` (owner and progress), so the scaled database is only read.
A fourth argument ``openpyxl-merges`` writes the 信息库 the way it was before issue 21's last step, its merged
ranges by openpyxl's own writer (built as one XML tree): the baseline ``bench_exports`` measures beside it.
"""

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chuxiong_labor.settings")


class Run:
    """What an export job's function reads of its job: the owner, the unit, and progress."""

    def __init__(self, owner):
        self.owner, self.unit, self.done, self.total = owner, owner.unit, 0, None

    def progress(self, done, total=None):
        self.done, self.total = done, total if total is not None else self.total


def main(kind, username, params, baseline=None):
    import django

    django.setup()
    if baseline == "openpyxl-merges":
        from new_enterprises import exports

        exports.streamed_sheet = lambda workbook, title: workbook.create_sheet(title)
    from chuxiong_labor.lib.jobs import registered
    from chuxiong_labor.models import User

    run = Run(User.objects.get(username=username))
    export = registered(kind)
    started = time.perf_counter()
    _name, content = export(run, **params)
    seconds = time.perf_counter() - started
    status = Path("/proc/self/status").read_text()
    peak_mb = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))) / 1024
    print(json.dumps({"seconds": seconds, "rows": run.total, "kb": len(content) // 1024, "peak_mb": peak_mb}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), *sys.argv[4:])
