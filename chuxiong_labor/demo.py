"""Demo data for the kernel: users of every role and unit, a current plan cycle, and enterprises.

``manage.py seed_demo`` calls ``load`` here and then the ``demo.load`` of every annex app that has one. Each
loader is idempotent: running it twice leaves the same data.
"""

import io
import random
from collections import defaultdict
from datetime import date, timedelta

from auditlog.models import LogEntry
from django.db import transaction
from django.utils import timezone

from . import credit_code
from .accounts import User
from .enterprises import Enterprise, Industry, Ownership, SizeClass
from .lib.history import record_bulk
from .lib.jobs import Job, JobState
from .lib.spreadsheets import simple_workbook
from .quotas import PlanCycle
from .roles import Role
from .services import copy_cycle_structure
from .units import Unit

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105  documented in the README; seed_demo refuses to run in production
DEMO_CYCLE = {
    "name": "2024—2026年",
    "document": "（演示）沿用楚人社通〔2021〕32号",
    "start_year": 2024,
    "end_year": 2026,
}

COUNTY_LOGINS = {
    "楚雄市": "chuxiong",
    "禄丰市": "lufeng",
    "大姚县": "dayao",
    "元谋县": "yuanmou",
    "武定县": "wuding",
    "永仁县": "yongren",
    "姚安县": "yaoan",
    "牟定县": "mouding",
    "南华县": "nanhua",
    "双柏县": "shuangbai",
}
MEMBER_LOGINS = {"州人社局": "renshe", "州总工会": "gonghui", "州工信局": "gongxin", "州工商联": "gongshanglian"}
PEOPLE = ["李", "王", "张", "杨", "赵", "罗", "普", "者", "起", "鲁", "何", "施"]
GIVEN = ["建华", "丽萍", "志刚", "玉芬", "国庆", "海燕", "文彬", "春梅", "云峰", "桂兰", "明", "琼"]
TRADES = [
    ("食品", Industry.C),
    ("烟草配套", Industry.C),
    ("绿色硅", Industry.C),
    ("建材", Industry.C),
    ("建筑工程", Industry.E),
    ("物流", Industry.G),
    ("商贸", Industry.F),
    ("酒店管理", Industry.H),
    ("农业开发", Industry.A),
    ("矿业", Industry.B),
    ("信息技术", Industry.I),
    ("物业服务", Industry.O),
]


def make_credit_code(rng, region_code):
    """Return a valid market-regulation credit code for an enterprise registered in ``region_code``."""
    body = "91" + region_code + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
    return body + credit_code.check_character(body)


def person_name(rng):
    return rng.choice(PEOPLE) + rng.choice(GIVEN)


def users():
    """Create (or reset) one demo user per role and per unit; return them by username."""
    specs = [
        ("admin", "州三方办系统管理员", Role.ADMIN, None),
        ("reviewer", "州三方办审核员", Role.REVIEWER, None),
        ("leader", "州领导", Role.LEADER, None),
    ]
    for unit in Unit.objects.counties():
        specs.append((COUNTY_LOGINS[unit.short_name], f"{unit.short_name}三方办", Role.COUNTY_STAFF, unit))
    for unit in Unit.objects.member_units():
        specs.append((MEMBER_LOGINS[unit.short_name], f"{unit.short_name}联络员", Role.MEMBER_STAFF, unit))
    created = {}
    for username, full_name, role, unit in specs:
        user, _ = User.objects.get_or_create(username=username)
        user.full_name, user.role, user.unit = full_name, role, unit
        user.is_staff = user.is_superuser = role == Role.ADMIN
        user.set_password(DEMO_PASSWORD)
        user.save()
        created[username] = user
    return created


def cycle():
    """Create the demo's current plan cycle, a copy of 2021—2023 with its values, unless it exists."""
    existing = PlanCycle.objects.filter(name=DEMO_CYCLE["name"]).first()
    if existing:
        return existing
    source = PlanCycle.objects.order_by("start_year").first()
    demo = PlanCycle.objects.create(**DEMO_CYCLE)
    copy_cycle_structure(source, demo, copy_values=True)
    return demo


def enterprises(rng, per_county=22):
    """Create ``per_county`` demo enterprises in each county (idempotent: keyed by name). Annex 5's list needs up
    to 20 monitored enterprises per county and two more each for the member units."""
    sizes = [SizeClass.LARGE, SizeClass.MEDIUM, SizeClass.MEDIUM] + [SizeClass.SMALL] * 4 + [SizeClass.MICRO] * 5
    for unit in Unit.objects.counties().select_related("region"):
        stem = unit.short_name[:-1]
        for index in range(per_county):
            trade, industry = TRADES[index % len(TRADES)]
            name = f"{unit.short_name}{stem}{trade}{'有限公司' if index % 3 else '有限责任公司'}"
            if index >= len(TRADES):
                name = name.replace("有限", f"第{index // len(TRADES) + 1}有限")
            if Enterprise.objects.filter(name=name).exists():
                continue
            Enterprise.objects.create(
                name=name,
                credit_code=make_credit_code(rng, unit.region.code),
                registered_on=min(
                    date(2020 + rng.randrange(7), rng.randrange(1, 13), rng.randrange(1, 28)), timezone.localdate()
                ),
                region=unit.region,
                address=f"云南省楚雄彝族自治州{unit.short_name}{rng.choice(['鹿城镇', '金山镇', '经开区', '工业园区'])}{rng.randrange(1, 300)}号",
                postcode="675000",
                phone=f"0878-{rng.randrange(3000000, 3999999)}",
                industry=industry,
                size_class=sizes[index % len(sizes)],
                ownership=rng.choice([Ownership.PRIVATE, Ownership.PRIVATE, Ownership.STATE, Ownership.JOINT_STOCK]),
                legal_rep_name=person_name(rng),
                legal_rep_mobile=f"139{rng.randrange(10000000, 99999999)}",
                liaison_name=person_name(rng),
                liaison_mobile=f"138{rng.randrange(10000000, 99999999)}",
                liaison_email=f"hr{rng.randrange(100, 999)}@example.com",
            )


def jobs(people):
    """Give every demo user one finished job with a small file, so that the job pages have something to show."""
    now = timezone.now()
    workbook = simple_workbook("示例", ["说明"], [["这是一个示例文件。"]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    for user in people.values():
        Job.objects.get_or_create(
            owner=user,
            kind="demo",
            defaults={
                "title": "示例文件",
                "state": JobState.DONE,
                "done": 1,
                "total": 1,
                "filename": "示例.xlsx",
                "result": buffer.getvalue(),
                "started_at": now,
                "finished_at": now,
                "expires_at": now + timedelta(days=3650),
            },
        )


@transaction.atomic
def load(rng=None):
    """Load the kernel's demo data."""
    rng = rng or random.Random(2021)  # noqa: S311  demo data, not security
    jobs(users())
    cycle()
    enterprises(rng)


SCALE_MARK = "规模"  # names of the records ``seed_scale`` adds start with it, so a second run only tops them up
SCALE_BATCH = 2000


def scaled_count(base, factor, size):
    """Return how many records of a kind ``seed_scale --factor`` wants: ``base`` per factor, times ``size``."""
    return max(1, round(base * factor * size))


def scale(rng, *, factor, size=1.0):
    """Add enterprises until there are 1,000 × ``factor`` × ``size`` scaled ones, spread over the counties."""
    counties = list(Unit.objects.counties().select_related("region"))
    sizes = [SizeClass.LARGE, SizeClass.MEDIUM] + [SizeClass.SMALL] * 4 + [SizeClass.MICRO] * 6
    have = Enterprise.objects.filter(name__startswith=SCALE_MARK).count()
    wanted = scaled_count(1000, factor, size)
    for start in range(have, wanted, SCALE_BATCH * 5):  # a slice at a time, so memory stays flat at any factor
        _scale_enterprises(rng, range(start, min(start + SCALE_BATCH * 5, wanted)), counties, sizes)


def _scale_enterprises(rng, indexes, counties, sizes):
    batch = []
    for index in indexes:
        unit = counties[index % len(counties)]
        trade, industry = TRADES[index % len(TRADES)]
        body = "91" + unit.region.code + f"Y{index:08d}"
        batch.append(
            Enterprise(
                name=f"{SCALE_MARK}{unit.short_name}{trade}{index:06d}有限公司",
                credit_code=body + credit_code.check_character(body),
                registered_on=date(2020 + index % 7, 1 + index % 12, 1 + index % 28),
                region=unit.region,
                address=f"云南省楚雄彝族自治州{unit.short_name}工业园区{index % 300 + 1}号",
                industry=industry,
                size_class=sizes[index % len(sizes)],
                ownership=Ownership.PRIVATE,
                legal_rep_name=person_name(rng),
                liaison_name=person_name(rng),
                liaison_mobile=f"138{rng.randrange(10000000, 99999999)}",
            )
        )
    created = Enterprise.objects.bulk_create(batch, batch_size=SCALE_BATCH)
    county_of = {unit.region_id: unit.pk for unit in counties}
    record_scaled(
        created,
        rng=rng,
        unit_of=lambda enterprise: county_of[enterprise.region_id],
        changes=lambda enterprise: (
            {"liaison_mobile": ("", enterprise.liaison_mobile)} if enterprise.pk % 3 == 0 else None
        ),
    )


def record_scaled(objects, *, rng, unit_of=lambda obj: obj.unit_id, changes=None):
    """Write the history a year of use leaves on ``objects``, scaled records just bulk-created (which model
    signals never see): each one's creation by a user of its unit (``unit_of``) at a time in the last year, and,
    when ``changes(obj)`` gives ``{field: (old, new)}`` rather than None, one later edit or state change of it.

    Each object's ``__str__`` must read only its own row (or relations already loaded): the history keeps it."""
    if not objects:
        return
    actors = {}
    for user in User.objects.filter(unit__isnull=False).order_by("-pk"):
        actors[user.unit_id] = user  # the unit's first user wins
    fallback = User.objects.filter(role=Role.REVIEWER).order_by("pk").first()
    now = timezone.now()
    created, edited = defaultdict(list), defaultdict(list)
    for obj in objects:
        actor = actors.get(unit_of(obj), fallback)
        at = now - timedelta(seconds=rng.randrange(365 * 86400))
        created[actor].append((obj, at))
        changed = changes(obj) if changes else None
        if changed:
            later = min(at + timedelta(days=rng.randrange(1, 60), seconds=rng.randrange(86400)), now)
            edited[actor].append((obj, later, changed))
    for actor, rows in created.items():
        for start in range(0, len(rows), SCALE_BATCH):
            chunk = rows[start : start + SCALE_BATCH]
            record_bulk(
                [obj for obj, _at in chunk], action=LogEntry.Action.CREATE, actor=actor, at=[at for _obj, at in chunk]
            )
    for actor, rows in edited.items():
        for start in range(0, len(rows), SCALE_BATCH):
            chunk = rows[start : start + SCALE_BATCH]
            record_bulk(
                [obj for obj, _at, _changed in chunk],
                action=LogEntry.Action.UPDATE,
                actor=actor,
                changes=[changed for _obj, _at, changed in chunk],
                at=[at for _obj, at, _changed in chunk],
            )
