"""Date formats of the portal's Chinese locale, on top of Django's own zh_Hans formats.

A date widget renders its value in the first of ``DATE_INPUT_FORMATS``. Django's zh_Hans puts ``%Y/%m/%d`` first, and
a browser's ``<input type="date">`` shows such a value as empty (and then refuses to submit a required field). ISO
comes first here, so every date input of every form renders ``2026-12-01``; the other forms are still accepted.

A page shows dates the same way (``{{ day }}`` and ``|date`` give ISO): one style per page. Documents write dates
out (2026年12月1日) with ``chuxiong_labor.lib.dates.written`` or ``|date:"Y年n月j日"``.
"""

DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"

DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2026-12-01, what <input type="date"> sends and shows
    "%Y/%m/%d",  # 2026/12/01
    "%Y年%m月%d日",  # 2026年12月01日
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
]
