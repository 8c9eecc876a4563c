"""The provincial recommendation form (推荐表) as PDF, read back with pypdf."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from chuxiong_labor.nominations import services as nomination_services
from chuxiong_labor.nominations.workflow import Action, Level
from coordinators.recommendation import render_forms

from .factories import make_coordinator, make_nomination

pytestmark = pytest.mark.django_db
IN_TIME = date(2022, 6, 20)


def text_of(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages), reader


def compact(text):
    return "".join(text.split())


def recommended(county_user, reviewer, **overrides):
    nomination = make_nomination(**overrides)
    nomination_services.transition(
        nomination, Action.SUBMIT, actor=county_user, opinion="县级意见：同意推荐。", today=IN_TIME
    )
    nomination_services.transition(
        nomination, Action.APPROVE, actor=reviewer, opinion="州级意见：同意推荐。", today=IN_TIME
    )
    nomination.refresh_from_db()
    return nomination


@pytest.fixture
def form_text(county_user, reviewer):
    coordinator = make_coordinator(
        name="普丽萍",
        gender="female",
        born_on=date(1983, 5, 1),
        employer_name="楚雄市劳动人事争议调解中心",
        post="调解员",
    )
    nomination = recommended(county_user, reviewer, coordinator=coordinator, achievements="调处劳动争议126件。")
    return compact(text_of(render_forms([nomination], today=date(2022, 6, 20)))[0])


@pytest.mark.parametrize(
    "expected",
    [
        "云南省金牌劳动关系协调员推荐表",
        "姓名普丽萍",
        "性别女",
        "出生年月1983年5月",
        "单位及岗位楚雄市劳动人事争议调解中心调解员",
        "从事职业劳动关系协调员",
        "相关职业年限10年",
        "(请按照评价标准有关内容填写,如内容多,可另附纸)调处劳动争议126件。",
        "本人从业单位(盖章)",
        "县级三方办公室推荐意见县级意见：同意推荐。",
        "州(市)级三方办公室推荐意见州级意见：同意推荐。",
        "省级三方办公室推荐意见",
        "评定结果",
        "备注:此表一式三份上报",
    ],
)
def test_the_form_prints_each_field_where_it_belongs(form_text, expected):
    assert compact(expected) in form_text


def test_an_opinion_box_prints_the_date_of_the_opinion(county_user, reviewer):
    nomination = recommended(county_user, reviewer)
    step = nomination_services.opinion_of(nomination, Level.UNIT)
    on = step.at.astimezone().date()
    assert f"盖章:{on.year}年{on.month}月{on.day}日" in compact(text_of(render_forms([nomination]))[0])


def test_long_achievements_continue_on_an_attached_sheet_without_losing_text(county_user):
    long_text = "".join(f"第{i}件：协调化解企业欠薪纠纷，帮助职工追回工资。" for i in range(1, 60))
    nomination = make_nomination(achievements=long_text)
    text = compact(text_of(render_forms([nomination]))[0])
    in_box = text.split("可另附纸)")[1].split("（续见附页）")[0]
    attached = text.split("主要业绩评价（续）")[1].split("第2页")[0]
    assert in_box + attached == compact(long_text)


def test_a_short_form_fits_on_one_page(county_user, reviewer):
    nomination = recommended(county_user, reviewer)
    assert len(text_of(render_forms([nomination]))[1].pages) == 1


def test_a_batch_holds_one_form_per_candidate():
    nominations = [make_nomination() for _ in range(3)]
    text, reader = text_of(render_forms(nominations))
    assert (len(reader.pages), text.count("云南省金牌劳动关系协调员推荐表")) == (3, 3)


def test_the_command_writes_the_forms_of_a_unit_and_year(tmp_path):
    make_nomination("楚雄市")
    make_nomination("禄丰市")
    output = tmp_path / "forms.pdf"
    call_command("render_recommendation_forms", year=2022, unit="楚雄市", output=str(output), stdout=io.StringIO())
    assert len(PdfReader(output).pages) == 1


def test_text_pointing_at_local_files_brings_nothing_of_them_into_the_pdf(tmp_path):
    marker = "SECRET-MARKER-7f3c9a1e-do-not-embed-" * 4
    secret = tmp_path / "secret.txt"
    secret.write_text(marker)
    hostile = (
        '<img src="file:///etc/hostname"> <link rel="attachment" href="file:///etc/hostname">'
        f'<img src="file://{secret}"><link rel="attachment" href="file://{secret}">'
        f'<a href="file://{secret}">附件</a>'
    )
    coordinator = make_coordinator(name="张三", post='<img src="file:///etc/hostname">')
    nomination = make_nomination(coordinator=coordinator, achievements=hostile)
    pdf = render_forms([nomination])
    reader = PdfReader(io.BytesIO(pdf))
    images = [image for page in reader.pages for image in page.images]
    embedded = reader.attachments
    assert (
        images,
        embedded,
        marker[:30] in "".join(p.extract_text() for p in reader.pages),
        marker[:30].encode() in pdf,
    ) == (
        [],
        {},
        False,
        False,
    )


def test_hostile_markup_is_printed_as_text(county_user):
    nomination = make_nomination(achievements='<img src="file:///etc/hostname">')
    assert 'src="file:///etc/hostname"' in compact(text_of(render_forms([nomination]))[0]).replace("＂", '"')


def test_a_member_units_opinion_prints_in_the_prefecture_box_and_the_county_box_is_dashed(member_user, reviewer):
    nomination = make_nomination("州人社局", coordinator=make_coordinator("州人社局"))
    nomination_services.transition(
        nomination, Action.SUBMIT, actor=member_user, opinion="同意推荐本局人选。", today=IN_TIME
    )
    nomination_services.transition(nomination, Action.APPROVE, actor=reviewer, opinion="符合条件。", today=IN_TIME)
    text = compact(text_of(render_forms([nomination]))[0])
    county_box = text.split("县级三方办公室推荐意见")[1].split("盖章")[0]
    prefecture_box = text.split("州(市)级三方办公室推荐意见")[1].split("盖章")[0]
    assert county_box == "—"
    assert prefecture_box == "州人社局：同意推荐本局人选。州三方办：符合条件。"


def test_reprinting_a_form_years_later_prints_the_years_as_of_the_submission(county_user, reviewer):
    nomination = recommended(county_user, reviewer)  # submitted 2022-06-20: 2012-03-01 → 10 whole years
    text = compact(text_of(render_forms([nomination], today=date(2026, 11, 30)))[0])
    assert nomination.years_at_submission == 10 and "相关职业年限10年" in text


def test_a_form_is_laid_out_with_few_boxes(county_user, reviewer):
    """A batch's time goes to WeasyPrint's layout of each form's boxes (issue 21): header cells for the labels, no
    wrapper around each text and no inline blocks for the stamp lines: 124 boxes to a page, 149 before."""
    from django.template.loader import render_to_string
    from weasyprint.formatting_structure.boxes import InlineBlockBox

    from chuxiong_labor.lib.pdf import FONT_FAMILY, PrintHTML
    from coordinators.recommendation import TEMPLATE, form_context

    forms = [form_context(recommended(county_user, reviewer))]
    html = render_to_string(TEMPLATE, {"pdf_font": FONT_FAMILY, "forms": forms})
    (page,) = PrintHTML(string=html).render().pages
    boxes = list(page._page_box.descendants())
    assert (len(boxes) <= 130, [box for box in boxes if isinstance(box, InlineBlockBox)]) == (True, [])
