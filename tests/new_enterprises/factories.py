"""Factories for the new-enterprise ledger's tests."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from new_enterprises.models import ExpertMember, Inclusion, ServiceRecord
from tests.factories import make_enterprise, unit

HEADERS = ["企业名称", "统一社会信用代码", "注册时间", "住所", "联系电话", "邮政编码", "法定代表人姓名", "联络员姓名"]


def make_inclusion(unit_name="楚雄市", *, enterprise=None, year=2022, **overrides):
    """Include an enterprise (a new one in the unit's county by default) in ``unit_name``'s plan for ``year``."""
    owner = unit(unit_name)
    if enterprise is None:
        enterprise = make_enterprise(unit_name if owner.is_county else "楚雄市")
    fields = {"unit": owner, "enterprise": enterprise, "year": year, "department": owner.name}
    fields.update(overrides)
    return Inclusion.objects.create(**fields)


def make_service(inclusion, **overrides):
    fields = {
        "inclusion": inclusion,
        "served_on": datetime.date(inclusion.year, 4, 1),
        "kind": "policy",
        "content": "上门宣讲稳岗政策",
    }
    fields.update(overrides)
    return ServiceRecord.objects.create(**fields)


def make_expert(unit_name="楚雄市", **overrides):
    fields = {"unit": unit(unit_name), "name": "李建华", "kind": "coordinator"}
    fields.update(overrides)
    return ExpertMember.objects.create(**fields)


def workbook_bytes(rows, headers=HEADERS, *, title_rows=()):
    """Return the bytes of an .xlsx whose first sheet holds ``title_rows``, ``headers`` and ``rows``."""
    workbook = Workbook()
    sheet = workbook.active
    for row in title_rows:
        sheet.append(list(row))
    if headers:
        sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def roster_upload(rows, headers=HEADERS, *, name="名册.xlsx", **kwargs):
    return SimpleUploadedFile(name, workbook_bytes(rows, headers, **kwargs))


def roster_row(code, name="楚雄新企测试有限公司", registered="2022-03-05"):
    """Return a roster row in ``HEADERS`` order."""
    return [name, code, registered, "楚雄市鹿城镇1号", "0878-3123456", "675000", "张三", "李四"]
