import pytest
from django.core.exceptions import ValidationError

from chuxiong_labor import credit_code, resident_id

VALID_CODES = [
    "91110000600037341L",
    "91310115MA1K3BTP2B",
    "121200004013590816",
    "91620105L015101280",
    "91350100M000100Y43",
]
BAD_CHECK_CODES = ["91110000600037341N", "91350100M000100Y4Z"]
BAD_SHAPE_CODES = ["9111000060003IOZSV"]
VALID_IDS = ["360426199101010071", "44011320141005001X", "110102199101010078"]
INVALID_IDS = ["36042619910102009X"]


@pytest.mark.parametrize("code", VALID_CODES)
def test_valid_credit_codes_pass(code):
    assert credit_code.is_valid(code)
    credit_code.validate_credit_code(code)


@pytest.mark.parametrize("code", BAD_CHECK_CODES + BAD_SHAPE_CODES)
def test_invalid_credit_codes_fail_with_a_chinese_message(code):
    with pytest.raises(ValidationError) as error:
        credit_code.validate_credit_code(code)
    assert "统一社会信用代码" in error.value.messages[0]


def test_wrong_check_character_names_the_expected_one():
    assert "应为“L”" in credit_code.problem("91110000600037341N")


def test_letter_first_codes_are_accepted_unlike_python_stdnum():
    body = "Y1532301" + "MA6N12345"
    assert credit_code.is_valid(body + credit_code.check_character(body))


def test_credit_code_is_normalised_before_checking():
    assert credit_code.is_valid(" 91310115ma1k3btp2b ")


def test_social_organisation_codes_must_start_with_5():
    body = "51532301" + "MJ0000001"
    credit_code.validate_social_org_credit_code(body + credit_code.check_character(body))
    with pytest.raises(ValidationError):
        credit_code.validate_social_org_credit_code("91310115MA1K3BTP2B")


@pytest.mark.parametrize("number", VALID_IDS + ["44011320141005001x"])
def test_valid_resident_ids_pass(number):
    assert resident_id.is_valid(number)


@pytest.mark.parametrize("number", INVALID_IDS)
def test_invalid_resident_ids_fail(number):
    with pytest.raises(ValidationError) as error:
        resident_id.validate_resident_id(number)
    assert "校验位" in error.value.messages[0]


def test_resident_id_with_impossible_birth_date_fails():
    assert "出生日期" in resident_id.problem("110102199102300078")


def test_old_region_code_532331_is_not_rejected():
    body = "53233119850612001"
    total = sum(int(d) * w for d, w in zip(body, resident_id.WEIGHTS, strict=True))
    assert resident_id.is_valid(body + resident_id.CHECK[total % 11])


def test_resident_id_mask_hides_birth_date_and_sequence():
    assert resident_id.mask("44011320141005001X") == "4401**********001X"


def test_sex_and_birth_date_are_read_from_the_number():
    assert resident_id.is_male("360426199101010071")
    assert str(resident_id.birth_date("360426199101010071")) == "1991-01-01"
