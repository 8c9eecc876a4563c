"""Small ``make_<model>(**overrides)`` factories for tests. Every app adds its own below or in its test package."""

import itertools
import random

from chuxiong_labor import credit_code
from chuxiong_labor.models import Enterprise, Unit, User
from chuxiong_labor.roles import Role

_counter = itertools.count(1)
_rng = random.Random(7)  # noqa: S311  test data

TEST_PASSWORD = "test-pass-2026"


def unit(short_name):
    """Return the seeded unit called ``short_name`` (loaded by migrations)."""
    return Unit.objects.get(short_name=short_name)


def make_credit_code(region_code="532301", kind="91"):
    """Return a fresh valid credit code registered in ``region_code``."""
    body = kind + region_code + "".join(_rng.choice(credit_code.ALPHABET) for _ in range(9))
    return body + credit_code.check_character(body)


def make_user(role=Role.COUNTY_STAFF, unit_name="楚雄市", **overrides):
    """Create a user of ``role``; unit-scoped roles belong to ``unit_name``."""
    number = next(_counter)
    fields = {
        "username": f"user{number}",
        "full_name": f"测试用户{number}",
        "role": role,
        "unit": unit(unit_name) if role in (Role.COUNTY_STAFF, Role.MEMBER_STAFF) else None,
        "is_staff": role == Role.ADMIN,
        "is_superuser": role == Role.ADMIN,
    }
    fields.update(overrides)
    user = User(**fields)
    user.set_password(TEST_PASSWORD)
    user.save()
    return user


def make_enterprise(unit_name="楚雄市", **overrides):
    """Create an enterprise in the county of ``unit_name``."""
    owner = unit(unit_name)
    number = next(_counter)
    fields = {
        "name": f"{owner.short_name}测试企业{number}有限公司",
        "credit_code": make_credit_code(owner.region.code),
        "region": owner.region,
        "size_class": "small",
        "industry": "C",
    }
    fields.update(overrides)
    return Enterprise.objects.create(**fields)


def inert_text(cell):
    """Return the text of an exported cell that a spreadsheet shows as typed and never runs (a quote-prefixed
    text cell), or None for any other cell."""
    return cell.value if cell.data_type == "s" and cell.quotePrefix else None


def seat_panel(round, *members, quorum=1):
    """Appoint ``members`` to ``round``'s review panel, with ``quorum``; return the round."""
    round.panel_members.add(*members)
    round.panel_quorum = quorum
    round.save(update_fields=["panel_quorum"])
    return round
