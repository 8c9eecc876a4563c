"""What every import's preview shares: its list of problems.

A preview lists at most ``SHOWN_PROBLEMS`` (200) problems on the page, says how many there are in all, and offers
every one as an Excel download (行号, 栏目, 问题), so that a file of a hundred thousand bad rows makes a short
page and a complete work list. The problems wait for the download as a held upload (``lib/uploads``): compressed
bytes behind a signed, day-long token tied to the user who previewed, so the download is a plain GET that reads
the token, changes nothing and shows nobody else's problems. Every preview renders them through
``templates/includes/import_problems.html`` with the context ``problem_context`` returns.
"""

import io

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from .access import portal_view
from .lib import uploads
from .lib.spreadsheets import SHOWN_PROBLEMS, ProblemList, problems_workbook, xlsx_response

PROBLEMS_PURPOSE = "imports.problems"


def problem_context(problems, *, user):
    """Return the context of ``includes/import_problems.html`` for ``problems`` (a ``ProblemList`` or an iterable
    of ``(row, field, message)``) found in ``user``'s preview: the first 200, the count, and the download's URL."""
    if not isinstance(problems, ProblemList):
        problems = ProblemList(problems)
    if not problems:
        return {"problems": problems}
    token = uploads.hold(io.BytesIO(problems.packed()), user=user, purpose=PROBLEMS_PURPOSE, count=len(problems))
    return {
        "problems": problems,
        "problems_shown": SHOWN_PROBLEMS,
        "problems_url": f"{reverse('import_problems')}?{urlencode({'token': token})}",
    }


@portal_view()
def import_problems(request):
    """Download every problem of the user's own preview as an Excel file; the file stays for another download."""
    try:
        stored, _data = uploads.held(request.GET.get("token", ""), user=request.user, purpose=PROBLEMS_PURPOSE)
    except uploads.UploadExpired as expired:
        messages.error(request, f"无法下载问题清单：{expired}")
        return redirect("home")
    content = problems_workbook(ProblemList.unpacked(stored.read_bytes()))
    return xlsx_response(content, f"导入问题清单-{timezone.localtime():%Y%m%d%H%M}.xlsx")
