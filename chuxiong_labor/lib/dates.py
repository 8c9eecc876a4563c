"""How the portal writes a date: one style per context.

A page shows ISO dates (2026-12-25; the locale's ``DATE_FORMAT``, so ``{{ day }}`` and ``|date`` give it), as do
its messages and refusals. A document — a notice's text, a circular, a reminder, a printed form — writes the date
out as official documents do, 2026年12月25日, without leading zeros; on a page such a text is marked
``data-document``.
"""


def written(day):
    """Return ``day`` as a document writes it: ``2026年7月5日``."""
    return f"{day.year}年{day.month}月{day.day}日"
