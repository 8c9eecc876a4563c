"""``make_<model>`` factories for the mediation tests."""

import datetime
import itertools

from mediation.models import Case, HolidayCorrection, Inspection, MediationOrg, Mediator
from tests.factories import unit

_counter = itertools.count(1)


def make_org(unit_name="楚雄市", **overrides):
    number = next(_counter)
    fields = {"unit": unit(unit_name), "name": f"{unit_name}测试调解中心{number}", "kind": MediationOrg.Kind.TOWNSHIP}
    fields.update(overrides)
    return MediationOrg.objects.create(**fields)


def make_mediator(org, **overrides):
    fields = {"org": org, "name": f"调解员{next(_counter)}", "employment": Mediator.Employment.FULL_TIME}
    fields.update(overrides)
    return Mediator.objects.create(**fields)


def make_case(org=None, **overrides):
    org = org or make_org()
    fields = {
        "org": org,
        "received_on": datetime.date(2024, 3, 1),
        "employee_party": f"劳动者{next(_counter)}",
        "employer_party": "测试用人单位",
        "claim": "请求支付拖欠的工资",
        "claim_kind": Case.ClaimKind.PAY,
    }
    fields.update(overrides)
    case = Case(**fields)
    case.limit_on = case.limit(HolidayCorrection.objects.calendar_for([case.received_on])).ends_on
    case.save()
    return case


def make_closed_case(org, outcome, closed_on, *, received_on=None, agreement_yuan=None, **overrides):
    agreement = outcome in Case.AGREEMENT_OUTCOMES
    return make_case(
        org,
        received_on=received_on or closed_on - datetime.timedelta(days=5),
        outcome=outcome,
        closed_on=closed_on,
        agreement_on=closed_on if agreement else None,
        agreement_yuan=agreement_yuan,
        **overrides,
    )


def make_inspection(org, **overrides):
    fields = {"org": org, "inspected_on": datetime.date(2024, 6, 20), "inspectors": "张三、李四"}
    fields.update(overrides)
    return Inspection.objects.create(**fields)
