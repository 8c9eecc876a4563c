"""The memory of an import's preview on the largest file it accepts (goal: peak RSS < 500 MB).

Annex 6's survey import takes CSV files up to ``PAY_SURVEY_MAX_UPLOAD_BYTES`` (200 MB). This writes an employee
CSV of about ``SURVEY_MB`` MB to a temporary file (a row at a time, so the file never sits in memory), hands it to
the preview as Django hands a large upload (a file on disk), and measures the process's peak resident set size
while the preview reads, checks and holds the file: Linux's high-water mark (``VmHWM``) is reset just before
(``/proc/self/clear_refs``), so earlier benchmarks do not count. It runs with ``DEBUG`` off, as production does: a
development ``.env`` turns it on, and Django then keeps the text of every query, file parts included. The time is
printed too. ``BENCH_SURVEY_MB=200`` measures the largest file accepted.
"""

import csv
import os
import random
import tempfile
import time

SURVEY_MB = int(os.environ.get("BENCH_SURVEY_MB", "100"))
PER_ENTERPRISE = 400


def write_survey_csv(path, megabytes, rng):
    """Write an employee CSV of about ``megabytes`` MB (enterprises of ``PER_ENTERPRISE`` employees) to ``path``;
    return its number of data rows."""
    from chuxiong_labor import credit_code
    from pay_guidance.occupations import KNOWN

    codes = list(KNOWN)
    limit = megabytes * 1024 * 1024
    rows, seen, enterprise = 0, set(), None
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["统一社会信用代码", "企业名称", "职业编码", "管理岗位层级", "职称", "技能等级", "学历", "工作月数"]
            + ["基本工资", "奖金", "津贴补贴", "加班工资", "特殊情况工资", "员工编号"]
        )
        while True:
            if rows % 1000 == 0 and handle.tell() >= limit:
                break
            if rows % PER_ENTERPRISE == 0:
                while True:
                    body = "91532301" + "".join(rng.choice(credit_code.ALPHABET) for _ in range(9))
                    code = body + credit_code.check_character(body)
                    if code not in seen:
                        seen.add(code)
                        break
                enterprise = (code, f"内存基准薪酬企业{len(seen)}有限公司")
            basic = rng.randrange(24000, 90000)
            writer.writerow(
                [
                    *enterprise,
                    rng.choice(codes),
                    rng.choice(["", "", "", "基层管理岗", "中层管理岗"]),
                    rng.choice(["", "", "中级职称", "初级职称"]),
                    rng.choice(["", "", "中级技能", "高级技能", "技师"]),
                    rng.choice(["大学本科", "大学专科", "高中及中专"]),
                    12,
                    f"{basic}.00",
                    f"{rng.randrange(0, 20000)}.50",
                    rng.randrange(0, 8000),
                    rng.randrange(0, 3000),
                    0,
                    f"E{rows % PER_ENTERPRISE:05d}",
                ]
            )
            rows += 1
    return rows


def peak_rss_reset():
    """Reset the process's peak resident set size to its current size (Linux)."""
    with open("/proc/self/clear_refs", "w") as handle:
        handle.write("5")


def peak_rss_mb():
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def current_rss_mb():
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def run():
    import gc

    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import UploadedFile
    from django.test import override_settings

    from chuxiong_labor.lib import uploads
    from chuxiong_labor.units import Unit
    from pay_guidance.survey_import import read_survey
    from pay_guidance.views import UPLOAD_PURPOSE

    figures = []
    unit = Unit.objects.get(short_name="楚雄市")
    user = get_user_model().objects.create(username="bench-uploads")
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "survey.csv")
        rows = write_survey_csv(path, SURVEY_MB, random.Random(7))
        size = os.path.getsize(path)
        gc.collect()
        before = current_rss_mb()
        peak_rss_reset()
        started = time.perf_counter()
        with override_settings(DEBUG=False), open(path, "rb") as handle:
            uploaded = UploadedFile(handle, name="survey.csv", content_type="text/csv", size=size)
            plan = read_survey(uploaded, unit=unit, year=2025)
            assert plan.is_clean, list(plan.errors)[:3]
            checked = peak_rss_mb()
            uploads.hold(uploaded, user=user, purpose=UPLOAD_PURPOSE, unit=unit.pk, year=2025, counts=plan.counts())
        elapsed = time.perf_counter() - started
        peak = peak_rss_mb()
    figures.append((f"survey preview of a {size / 1024 / 1024:.0f} MB CSV ({rows:,} rows): time", elapsed, "s"))
    figures.append(("  peak RSS during the preview (goal < 500 MB)", peak, "MB"))
    figures.append(("  of which peak RSS while reading and checking", checked, "MB"))
    figures.append(("  RSS before the preview", before, "MB"))
    return figures
