"""Server-side SVG charts of percentile bands (box-and-whisker style), drawn as markup for the pages and the PDFs
(WeasyPrint renders inline SVG; the portal has no JavaScript chart library for PDFs).

Each band: whiskers from P10 to P90, a box from P25 to P75, a line at P50; an optional dot marks a value (an
enterprise's own pay against the market's band).
"""

from decimal import Decimal

from django.utils.html import escape

WIDTH = 640
LABEL_WIDTH = 190
ROW = 26


def band_chart(rows, *, title=""):
    """Return an SVG document for ``rows`` of ``(label, p10, p25, p50, p75, p90, marker or None)`` (Decimals,
    None for a suppressed row), on one shared yuan axis."""
    values = [value for row in rows for value in row[1:] if value is not None]
    if not values:
        return ""
    top = max(values) * Decimal("1.05")
    span = WIDTH - LABEL_WIDTH - 20
    height = ROW * len(rows) + 40

    def x(value):
        return LABEL_WIDTH + float(value / top) * span

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-label="{escape(title)}" font-size="11">'
    ]
    for index, (label, p10, p25, p50, p75, p90, marker) in enumerate(rows):
        y = 10 + index * ROW
        middle = y + ROW / 2
        parts.append(f'<text x="0" y="{middle + 4:.1f}">{escape(label[:16])}</text>')
        if p50 is None:
            parts.append(f'<text x="{LABEL_WIDTH}" y="{middle + 4:.1f}" fill="#888">不予公布</text>')
            continue
        parts.append(
            f'<line x1="{x(p10):.1f}" y1="{middle:.1f}" x2="{x(p90):.1f}" y2="{middle:.1f}" stroke="#555"/>'
            f'<line x1="{x(p10):.1f}" y1="{y + 6}" x2="{x(p10):.1f}" y2="{y + ROW - 6}" stroke="#555"/>'
            f'<line x1="{x(p90):.1f}" y1="{y + 6}" x2="{x(p90):.1f}" y2="{y + ROW - 6}" stroke="#555"/>'
            f'<rect x="{x(p25):.1f}" y="{y + 4}" width="{max(x(p75) - x(p25), 1):.1f}" height="{ROW - 8}" '
            f'fill="#cfe2ff" stroke="#0d6efd"/>'
            f'<line x1="{x(p50):.1f}" y1="{y + 4}" x2="{x(p50):.1f}" y2="{y + ROW - 4}" stroke="#0d6efd" stroke-width="2"/>'
        )
        if marker is not None:
            parts.append(f'<circle cx="{x(marker):.1f}" cy="{middle:.1f}" r="4" fill="#dc3545"/>')
    axis_y = 10 + len(rows) * ROW + 14
    for step in range(5):
        value = top * step / 4
        parts.append(
            f'<text x="{x(value):.1f}" y="{axis_y}" text-anchor="middle" fill="#555">{value / 10000:.1f}万</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
