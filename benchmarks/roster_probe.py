"""The 10,000-row roster import against DATABASE_URL (a writable copy of the ×100 database), beside a plain COPY
of the same rows into the same table; prints the figures as JSON.

``bench_new_enterprises`` starts this script in a process of its own, with production settings, on a copy it
makes of BENCH_X100_DATABASE_URL (or on BENCH_ROSTER_DATABASE_URL, a copy made beforehand). Each of the RUNS
rounds times, in this order:

- **COPY**: the roster's 10,000 rows, already written in COPY's text format, copied into the enterprise table and
  committed — what PostgreSQL needs to store them, the floor of any import;
- **import**: ``read_roster`` (the file read, every row checked, the registry's existing codes and the plan's
  inclusions looked up) and ``import_roster`` (the enterprises and their history written), committed;
- **again**: the same file imported again, every row now unchanged.

After each of the COPY and the import what it wrote is deleted (the enterprises and their history entries) and
the enterprise table vacuumed, so every round starts from the ×100 data as built.
"""

import io
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chuxiong_labor.settings")

RUNS = int(os.environ.get("BENCH_ROSTER_RUNS", "3"))


def copy_text(rows):
    """The roster's rows as COPY reads them: every column of the enterprise table but the key."""
    from django.utils import timezone

    from benchmarks.bench_new_enterprises import HEADERS
    from chuxiong_labor.enterprises import Enterprise
    from chuxiong_labor.regions import Region

    field_of_header = {
        "企业名称": "name",
        "统一社会信用代码": "credit_code",
        "注册时间": "registered_on",
        "住所": "address",
        "联系电话": "phone",
        "邮政编码": "postcode",
        "法定代表人姓名": "legal_rep_name",
    }
    region_ids = dict(Region.objects.filter(level=Region.Level.COUNTY).values_list("name", "pk"))
    now = timezone.now().isoformat()
    fields = [field for field in Enterprise._meta.concrete_fields if not field.primary_key]
    lines = []
    for row in rows:
        values = {field_of_header[header]: value for header, value in zip(HEADERS, row, strict=True) if header in
                  field_of_header}  # fmt: skip
        values["region_id"] = region_ids[row[-1]]
        cells = []
        for field in fields:
            if field.attname in values:
                value = values[field.attname]
            elif field.name in ("created_at", "updated_at"):
                value = now
            else:
                value = field.get_default()
            if isinstance(value, bool):
                value = "t" if value else "f"
            cells.append(r"\N" if value is None else str(value))
        lines.append("\t".join(cells))
    columns = ", ".join(field.column for field in fields)
    return f"COPY {Enterprise._meta.db_table} ({columns}) FROM STDIN", "\n".join(lines) + "\n"


def remove(codes):
    """Delete the benchmark's enterprises and their history entries, then vacuum the enterprise table (the same
    credit codes are inserted again, and the unique index would otherwise visit each dead row; the history's new
    entries have new keys, and vacuuming its 600,000 rows would take longer than the rounds)."""
    from auditlog.context import disable_auditlog
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from chuxiong_labor.enterprises import Enterprise

    ids = list(Enterprise.objects.filter(credit_code__in=codes).values_list("pk", flat=True))
    with disable_auditlog():  # the benchmark's own clean-up is no change anyone made: it leaves no history
        LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Enterprise), object_id__in=ids).delete()
        Enterprise.objects.filter(pk__in=ids).delete()
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {Enterprise._meta.db_table}")


def main():
    import django

    django.setup()
    from auditlog.models import LogEntry
    from django.db import connection, transaction

    from benchmarks.bench_new_enterprises import ROWS, roster_bytes, roster_rows
    from chuxiong_labor.accounts import User
    from chuxiong_labor.enterprises import Enterprise
    from chuxiong_labor.units import Unit
    from new_enterprises.roster import read_roster
    from new_enterprises.services import import_roster

    rows = roster_rows()
    codes = [row[1] for row in rows]
    content = roster_bytes()
    statement, text = copy_text(rows)
    unit = Unit.objects.get(short_name="州人社局")
    actor, _ = User.objects.get_or_create(
        username="bench-new-enterprises", defaults={"role": "member_staff", "unit": unit}
    )
    remove(codes)  # a run stopped half-way left its rows
    timings = {"copy": [], "import": [], "again": []}
    counts = {}
    for _ in range(RUNS):
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.copy_expert(statement, io.StringIO(text))
        timings["copy"].append(time.perf_counter() - started)
        assert Enterprise.objects.filter(credit_code__in=codes).count() == ROWS
        remove(codes)

        started = time.perf_counter()
        plan = read_roster(io.BytesIO(content), unit=unit, user=actor)
        assert plan.is_clean and len(plan.new) == ROWS, plan.bad_rows[:3]
        import_roster(plan, actor=actor)
        timings["import"].append(time.perf_counter() - started)

        started = time.perf_counter()
        plan = read_roster(io.BytesIO(content), unit=unit, user=actor)
        assert plan.is_clean and len(plan.unchanged) == ROWS
        import_roster(plan, actor=actor)
        timings["again"].append(time.perf_counter() - started)
        counts = {"enterprises": Enterprise.objects.count(), "history": LogEntry.objects.count()}
        remove(codes)
    spreads = {name: [min(values), statistics.median(values), max(values)] for name, values in timings.items()}
    ratios = [imported / copied for imported, copied in zip(timings["import"], timings["copy"], strict=True)]
    print(json.dumps({"spreads": spreads, "ratios": ratios, "counts": counts, "load": os.getloadavg()[0]}))


if __name__ == "__main__":
    main()
