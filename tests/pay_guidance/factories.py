"""Factories for annex 6 tests."""

import csv
import io
from decimal import Decimal

from pay_guidance.models import Employee, SurveyEnterprise, SurveyStatus
from tests.factories import make_enterprise, unit

HEADERS = ["统一社会信用代码", "企业名称", "职业编码", "管理岗位层级", "职称", "技能等级", "学历", "工作月数"]
HEADERS += ["基本工资", "奖金", "津贴补贴", "加班工资", "特殊情况工资"]


def make_survey(unit_name="楚雄市", *, year=2025, status=SurveyStatus.ACCEPTED, enterprise=None, **overrides):
    """Create a sampled enterprise of ``unit_name``'s survey."""
    enterprise = enterprise or make_enterprise(unit_name)
    return SurveyEnterprise.objects.create(
        unit=unit(unit_name), enterprise=enterprise, year=year, status=status, **overrides
    )


def add_employees(survey, pays, *, occupation="4-03-02-01", months=12, **labels):
    """Add one employee per yearly pay in ``pays`` (the whole pay as basic pay, paid over ``months`` months)."""
    Employee.objects.bulk_create(
        [
            Employee(
                survey=survey,
                year=survey.year,
                unit=survey.unit,
                industry=survey.enterprise.industry,
                occupation_code=occupation,
                months_worked=months,
                basic_yuan=Decimal(pay),
                bonus_yuan=0,
                allowance_yuan=0,
                overtime_yuan=0,
                special_yuan=0,
                annual_pay_yuan=Decimal(pay),
                **labels,
            )
            for pay in pays
        ]
    )


def employee_row(
    code,
    name="测试薪酬企业有限公司",
    *,
    occupation="4-03-02-01",
    months="12",
    parts=("36000", "6000", "3000", "1000", "0"),
    **labels,
):
    return [
        code,
        name,
        occupation,
        labels.get("grade", ""),
        labels.get("title", ""),
        labels.get("skill", ""),
        labels.get("education", "大学专科"),
        months,
        *parts,
    ]


def csv_bytes(rows, headers=HEADERS, *, bom=True):
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(headers)
    writer.writerows(rows)
    return ("\ufeff" if bom else "").encode() + text.getvalue().encode("utf-8")
