"""In Chromium: a county clerk opens 打印中心, downloads one recommendation form, starts a batch, watches its
progress bar run to the end on a real Celery worker and downloads the batch, which holds their own county's
forms and no other county's."""

import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from tests.chuxiong_labor.test_jobs import celery_worker_on_redis  # noqa: F401  the fixture, used by name
from tests.coordinators.factories import make_coordinator, make_nomination, make_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OURS = [f"楚雄候选{'甲乙丙丁戊己庚辛壬癸子丑'[n]}" for n in range(12)]
THEIRS = ["禄丰候选甲", "禄丰候选乙"]


def pdf_text(path):
    with open(path, "rb") as handle:
        return "".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages)


def test_a_county_clerk_prints_one_form_then_the_whole_batch_of_their_county(
    celery_worker_on_redis,  # noqa: F811
    page,
    login,
    county_user,
):
    year = timezone.localdate().year
    round = make_round(year)
    for name in OURS:
        make_nomination("楚雄市", round=round, coordinator=make_coordinator("楚雄市", name=name))
    for name in THEIRS:
        make_nomination("禄丰市", round=round, coordinator=make_coordinator("禄丰市", name=name))

    login(county_user)
    page.get_by_role("link", name="打印中心").click()
    section = page.locator('[data-document="coordinators.recommendation_forms"]')
    section.get_by_test_id("print-row").filter(has_text="楚雄市").filter(has_text="12").wait_for()
    assert section.get_by_test_id("print-row").count() == 1  # 禄丰市's candidates are not even counted

    section.get_by_role("link", name="查看清单并逐份下载").click()
    first = page.get_by_test_id("print-documents").locator("tr").filter(has_text=OURS[0])
    with page.expect_download() as one:
        first.get_by_test_id("print-one").click()
    assert OURS[0] in pdf_text(one.value.path())

    page.get_by_test_id("print-batch").click()
    page.locator("[data-job-bar]").wait_for()  # queued for the worker: the progress bar shows
    with page.expect_download(timeout=90_000) as batch:
        page.get_by_test_id("job-download").click(timeout=90_000)
    text = pdf_text(batch.value.path())
    assert ([name for name in OURS if name not in text], [name for name in THEIRS if name in text]) == ([], [])
