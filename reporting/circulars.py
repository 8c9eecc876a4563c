"""Drafting the monthly circular (通报): who reported late or not at all, who is behind, and good practice."""

from dataclasses import dataclass
from decimal import Decimal

from chuxiong_labor.indicators import circular_notes
from chuxiong_labor.progress import progress_for

from .models import MonthlyReport, ReportingConfig
from .schedule import reporting_units
from .timeliness import State, month_status

PRACTICE_CHARS = 120


@dataclass
class Behind:
    unit: object
    title: str
    measure: str
    target: Decimal
    expected: Decimal
    achieved: Decimal


def late_and_missing(year, month, today):
    """Return ``(late, missing)``: ``[(unit, cell)]`` of the units whose report was late or is missing."""
    cells = month_status(year, month, today)
    late = [(unit, cell) for unit, cell in cells if cell.state == State.LATE]
    missing = [(unit, cell) for unit, cell in cells if cell.state == State.MISSING]
    return late, missing


def behind_targets(year, month, units=None):
    """Return the units behind their targets, pro rata for the months of ``year`` elapsed by the end of ``month``."""
    units = list(units) if units is not None else reporting_units()
    share = Decimal(month) / Decimal(12)
    found = []
    progress = progress_for(units, year)
    for unit in units:
        for row in progress[unit.pk]:
            if row.achieved is None or not row.target.value:
                continue
            expected = (row.target.value * share).quantize(Decimal("0.1"))
            if Decimal(row.achieved) < expected:
                found.append(
                    Behind(unit, row.programme.title, row.programme.measure, row.target.value, expected, row.achieved)
                )
    return found


def good_practices(year, month):
    """Return ``[(unit, excerpt)]`` from the submitted reports of the month that describe good practice."""
    reports = (
        MonthlyReport.objects.for_month(year, month)
        .submitted()
        .exclude(practices="")
        .select_related("unit")
        .order_by("unit__sort_order")
    )
    found = []
    for report in reports:
        text = " ".join(report.practices.split())
        found.append((report.unit, text if len(text) <= PRACTICE_CHARS else text[:PRACTICE_CHARS] + "……"))
    return found


def _number(value):
    return f"{Decimal(value).normalize():f}"


def draft_text(year, month, *, today):
    """Return the fields of a drafted circular for ``month`` of ``year``."""
    config = ReportingConfig.get()
    late, missing = late_and_missing(year, month, today)
    lines = []
    if not late and not missing:
        lines.append(f"{year}年{month}月，各单位均按时报送了工作月报。")
    if late:
        names = "、".join(f"{unit}（逾期{cell.days_late}天）" for unit, cell in late)
        lines.append(f"逾期报送的单位：{names}。")
    if missing:
        lines.append(f"截至{today:%Y年%m月%d日}仍未报送的单位：{'、'.join(str(unit) for unit, _cell in missing)}。")
    behind = behind_targets(year, month)
    behind_lines = [
        f"{item.unit}：{item.title}，年度目标{_number(item.target)}{item.measure}，按时序进度应完成"
        f"{_number(item.expected)}{item.measure}，实际完成{_number(item.achieved)}{item.measure}。"
        for item in behind
    ]
    practices = [f"{unit}：{text}" for unit, text in good_practices(year, month)]
    return {
        "title": f"关于{year}年{month}月劳动关系“和谐同行”能力提升三年行动计划工作推进情况的通报",
        "introduction": (
            f"根据《关于印发楚雄州劳动关系“和谐同行”能力提升三年行动计划6个配套实施方案的通知》（楚人社通〔2021〕32号）"
            f"要求，现将{year}年{month}月各县（市）工作月报报送及目标任务推进情况通报如下："
        ),
        "late_section": "\n".join(lines),
        "behind_section": "\n".join(behind_lines or ["各单位目标任务均达到时序进度。"])
        + "".join(f"\n{line}" for line in circular_notes(year, month, today)),
        "practice_section": "\n".join(practices) or "本月各单位未报送好的经验做法。",
        "closing": (
            "请逾期报送和未报送的单位认真查找原因，切实加强工作力量，按时报送月报；对目标任务推进滞后的单位，"
            "要对照年度目标任务倒排工期、挂图作战，确保按期完成。"
            f"\n{config.office_heading}将继续按月通报各单位工作推进情况。"
        ),
        "late_units": [str(unit) for unit, _cell in late + missing],
    }
