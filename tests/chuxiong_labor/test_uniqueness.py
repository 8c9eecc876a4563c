"""A value that must be unique, when taken, is refused in plain Chinese naming the record that holds it."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from chuxiong_labor.models import Region
from key_enterprises.models import WageSetting

pytestmark = pytest.mark.django_db


def test_a_taken_value_names_its_holder():
    taken = Region(code="532301", name="另一个楚雄市", level=Region.objects.get(code="532301").level)
    with pytest.raises(ValidationError) as refused:
        taken.validate_unique()
    assert refused.value.messages == ["该行政区划代码已登记（楚雄市）。"]


def test_a_taken_set_of_values_names_its_holder_after_a_colon():
    first = WageSetting.objects.create(
        kind=WageSetting.Kind.AVERAGE,
        year=2025,
        amount_yuan=Decimal("8000.00"),
        effective_on="2025-01-01",
        source="统计公报",
    )
    with pytest.raises(ValidationError) as refused:
        WageSetting(kind=first.kind, year=2025, amount_yuan=8100, source="另一来源").validate_constraints()
    assert refused.value.messages == [f"已有同一类别、同一适用年度的工资标准：{first}。"]
