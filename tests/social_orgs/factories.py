"""``make_<model>`` factories for the social organisations tests."""

import itertools

from social_orgs.models import SocialOrg
from tests.factories import make_credit_code, unit

_counter = itertools.count(1)


def make_social_org(unit_name="楚雄市", **overrides):
    owner = unit(unit_name)
    fields = {
        "unit": owner,
        "name": f"{unit_name}测试社会组织{next(_counter)}",
        "credit_code": make_credit_code(owner.region.code, kind="52"),
        "kind": SocialOrg.Kind.NON_ENTERPRISE,
        "registration_authority": f"{unit_name}民政局",
        "services": ["legal", "mediation"],
        "staff_count": 5,
    }
    fields.update(overrides)
    return SocialOrg.objects.create(**fields)
