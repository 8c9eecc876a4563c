"""The same sheets as .xlsx, .xls and .csv, for the tests that every import reads the three formats alike.

``SHEETS`` holds each sheet's rows. The .xlsx and the .csv files are written here when a test asks for them
(openpyxl; the csv module in UTF-8 with a BOM, as Excel's "CSV UTF-8" writes, or GBK, as Chinese Excel's plain
"CSV" writes). No .xls writer is among the portal's packages, so the .xls files are checked in under
``tests/files/``: they were made once by LibreOffice Calc 7.4 (Debian's ``libreoffice-calc-nogui``) converting
the .xlsx written here, by running ``python -m tests.spreadsheet_files`` where ``soffice`` is installed. Run it
again after changing a sheet below; ``test_import_formats`` fails while an .xls disagrees with its rows.
"""

import csv
import datetime
import io
import subprocess
import sys
import tempfile
from pathlib import Path

from openpyxl import Workbook

FILES = Path(__file__).parent / "files"

# Valid credit codes (GB 32100 check characters), fixed so that the checked-in .xls files can hold them.
ROSTER_CODES = ["91532301MA6N0000A8", "91532301MA6N0000BB"]
KEY_CODE = "91532301MA6N0000DH"
CASE_ORG = "楚雄市格式测试调解中心"
CASE_MEDIATOR = "格式测试调解员"

SHEETS = {
    # Every kind of cell the reader meets, below a title row and a blank row.
    "mixed": [
        ["2022年第一季度新注册企业"],
        [],
        ["企业名称", "注册时间", "人数", "比例", "是否", "成立时刻", "电话"],
        ["甲公司", datetime.date(2022, 3, 5), 12, 0.25, True, datetime.datetime(2022, 3, 5, 9, 30), 13800000000],
        ["乙公司", None, None, None, None, "+86 0878", None],
        [],
        ["丙公司", None, 13, None, False, None, "0878-3123456"],
    ],
    # The case: a roster with a title row, as a government system exports it.
    "roster": [
        ["2026年第一季度新注册企业名单"],
        ["企业名称", "统一社会信用代码", "注册时间", "住所", "联系电话", "邮政编码", "法定代表人姓名", "联络员姓名"],
        ["楚雄格式甲有限公司", ROSTER_CODES[0], datetime.date(2026, 1, 5), "楚雄市鹿城镇", "0878-3123456", "675000"],
        ["楚雄格式乙有限公司", ROSTER_CODES[1], datetime.date(2026, 2, 9), "楚雄市东瓜镇", 13800000000, "675000"],
    ],
    "coordinators": [
        [
            "姓名",
            "性别",
            "出生年月",
            "公民身份号码",
            "从业单位",
            "岗位",
            "来源",
            "职业技能等级",
            "从事本职业或相关职业起始日期",
        ],
        [
            "李建华",
            "男",
            "1980-05",
            "532301198005120015",
            "楚雄市劳动人事争议调解中心",
            "调解员",
            "区域性调解机构",
            "三级",
            datetime.date(2010, 3, 1),
        ],
    ],
    "cases": [
        [
            "调解组织",
            "案号",
            "收到申请日期",
            "申请方式",
            "劳动者一方",
            "涉及劳动者人数",
            "用人单位一方",
            "争议类型",
            "请求事项",
            "调解员",
            "调解结果",
            "结案日期",
            "协议签订日期",
            "协议金额（元）",
        ],
        [
            CASE_ORG,
            "格式-1",
            datetime.date(2024, 3, 1),
            "书面申请",
            "张三",
            1,
            "某公司",
            "劳动报酬",
            "请求支付工资",
            CASE_MEDIATOR,
            "达成调解协议",
            datetime.date(2024, 3, 5),
            datetime.date(2024, 3, 5),
            3000,
        ],
    ],
    "key_list": [
        ["统一社会信用代码", "纳入监测原因", "上年底职工数量"],
        [KEY_CODE, "生产经营困难、新业态用工", 57],
    ],
    "key_figures": [
        ["统一社会信用代码", "期末职工人数"],
        [KEY_CODE, 91],
    ],
    # A real formula (LibreOffice stores it with its cached result) in C2.
    "formula": [
        ["企业名称", "统一社会信用代码", "人数"],
        ["甲公司", ROSTER_CODES[0], "=1+1"],
    ],
}


def xlsx_bytes(name):
    workbook = Workbook()
    sheet = workbook.active
    for row in SHEETS[name]:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xls_bytes(name):
    return (FILES / f"{name}.xls").read_bytes()


def _as_excel_writes(value):
    """A value as Excel writes it into a CSV file (dates in the Chinese short form, true/false in capitals)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return f"{value.year}/{value.month}/{value.day} {value:%H:%M}"
    if isinstance(value, datetime.date):
        return f"{value.year}/{value.month}/{value.day}"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value)


def csv_bytes(name, *, encoding="utf-8-sig", delimiter=","):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in SHEETS[name]:
        writer.writerow([_as_excel_writes(value) for value in row])
    return buffer.getvalue().encode(encoding)


def make_xls_files():
    """Write every sheet as .xlsx and have LibreOffice convert it into ``tests/files/<name>.xls``."""
    FILES.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        for name in SHEETS:
            source = Path(folder) / f"{name}.xlsx"
            source.write_bytes(xlsx_bytes(name))  # openpyxl stores "=1+1" as a formula
            subprocess.run(  # noqa: S603  a fixed command on files made here
                ["soffice", "--headless", "--convert-to", "xls", "--outdir", str(FILES), str(source)],  # noqa: S607
                check=True,
                capture_output=True,
            )


if __name__ == "__main__":
    make_xls_files()
    sys.stdout.write(f"wrote {len(SHEETS)} .xls files to {FILES}\n")
