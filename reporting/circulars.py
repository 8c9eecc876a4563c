"""Drafting the monthly circular (通报): who reported late or not at all, who is behind, and good practice."""

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from chuxiong_labor.indicators import circular_notes
from chuxiong_labor.lib.dates import written
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

    @property
    def gap(self):
        return self.expected - Decimal(self.achieved)

    def as_row(self):
        """Return the row as the circular's table keeps it (text, frozen when drafted)."""
        return {
            "unit": str(self.unit),
            "programme": self.title,
            "measure": self.measure,
            "target": _number(self.target),
            "expected": _number(self.expected),
            "achieved": _number(self.achieved),
            "gap": _number(self.gap),
        }


def late_and_missing(year, month, today):
    """Return ``(late, missing)``: ``[(unit, cell)]`` of the units whose report was late or is missing."""
    cells = month_status(year, month, today)
    late = [(unit, cell) for unit, cell in cells if cell.state == State.LATE]
    missing = [(unit, cell) for unit, cell in cells if cell.state == State.MISSING]
    return late, missing


def behind_targets(year, month, units=None):
    """Return ``(measured, behind)``: how many unit targets the apps measure, and those behind their pro rata share
    of the months of ``year`` elapsed by the end of ``month``."""
    units = list(units) if units is not None else reporting_units()
    share = Decimal(month) / Decimal(12)
    found, measured = [], 0
    progress = progress_for(units, year)
    for unit in units:
        for row in progress[unit.pk]:
            if row.achieved is None or not row.target.value:
                continue
            measured += 1
            expected = row.target.value * share
            # A count due by now is a whole number: 4 people over 10 of 12 months is 3.33, so a unit with 3 is
            # behind and owes 4 (the next whole one); other measures keep one decimal.
            expected = (
                expected.to_integral_value(rounding=ROUND_CEILING)
                if row.programme.counts_whole
                else expected.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            )
            if Decimal(row.achieved) < expected:
                found.append(
                    Behind(unit, row.programme.title, row.programme.measure, row.target.value, expected, row.achieved)
                )
    return measured, found


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


def timeliness_lines(year, month, today):
    """Return the sentences of the reporting section, each true of the month's cells as of ``today``."""
    cells = month_status(year, month, today)
    due = [(unit, cell) for unit, cell in cells if cell.state in (State.ON_TIME, State.LATE, State.MISSING)]
    on_time = [unit for unit, cell in due if cell.state == State.ON_TIME]
    late = [(unit, cell) for unit, cell in due if cell.state == State.LATE]
    missing = [unit for unit, cell in due if cell.state == State.MISSING]
    if not due:
        return [f"{year}年{month}月没有应报送工作月报的单位。"]
    if len(on_time) == len(due):
        return [f"{year}年{month}月，应报送工作月报的{len(due)}个单位均按时报送。"]
    lines = [f"{year}年{month}月，应报送工作月报的单位{len(due)}个，按时报送{len(on_time)}个。"]
    if late:
        lines.append(f"逾期报送的单位：{'、'.join(f'{unit}（逾期{cell.days_late}天）' for unit, cell in late)}。")
    if missing:
        lines.append(f"截至{written(today)}仍未报送的单位：{'、'.join(str(unit) for unit in missing)}。")
    return lines


def behind_section(year, month):
    """Return ``(sentence, table rows)`` of the section on units behind their targets' pro rata progress."""
    measured, behind = behind_targets(year, month)
    if not measured:
        return f"截至{year}年{month}月底，平台中没有可按时序进度衡量的目标任务。", []
    if not behind:
        return f"截至{year}年{month}月底，平台衡量的{measured}项单位目标任务均达到时序进度。", []
    units = len({item.unit.pk for item in behind})
    sentence = (
        f"截至{year}年{month}月底，平台衡量的{measured}项单位目标任务中，有{len(behind)}项未达到时序进度"
        f"（按全年目标×{month}/12计算），涉及{units}个单位，见下表。"
    )
    return sentence, [item.as_row() for item in behind]


def draft_text(year, month, *, today):
    """Return the fields of a drafted circular for ``month`` of ``year``; every sentence is true as of ``today``."""
    config = ReportingConfig.get()
    late, missing = late_and_missing(year, month, today)
    behind_text, behind_rows = behind_section(year, month)
    practices = [f"{unit}：{text}" for unit, text in good_practices(year, month)]
    return {
        "title": f"关于{year}年{month}月劳动关系“和谐同行”能力提升三年行动计划工作推进情况的通报",
        "introduction": (
            f"根据《关于印发楚雄州劳动关系“和谐同行”能力提升三年行动计划6个配套实施方案的通知》（楚人社通〔2021〕32号）"
            f"要求，现将{year}年{month}月各县（市）工作月报报送及目标任务推进情况通报如下："
        ),
        "late_section": "\n".join(timeliness_lines(year, month, today)),
        "behind_section": behind_text + "".join(f"\n{line}" for line in circular_notes(year, month, today)),
        "behind_table": behind_rows,
        "practice_section": "\n".join(practices) or f"{year}年{month}月报送的工作月报中没有填写好的经验做法。",
        "closing": (
            "请逾期报送和未报送的单位认真查找原因，切实加强工作力量，按时报送月报；对目标任务推进滞后的单位，"
            "要对照年度目标任务倒排工期、挂图作战，确保按期完成。"
            f"\n{config.office_heading}将继续按月通报各单位工作推进情况。"
        ),
        "late_units": [str(unit) for unit, _cell in late + missing],
    }
