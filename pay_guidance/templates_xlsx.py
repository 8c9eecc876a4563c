"""The survey's import templates: the employee sheet and the labour-cost sheet as .xlsx, with the importer's own
headers and drop-down lists of the allowed values (``labels.ALLOWED``; months 1–12; amounts not negative), so a
sheet filled in Excel reads cleanly. The lists live on a second sheet (可选值) that the drop-downs refer to."""

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from chuxiong_labor.lib.spreadsheets import append_row

from . import labels
from .survey_import import EMPLOYEE_COLUMNS, ENTERPRISE_COLUMNS

ROWS = 5000  # rows the drop-downs cover
KINDS = {"employees": "职工薪酬表", "enterprises": "企业人工成本表"}
_MONEY = {"basic_yuan", "bonus_yuan", "allowance_yuan", "overtime_yuan", "special_yuan", "total_yuan"}
_NOTES = {
    "employees": "每名职工一行；五项工资为全年金额（元，最多两位小数）；管理岗位层级、职称、技能等级、学历从下拉列表选择，不适用的留空。",
    "enterprises": "每户企业一行；金额单位为元，最多两位小数；利润总额可为负数。",
}


def template_workbook(kind):
    """Return the import template of ``kind`` (``employees`` or ``enterprises``)."""
    columns = EMPLOYEE_COLUMNS if kind == "employees" else ENTERPRISE_COLUMNS
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = KINDS[kind]
    names = list(columns)
    for cell in append_row(sheet, [columns[name][0] for name in names]):
        cell.font = Font(bold=True)
    choices = workbook.create_sheet("可选值")
    append_row(choices, [labels.LABELS[dimension] for dimension in labels.ALLOWED])
    for index, dimension in enumerate(labels.ALLOWED, start=1):
        for row, value in enumerate(labels.ALLOWED[dimension], start=2):
            choices.cell(row=row, column=index, value=value)
    lists = {dimension: index for index, dimension in enumerate(labels.ALLOWED, start=1)}
    for position, name in enumerate(names, start=1):
        letter = get_column_letter(position)
        cells = f"{letter}2:{letter}{ROWS + 1}"
        sheet.column_dimensions[letter].width = 16
        if name in lists:
            source = get_column_letter(lists[name])
            rule = DataValidation(
                type="list",
                formula1=f"'可选值'!${source}$2:${source}${len(labels.ALLOWED[name]) + 1}",
                allow_blank=True,
            )
            rule.error = f"请从列表中选择{labels.LABELS[name]}，不适用的留空。"
        elif name == "months_worked":
            rule = DataValidation(type="whole", operator="between", formula1="1", formula2="12")
            rule.error = "工作月数应为1至12的整数。"
        elif name in _MONEY or (kind == "enterprises" and name not in ("credit_code", "name", "profit_yuan")):
            rule = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
            rule.error = "请填写不小于0的金额（元）。"
        else:
            continue
        rule.showErrorMessage = True
        sheet.add_data_validation(rule)
        rule.add(cells)
    notes = workbook.create_sheet("填表说明")
    append_row(notes, [_NOTES[kind]])
    return workbook
