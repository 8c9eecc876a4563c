"""Every export linear in its rows (issue 21), and the largest at ×100 within 300 MB of worker memory.

Side by side in one run, three times each (min–median–max): a 26-column sheet of 2,000 and 8,000 rows written as
the exports write now (``simple_workbook``, streamed) and as they did before (``sheet.max_row`` read for every
row appended, the old ``append_row``): the growth for four times the rows (goal ≤ 5×).
With BENCH_X100_DATABASE_URL (see ``bench_pages``), each export job's function runs against that database in a
process of its own (``exports_probe.py``), BENCH_EXPORT_RUNS times (3): seconds and the process's peak memory;
the 信息库 also as it was written before (its merged ranges by openpyxl's own writer), in the same run.
BENCH_EXPORTS (a word of the labels, e.g. 信息库) measures only the exports whose label holds it.
"""

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parent.parent
COLUMNS = 26
EXPORTS = [  # (label, job kind, user, params, baseline): the largest first
    ("admin 导出 of every enterprise", "chuxiong_labor.admin_export", "admin",
     {"model": "chuxiong_labor.enterprise", "query": ""}, None),
    ("调解台账 (every case)", "mediation.case_export", "reviewer", {}, None),
    ("协调员 (every coordinator)", "coordinators.export", "reviewer", {}, None),
    ("信息库 (every inclusion)", "new_enterprises.ledger", "reviewer", {}, None),
    ("信息库, merges by openpyxl (before)", "new_enterprises.ledger", "reviewer", {}, "openpyxl-merges"),
]  # fmt: skip


def _rows(count):
    return ([f"楚雄测试企业{number}", number, "2024-03-01", "=1+1", 1234.5, *["文字"] * (COLUMNS - 5)] for number in
            range(count))  # fmt: skip


def _new(count):
    from chuxiong_labor.lib.spreadsheets import simple_workbook

    simple_workbook("表", [f"列{n}" for n in range(COLUMNS)], _rows(count)).save("/dev/null")


def _old(count):
    """The exports before issue 21: ``sheet.max_row`` (a scan of every cell) read for every row appended."""
    from chuxiong_labor.lib.spreadsheets import write_cell

    workbook = Workbook()
    sheet = workbook.active
    for values in _rows(count):
        sheet.append(values)
        row = sheet.max_row
        for column, value in enumerate(values, start=1):
            write_cell(sheet.cell(row=row, column=column), value)
    workbook.save("/dev/null")


def _spread(function, count, runs=3):
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        function(count)
        timings.append(time.perf_counter() - started)
    return min(timings), statistics.median(timings), max(timings)


def _label(spread):
    return f"(min {spread[0]:.2f} s, max {spread[2]:.2f} s)"


def _probe(url, kind, user, params, baseline):
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "false", "SECRET_KEY": "bench-" + "x" * 50}
    env.update(ALLOWED_HOSTS="testserver", SECURE_SSL_REDIRECT="false", SECURE_COOKIES="false")
    output = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "benchmarks" / "exports_probe.py"), kind, user, json.dumps(params)]
        + ([baseline] if baseline else []),
        env=env,
        capture_output=True,
        text=True,
    )
    if output.returncode:
        raise RuntimeError(output.stderr[-2000:])
    return json.loads(output.stdout.strip().splitlines()[-1])


def run():
    figures = []
    for name, function in (("now (streamed)", _new), ("before (max_row per row)", _old)):
        small, large = _spread(function, 2000), _spread(function, 8000)
        figures.append((f"{name}: 2,000 rows × {COLUMNS} {_label(small)}", small[1], "s"))
        figures.append((f"{name}: 8,000 rows × {COLUMNS} {_label(large)}", large[1], "s"))
        figures.append((f"{name}: growth for 4× the rows (goal ≤ 5)", large[1] / small[1], "×"))
    url = os.environ.get("BENCH_X100_DATABASE_URL")
    if not url:
        print("  (exports ×100: set BENCH_X100_DATABASE_URL to a database filled by seed_scale to measure them)")
        return figures
    runs = int(os.environ.get("BENCH_EXPORT_RUNS", "3"))
    only = os.environ.get("BENCH_EXPORTS", "")
    for label, kind, user, params, baseline in EXPORTS:
        if only not in label:
            continue
        results = [_probe(url, kind, user, params, baseline) for _ in range(runs)]
        seconds = sorted(result["seconds"] for result in results)
        rows, kb = results[0]["rows"], results[0]["kb"]
        spread = f"min {seconds[0]:.1f} s, max {seconds[-1]:.1f} s"
        figures.append((f"×100 {label}: {rows} rows, {kb} KB ({spread})", statistics.median(seconds), "s"))
        figures.append((f"×100 {label}: peak worker memory (goal ≤ 300)", max(r["peak_mb"] for r in results), "MB"))
    return figures
