"""Importing survey files: CSV (with or without BOM) and xlsx, every row's errors, all-or-nothing, the command."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from chuxiong_labor.enterprises import Enterprise
from pay_guidance.models import Employee, SurveyEnterprise, SurveyStatus
from pay_guidance.services import import_survey
from pay_guidance.survey_import import read_survey
from tests.factories import make_credit_code, unit
from tests.pay_guidance.factories import HEADERS, add_employees, csv_bytes, employee_row, make_survey

pytestmark = pytest.mark.django_db


def plan_of(content, name="survey.csv", unit_name="楚雄市"):
    return read_survey(SimpleUploadedFile(name, content), unit=unit(unit_name), year=2025)


def messages(plan):
    return [problem.message for problem in plan.errors]


def test_a_csv_with_a_byte_order_mark_is_read():
    plan = plan_of(csv_bytes([employee_row(make_credit_code())], bom=True))
    assert plan.is_clean and plan.row_count == 1


def test_a_csv_without_a_byte_order_mark_is_read():
    plan = plan_of(csv_bytes([employee_row(make_credit_code())], bom=False))
    assert plan.is_clean and plan.row_count == 1


def test_an_xlsx_file_is_read():
    workbook = Workbook()
    workbook.active.append(HEADERS)
    workbook.active.append(employee_row(make_credit_code()))
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert plan_of(buffer.getvalue(), "survey.xlsx").is_clean


def test_a_gbk_csv_as_chinese_excel_saves_it_is_read_like_a_utf8_one():
    content = csv_bytes([employee_row(make_credit_code())], bom=False).decode("utf-8").encode("gbk")
    plan = plan_of(content)
    assert (plan.is_clean, plan.row_count) == (True, 1)


def test_a_tab_separated_file_is_read_like_a_csv():
    content = csv_bytes([employee_row(make_credit_code())], bom=False).decode("utf-8").replace(",", "\t")
    assert plan_of(content.encode("gb18030")).is_clean


def test_missing_columns_are_named():
    from chuxiong_labor.lib.spreadsheets import SpreadsheetError

    with pytest.raises(SpreadsheetError, match="特殊情况工资"):
        plan_of(csv_bytes([employee_row(make_credit_code())[:-1]], HEADERS[:-1]))


def test_a_malformed_occupation_code_is_an_error():
    plan = plan_of(csv_bytes([employee_row(make_credit_code(), occupation="9-03-02-01")]))
    assert "大类为1至8" in messages(plan)[0]


def test_a_well_formed_code_missing_from_the_list_is_only_a_warning():
    plan = plan_of(csv_bytes([employee_row(make_credit_code(), occupation="4-99-99-99")]))
    assert plan.is_clean and "不在本平台的职业名录中" in plan.warnings[0].message


def test_parts_that_do_not_add_up_to_the_stated_total_are_an_error():
    headers = [*HEADERS, "年工资合计"]
    plan = plan_of(csv_bytes([[*employee_row(make_credit_code()), "99999"]], headers))
    assert "与“年工资合计”" in messages(plan)[0]


def test_a_duplicate_staff_number_is_an_error():
    code = make_credit_code()
    headers = [*HEADERS, "员工编号"]
    plan = plan_of(csv_bytes([[*employee_row(code), "A1"], [*employee_row(code), "A1"]], headers))
    assert "重复" in messages(plan)[0]


def test_an_enterprise_of_another_county_is_an_error():
    plan = plan_of(csv_bytes([employee_row(make_credit_code("532322"))]))
    assert "不在楚雄市辖区" in messages(plan)[0]


def test_an_unknown_enterprise_is_added_to_the_registry_on_import(county_user):
    code = make_credit_code()
    plan = plan_of(csv_bytes([employee_row(code, "新调查企业有限公司")] * 2))
    assert list(plan.new_enterprises) == [code]
    import_survey(plan, actor=county_user)
    survey = SurveyEnterprise.objects.get(enterprise__credit_code=code)
    assert survey.enterprise.name == "新调查企业有限公司" and survey.employee_count == 2
    assert survey.status == SurveyStatus.SUBMITTED


def test_yearly_pay_is_the_sum_of_the_five_parts(county_user):
    import_survey(plan_of(csv_bytes([employee_row(make_credit_code())])), actor=county_user)
    assert str(Employee.objects.get().annual_pay_yuan) == "46000.00"


def test_a_file_with_one_bad_row_writes_nothing(county_user):
    rows = [employee_row(make_credit_code()), employee_row(make_credit_code(), months="13")]
    plan = plan_of(csv_bytes(rows))
    assert not plan.is_clean
    with pytest.raises(Exception, match="错误行"):
        import_survey(plan, actor=county_user)
    assert not Enterprise.objects.exists() and not Employee.objects.exists()


def test_a_new_import_replaces_the_enterprises_employee_rows(county_user):
    survey = make_survey(status=SurveyStatus.RETURNED)
    add_employees(survey, [50000] * 3)
    import_survey(
        plan_of(csv_bytes([employee_row(survey.enterprise.credit_code, survey.enterprise.name)])), actor=county_user
    )
    assert Employee.objects.filter(survey=survey).count() == 1


def test_an_accepted_survey_cannot_be_imported_again():
    survey = make_survey(status=SurveyStatus.ACCEPTED)
    plan = plan_of(csv_bytes([employee_row(survey.enterprise.credit_code, survey.enterprise.name)]))
    assert "已经州级验收" in messages(plan)[0]


def test_the_command_exits_non_zero_and_writes_nothing_when_a_row_is_bad(tmp_path):
    path = tmp_path / "survey.csv"
    path.write_bytes(csv_bytes([employee_row(make_credit_code()), employee_row("91532301MA6K000000")]))
    with pytest.raises(CommandError):
        call_command("import_pay_survey", str(path), year=2025, unit="楚雄市", stdout=io.StringIO())
    assert not Employee.objects.exists()


def test_the_command_dry_run_writes_nothing(tmp_path):
    path = tmp_path / "survey.csv"
    path.write_bytes(csv_bytes([employee_row(make_credit_code())]))
    call_command("import_pay_survey", str(path), year=2025, unit="楚雄市", dry_run=True, stdout=io.StringIO())
    assert not Employee.objects.exists()


def test_the_command_imports_and_wage_levels_writes_the_json(tmp_path):
    codes = [make_credit_code() for _ in range(3)]
    rows = [employee_row(code, f"企业{index}") for index, code in enumerate(codes) for _ in range(10)]
    path = tmp_path / "survey.csv"
    path.write_bytes(csv_bytes(rows))
    call_command("import_pay_survey", str(path), year=2025, unit="楚雄市", stdout=io.StringIO())
    SurveyEnterprise.objects.update(status=SurveyStatus.ACCEPTED)
    output = tmp_path / "table.json"
    call_command("wage_levels", year=2025, format="json", output=str(output), stdout=io.StringIO())
    first = json.loads(output.read_text(encoding="utf-8"))[0]
    assert first == {
        "dimension": "all",
        "key": "all",
        "n_people": 30,
        "n_enterprises": 3,
        "n_part_year": 0,
        "suppressed": False,
        "p10": "46000.00",
        "p25": "46000.00",
        "p50": "46000.00",
        "p75": "46000.00",
        "p90": "46000.00",
        "mean": "46000.00",
    }


def test_a_binary_file_is_refused_with_a_message():
    from chuxiong_labor.lib.spreadsheets import SpreadsheetError

    with pytest.raises(SpreadsheetError, match="不是 Excel 文件（.xlsx、.xls），也不是 UTF-8 或 GBK 编码的 CSV"):
        plan_of(b"\x00\x01\x02binary" * 100)


def test_a_file_that_looks_like_an_xlsx_but_is_not_is_refused():
    from chuxiong_labor.lib.spreadsheets import SpreadsheetError

    with pytest.raises(SpreadsheetError):
        plan_of(b"PK\x03\x04not really a zip", "survey.xlsx")


def test_the_enterprise_sheet_is_recognised_and_its_parts_must_add_up():
    headers = [
        "统一社会信用代码",
        "企业名称",
        "从业人员平均人数",
        "从业人员工资总额",
        "社会保险费用",
        "福利费用",
        "教育经费",
    ]
    headers += [
        "劳动保护费用",
        "住房费用",
        "其他人工成本",
        "人工成本总额",
        "成本费用总额",
        "营业收入",
        "增加值",
        "利润总额",
    ]
    row = [make_credit_code(), "成本企业有限公司", "100", "5000000", "1100000", "200000", "75000", "50000", "250000"]
    row += ["25000", "9999999", "30000000", "33000000", "12000000", "-300000"]
    plan = plan_of(csv_bytes([row], headers))
    assert plan.kind == "enterprises" and "人工成本七个组成部分之和为6700000.00元" in messages(plan)[0]


def test_staff_numbers_with_backslashes_are_stored_as_written(county_user):
    plan = plan_of(csv_bytes([[*employee_row(make_credit_code()), "GZ\\007"]], [*HEADERS, "员工编号"]))
    import_survey(plan, actor=county_user)
    assert Employee.objects.get().staff_number == "GZ\\007"


def test_a_synonym_is_stored_as_its_label(county_user):
    plan = plan_of(csv_bytes([employee_row(make_credit_code(), education="本科", title="中级", skill="高级工")]))
    import_survey(plan, actor=county_user)
    stored = Employee.objects.get()
    assert (stored.education, stored.title, stored.skill_grade) == ("大学本科", "中级职称", "高级技能")


def test_a_label_outside_the_list_is_refused_with_the_list():
    plan = plan_of(csv_bytes([employee_row(make_credit_code(), education="函授")]))
    assert messages(plan) == [
        "“学历”填的“函授”不在规定的分类中，请改为其中之一：研究生、大学本科、大学专科、高中及中专、初中及以下（不适用的留空）。"
    ]


def test_a_blank_label_is_allowed():
    assert plan_of(csv_bytes([employee_row(make_credit_code(), education="")])).is_clean


def test_a_misnamed_row_is_blamed_not_the_rows_that_are_right(county_user):
    code = make_credit_code()
    rows = [employee_row(code, "错名有限公司")] + [employee_row(code, "正名有限公司") for _ in range(3)]
    plan = plan_of(csv_bytes(rows))
    assert [(note.row, note.message) for note in plan.warnings] == [
        (2, "企业名称“错名有限公司”与该企业其他3行的“正名有限公司”不同，按“正名有限公司”导入；请核对本行的企业名称。")
    ]
    import_survey(plan, actor=county_user)
    assert Enterprise.objects.get(credit_code=code).name == "正名有限公司"


def test_a_nul_past_the_first_64_kb_is_refused_naming_its_row():
    from chuxiong_labor.lib.spreadsheets import SpreadsheetError

    rows = [employee_row(make_credit_code()) for _ in range(1000)]
    bad = employee_row(make_credit_code())
    bad[1] = "甲\x00公司"
    content = csv_bytes([*rows, bad], bom=False)
    assert len(content) > 64 * 1024
    with pytest.raises(SpreadsheetError, match="第1002行含有空字符"):
        plan_of(content)


def test_a_header_read_twice_is_refused():
    from chuxiong_labor.lib.spreadsheets import SpreadsheetError

    row = employee_row(make_credit_code())
    with pytest.raises(SpreadsheetError, match="表头“职业编码”出现了2次（C列和N列）"):
        plan_of(csv_bytes([[*row, row[2]]], [*HEADERS, "职业 编码"]))


def test_a_file_of_headers_only_is_refused():
    from chuxiong_labor.lib.spreadsheets import SpreadsheetError

    with pytest.raises(SpreadsheetError, match="文件只有表头，没有数据行"):
        plan_of(csv_bytes([]))


def test_the_preview_keeps_no_employee_row_and_the_rows_are_written_from_the_file_read_again():
    code = make_credit_code()
    plan = plan_of(csv_bytes([employee_row(code), employee_row(code)]))
    assert plan.employee_counts == {code: 2} and not hasattr(plan, "employees")
    import_survey(plan, actor=None)
    assert Employee.objects.filter(survey__enterprise__credit_code=code).count() == 2


def test_each_bad_cell_is_named_by_its_row_and_column():
    rows = [employee_row(make_credit_code()) for _ in range(4)]
    rows[0][2] = "4-3-2-1"
    rows[1][7] = "13"
    rows[2][6] = "博士后"
    rows[3][8] = "abc"
    named = [(problem.row, problem.field) for problem in plan_of(csv_bytes(rows)).errors]
    assert named == [(2, "职业编码"), (3, "工作月数"), (4, "学历"), (5, "基本工资")]


def test_a_bad_cell_of_the_enterprise_sheet_is_named_by_its_row_and_column():
    headers = ["统一社会信用代码", "企业名称", "从业人员平均人数", "从业人员工资总额", "社会保险费用", "福利费用"]
    headers += [
        "教育经费",
        "劳动保护费用",
        "住房费用",
        "其他人工成本",
        "成本费用总额",
        "营业收入",
        "增加值",
        "利润总额",
    ]
    row = [
        make_credit_code(),
        "测试企业有限公司",
        "0",
        "100",
        "10",
        "1",
        "1",
        "1",
        "1",
        "1",
        "1000",
        "2000",
        "500",
        "x",
    ]
    named = [(problem.row, problem.field) for problem in plan_of(csv_bytes([row], headers=headers)).errors]
    assert named == [(2, "从业人员平均人数"), (2, "利润总额")]
