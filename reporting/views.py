"""Pages of the reporting app: monthly reports, timeliness, the deadline calendar, circulars and dashboards."""

import datetime
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from chuxiong_labor import panels, roles
from chuxiong_labor.access import portal_view
from chuxiong_labor.deadlines import Duty
from chuxiong_labor.downloads import redirect_to_job
from chuxiong_labor.lib import generation, listing
from chuxiong_labor.lib.concurrency import StaleEdit
from chuxiong_labor.lib.errors import ActionRefused
from chuxiong_labor.lib.history import history_for
from chuxiong_labor.lib.pdf import pdf_response
from chuxiong_labor.lib.spreadsheets import simple_workbook, xlsx_response
from chuxiong_labor.printing import annex_label, printables
from chuxiong_labor.printing import printable as registered_printable
from chuxiong_labor.progress import progress_for
from chuxiong_labor.roles import OFFICE, UNIT_STAFF, WRITERS
from chuxiong_labor.units import Unit

from . import charts, permissions, printing, services
from .duties import occurrences
from .figures import collect_figures
from .filters import DutyFilter, ReportFilter
from .forms import (
    CircularForm,
    DutyForm,
    DutyRescheduleForm,
    MarkDoneForm,
    NewCircularForm,
    NewReportForm,
    ReportForm,
    ReturnForm,
    SettingsForm,
)
from .models import Circular, DutyCompletion, MonthlyReport, ReportingConfig
from .schedule import owes_reports, reporting_units
from .timeliness import State, timeliness_grid

# Monthly reports


@portal_view()
def report_list(request):
    today = timezone.localdate()
    reports = MonthlyReport.objects.visible_to(request.user).select_related("unit")
    filters = listing.filter_list(request, ReportFilter, reports)
    page = listing.page_of(request, filters.qs.order_by("-year", "-month", "unit_id"))
    year, month = (listing.value(filters, name) for name in ("year", "month"))
    year, month = (int(year) if year else None), (int(month) if month else None)
    status = listing.value(filters, "status", "")
    chosen_unit = listing.value(filters, "unit")
    unit = str(chosen_unit.pk) if chosen_unit else ""
    return render(
        request,
        "reporting/report_list.html",
        {
            "page": page,
            "year": year,
            "month": month,
            "months": range(1, 13),
            "status": status,
            "unit": unit,
            "statuses": MonthlyReport.Status.choices,
            "units": reporting_units() if roles.sees_all_units(request.user) else [],
            "can_create": permissions.can_create_report(request.user),
            "today": today,
        },
    )


@portal_view(roles=UNIT_STAFF)
def report_create(request):
    unit = request.user.unit
    if not owes_reports(unit):
        messages.info(request, "按照当前设置，本单位无需报送工作月报。")
        return redirect("reporting:report_list")
    form = NewReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = services.create_report(
                unit,
                data["year"],
                data["month"],
                actor=request.user,
                progress=data["progress"],
                problems=data["problems"],
                practices=data["practices"],
            )
        except ActionRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, f"已保存{report}草稿。核对后请点击“报送”。")
            return redirect(report)
    return render(request, "reporting/report_form.html", {"form": form, "unit": unit})


@portal_view(model=MonthlyReport)
def report_detail(request, report):
    figures = report.figures if report.first_submitted_at and report.figures else None
    live = figures is None
    if live:
        figures = collect_figures(report.unit, report.year, report.month)
    return render(
        request,
        "reporting/report_detail.html",
        {
            "report": report,
            "figures": figures,
            "live": live,
            "transitions": report.transitions.select_related("actor"),
            "history": history_for(report)[:30],
            "can_edit": permissions.can_edit_report(request.user, report),
            "can_submit": permissions.can_submit_report(request.user, report),
            "can_review": permissions.can_review_report(request.user, report),
            "return_form": ReturnForm(),
        },
    )


@portal_view(model=MonthlyReport, roles=UNIT_STAFF)
def report_edit(request, report):
    if not permissions.can_edit_report(request.user, report):
        raise PermissionDenied("只有本单位可以修改草稿或被退回的月报。")
    form = ReportForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_report(form.instance, actor=request.user, version=form.cleaned_data["version"])
        except StaleEdit as stale:
            form.add_error(None, str(stale))
        else:
            messages.success(request, "月报已保存。")
            return redirect(report)
    return render(request, "reporting/report_form.html", {"form": form, "report": report, "unit": report.unit})


@portal_view(model=MonthlyReport, roles=UNIT_STAFF, mutation=True)
def report_submit(request, report):
    if not permissions.can_submit_report(request.user, report):
        raise PermissionDenied("只有本单位可以报送草稿或被退回的月报。")
    try:
        services.submit_report(report, actor=request.user)
    except ActionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"{report}已报送，各项数据已按今天的台账固定。")
    return redirect(report)


@portal_view(model=MonthlyReport, roles=OFFICE, mutation=True)
def report_accept(request, report):
    if not permissions.can_review_report(request.user, report):
        raise PermissionDenied("只有待审核的月报可以审核通过。")
    services.accept_report(report, actor=request.user)
    messages.success(request, f"{report}已审核通过。")
    return redirect(report)


@portal_view(model=MonthlyReport, roles=OFFICE, mutation=True)
def report_return(request, report):
    if not permissions.can_review_report(request.user, report):
        raise PermissionDenied("只有待审核的月报可以退回。")
    form = ReturnForm(request.POST)
    form.is_valid()
    try:
        services.return_report(report, actor=request.user, reason=form.cleaned_data.get("reason", ""))
    except ActionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"{report}已退回，退回原因已告知报送单位。")
    return redirect(report)


# Timeliness


def _timeliness_units(user):
    if roles.sees_all_units(user):
        return None
    return [user.unit] if user.unit_id else []


@portal_view()
def timeliness(request):
    today = timezone.localdate()
    year = listing.chosen_year(request, today.year)
    rows, month_rates, overall = timeliness_grid(year, today, _timeliness_units(request.user))
    return render(
        request,
        "reporting/timeliness.html",
        {
            "year": year,
            "years": list(range(today.year, 2020, -1)),
            "rows": rows,
            "month_rates": [month_rates[month] for month in range(1, 13)],
            "overall": overall,
            "months": range(1, 13),
            "State": State,
        },
    )


@portal_view()
def timeliness_export(request):
    today = timezone.localdate()
    year = listing.chosen_year(request, today.year)
    rows, month_rates, overall = timeliness_grid(year, today, _timeliness_units(request.user))
    headers = ["单位", *[f"{m}月" for m in range(1, 13)], "应报", "已报", "按时", "报送率%", "及时率%"]
    body = [
        [
            str(row.unit),
            *[cell.label for cell in row.cells],
            row.rates.due,
            row.rates.reported,
            row.rates.on_time,
            row.rates.reporting_rate,
            row.rates.on_time_rate,
        ]
        for row in rows
    ]
    body.append(
        [
            "合计",
            *[f"{month_rates[m].on_time_rate}%" if month_rates[m].due else "—" for m in range(1, 13)],
            overall.due,
            overall.reported,
            overall.on_time,
            overall.reporting_rate,
            overall.on_time_rate,
        ]
    )
    return xlsx_response(simple_workbook(f"{year}年月报报送情况", headers, body), f"{year}年月报报送情况.xlsx")


# Deadline calendar


@portal_view()
def calendar(request):
    today = timezone.localdate()
    first = listing.query_value(request, "month", listing.MONTH, today.replace(day=1))
    last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    user = request.user
    if roles.sees_all_units(user):
        units = list(Unit.objects.all())
    else:
        units = [user.unit] if user.unit_id else []
    found = occurrences(units, first, last)
    grouped = {}
    for occ in found:
        grouped.setdefault((occ.due_on, occ.duty), []).append(occ)
    counts = {
        "on_time": sum(1 for occ in found if occ.is_done and not occ.is_late),
        "late": sum(1 for occ in found if occ.is_late),
        "open": sum(1 for occ in found if not occ.is_done and occ.due_on >= today),
        "overdue": sum(1 for occ in found if not occ.is_done and occ.due_on < today),
    }
    return render(
        request,
        "reporting/calendar.html",
        {
            "today": today,
            "first": first,
            "previous": (first - datetime.timedelta(days=1)).strftime("%Y-%m"),
            "next": (last + datetime.timedelta(days=1)).strftime("%Y-%m"),
            "groups": [(due, duty, duty.title_for(due), occs) for (due, duty), occs in grouped.items()],
            "counts": counts,
            "can_manage": permissions.can_manage_calendar(user),
            "can_mark": roles.can_write_for_unit(user, user.unit)
            if roles.is_unit_scoped(user)
            else roles.can_review(user),
        },
    )


@portal_view()
def duty_list(request):
    filters = listing.filter_list(request, DutyFilter, Duty.objects.visible_to(request.user))
    duties = (
        filters.qs.select_related("cycle")
        .prefetch_related("date_changes")
        .order_by("-cycle__start_year", "annex", "code")
    )
    return render(
        request,
        "reporting/duty_list.html",
        {
            "duties": duties,
            "filter_form": filters.form,
            "can_manage": permissions.can_manage_calendar(request.user),
        },
    )


@portal_view(roles=OFFICE)
def duty_create(request):
    return _duty_form(request, Duty())


@portal_view(model=Duty, roles=OFFICE)
def duty_edit(request, duty):
    return _duty_form(request, duty)


def _duty_form(request, duty):
    form = DutyForm(request.POST or None, instance=duty)
    if request.method == "POST" and form.is_valid():
        try:
            duty = services.save_duty(form.instance, actor=request.user, version=form.cleaned_data["version"])
        except StaleEdit as stale:
            form.add_error(None, str(stale))
        else:
            messages.success(request, f"已保存时间节点“{duty}”。")
            return redirect("reporting:duty_list")
    return render(
        request,
        "reporting/duty_form.html",
        {"form": form, "duty": duty, "history": history_for(duty)[:30] if duty.pk else []},
    )


@portal_view(model=Duty, roles=OFFICE)
def duty_reschedule(request, duty):
    form = DutyRescheduleForm(request.POST or None, duty=duty)
    if request.method == "POST" and form.is_valid():
        try:
            change = services.reschedule_duty(duty, actor=request.user, **form.cleaned_data)
        except ActionRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, f"已调整：{change}。已到期的节点保持原定日期。")
            return redirect("reporting:duty_list")
    return render(request, "reporting/duty_reschedule.html", {"form": form, "duty": duty})


@portal_view(model=Duty, roles=WRITERS, mutation=True)
def duty_mark(request, duty):
    form = MarkDoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请从工作日历中选择要标记完成的事项。")
        return redirect("reporting:calendar")
    if roles.is_unit_scoped(request.user):
        unit = request.user.unit
    else:
        unit = Unit.objects.filter(pk=form.cleaned_data.get("unit")).first()
        if unit is None:
            messages.error(request, "请选择要标记的单位。")
            return redirect("reporting:calendar")
    if not permissions.can_mark_duty(request.user, unit):
        raise PermissionDenied("您只能标记本单位的事项。")
    due_on = form.cleaned_data["due_on"]
    try:
        services.mark_duty_done(duty, unit, due_on, actor=request.user, note=form.cleaned_data["note"])
    except ActionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"已将{unit}的“{duty}”（{due_on}）标记为完成。")
    return redirect(f"{reverse('reporting:calendar')}?month={due_on:%Y-%m}")


@portal_view(model=DutyCompletion, roles=WRITERS, mutation=True)
def completion_delete(request, mark):
    if not permissions.can_mark_duty(request.user, mark.unit):
        raise PermissionDenied("您只能撤销本单位的完成标记。")
    services.unmark_duty_done(mark, actor=request.user)
    messages.success(request, f"已撤销{mark.unit}的“{mark.duty}”完成标记。")
    return redirect(f"{reverse('reporting:calendar')}?month={mark.due_on:%Y-%m}")


# Circulars


@portal_view()
def circular_list(request):
    circulars = Circular.objects.visible_to(request.user)
    page = listing.page_of(request, circulars.order_by("-year", "-month"))
    return render(
        request,
        "reporting/circular_list.html",
        {"page": page, "can_manage": permissions.can_manage_circulars(request.user)},
    )


@portal_view(roles=OFFICE)
def circular_create(request):
    form = NewCircularForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            circular = services.draft_circular(
                form.cleaned_data["year"], form.cleaned_data["month"], actor=request.user
            )
        except ActionRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "已根据月报和目标进度起草通报，请修改后印发。")
            return redirect("reporting:circular_edit", pk=circular.pk)
    return render(request, "reporting/circular_new.html", {"form": form})


@portal_view(model=Circular)
def circular_detail(request, circular):
    return render(
        request,
        "reporting/circular_detail.html",
        {
            "circular": circular,
            "history": history_for(circular)[:30],
            "can_edit": permissions.can_edit_circular(request.user, circular),
        },
    )


@portal_view(model=Circular, roles=OFFICE)
def circular_edit(request, circular):
    if not permissions.can_edit_circular(request.user, circular):
        raise PermissionDenied("已印发的通报不能再修改。")
    form = CircularForm(request.POST or None, instance=circular)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_circular(form.instance, actor=request.user, version=form.cleaned_data["version"])
        except StaleEdit as stale:
            form.add_error(None, str(stale))
        else:
            messages.success(request, "通报已保存。")
            return redirect(circular)
    return render(request, "reporting/circular_form.html", {"form": form, "circular": circular})


@portal_view(model=Circular, roles=OFFICE, mutation=True)
def circular_issue(request, circular):
    if not permissions.can_edit_circular(request.user, circular):
        raise PermissionDenied("该通报已经印发。")
    services.issue_circular(circular, actor=request.user)
    messages.success(request, "通报已印发，可下载PDF。")
    return redirect(circular)


@portal_view(model=Circular)
def circular_pdf(request, circular):
    return pdf_response(printing.render_circulars([circular]), f"{circular.title}.pdf")


# Dashboard and settings


def _dashboard_data(request, units, grid_units, year, today):
    progress = progress_for(units, year)
    programmes = []
    for rows in progress.values():
        for row in rows:
            if row.programme.code not in [p.code for p in programmes]:
                programmes.append(row.programme)
    table = [
        (unit, [next((r for r in progress[unit.pk] if r.programme.code == p.code), None) for p in programmes])
        for unit in units
    ]
    rows, _month_rates, overall = timeliness_grid(year, today, grid_units)
    return {
        "programmes": programmes,
        "table": table,
        "bars": charts.completion_bars(units, progress),
        "heat": charts.heat_map(rows),
        "overall": overall,
        "panels": panels.render("dashboard", request, units, year, today)["main"],
    }


@portal_view()
def dashboard(request):
    today = timezone.localdate()
    year = listing.chosen_year(request, today.year)
    user = request.user
    if roles.sees_all_units(user):
        units = list(Unit.objects.in_table_order())
        grid_units = None
    else:
        units = [user.unit] if user.unit_id else []
        grid_units = units
    # Read once per scope, year and day and kept until the data changes (lib/generation), as the home pages are.
    scope = "all" if grid_units is None else "-".join(str(unit.pk) for unit in units)
    data = generation.cached(
        f"dashboard:{scope}:{year}:{today.isoformat()}",
        lambda: _dashboard_data(request, units, grid_units, year, today),
    )
    return render(
        request,
        "reporting/dashboard.html",
        {
            "year": year,
            "years": list(range(today.year, 2020, -1)),
            "is_prefecture": roles.sees_all_units(user),
            **data,
        },
    )


@portal_view(roles=OFFICE)
def settings_edit(request):
    config = ReportingConfig.get()
    form = SettingsForm(request.POST or None, instance=config)
    if request.method == "POST" and form.is_valid():
        services.save_settings(form.instance, actor=request.user)
        messages.success(request, "月报设置已保存。")
        return redirect("reporting:report_list")
    return render(request, "reporting/settings_form.html", {"form": form, "history": history_for(config)[:20]})


# 打印中心: every printable document of a year, by programme and unit (chuxiong_labor.printing)

ANNEX_FIELD = forms.TypedChoiceField(label="项目", coerce=int, choices=[(n, annex_label(n)) for n in range(7)])


def _printable_units(user):
    """Return the units whose documents ``user`` may print: their own for unit staff, every unit otherwise."""
    if roles.is_unit_scoped(user):
        return Unit.objects.filter(pk=user.unit_id)
    return Unit.objects.all()


def _print_query(printable, year, unit_pk):
    query = {"document": printable.code, "year": year}
    if unit_pk is not None:
        query["unit"] = unit_pk
    return urlencode(query)


@portal_view()
def print_centre(request):
    today = timezone.localdate()
    year = listing.chosen_year(request, today.year)
    annex = listing.query_value(request, "annex", ANNEX_FIELD)
    units = list(_printable_units(request.user))
    unit_field = forms.ModelChoiceField(label="单位", queryset=_printable_units(request.user))
    chosen_unit = listing.query_value(request, "unit", unit_field)
    by_pk = {unit.pk: unit for unit in units}
    order = {unit.pk: index for index, unit in enumerate(units)}
    sections = []
    for printable in printables():
        if annex is not None and printable.annex != annex:
            continue
        counts = printable.counts(request.user, year)
        rows = [
            {
                "unit": by_pk.get(unit_pk),
                "count": count,
                "query": _print_query(printable, year, unit_pk),
            }
            for unit_pk, count in sorted(counts.items(), key=lambda item: order.get(item[0], -1))
            if count and (chosen_unit is None or unit_pk in (None, chosen_unit.pk))
        ]
        sections.append(
            {
                "printable": printable,
                "annex": annex_label(printable.annex),
                "rows": rows,
                "total": sum(row["count"] for row in rows),
                "all_query": _print_query(printable, year, chosen_unit.pk if chosen_unit else None),
            }
        )
    present = sorted({printable.annex for printable in printables()})
    return render(
        request,
        "reporting/print_centre.html",
        {
            "year": year,
            "years": list(range(today.year + 1, 2020, -1)),
            "annex": annex,
            "annexes": [(number, annex_label(number)) for number in present],
            "units": units if len(units) > 1 else [],
            "chosen_unit": chosen_unit,
            "sections": sections,
        },
    )


def _chosen_printable(request):
    """Return ``(printable, year, unit)`` the query string names, or None when it names no document kind;
    a unit the user may not print for is 404."""
    found = registered_printable(request.GET.get("document", ""))
    year = listing.chosen_year(request, None)
    if found is None or year is None:
        return None
    unit = None
    if request.GET.get("unit"):
        try:
            unit = _printable_units(request.user).get(pk=int(request.GET["unit"]))
        except (ValueError, Unit.DoesNotExist):
            raise Http404("没有该单位的文件。") from None
    return found, year, unit


@portal_view()
def print_documents(request):
    chosen = _chosen_printable(request)
    if chosen is None:
        messages.info(request, "请在打印中心选择年度和文件。")
        return redirect("reporting:print_centre")
    found, year, unit = chosen
    page = listing.page_of(request, found.of_unit(found.documents(request.user, year), unit.pk if unit else None))
    rows = [
        {
            "label": found.label(document),
            "url": found.url(document),
            "unit": getattr(document, found.unit_field) if found.unit_field else None,
        }
        for document in page
    ]
    return render(
        request,
        "reporting/print_documents.html",
        {
            "printable": found,
            "annex": annex_label(found.annex),
            "year": year,
            "unit": unit,
            "page": page,
            "rows": rows,
            "query": _print_query(found, year, unit.pk if unit else None),
        },
    )


@portal_view(starts_job=True)
def print_batch_pdf(request):
    """Start (or rejoin) the job that renders the chosen documents as one PDF; its page shows the progress."""
    chosen = _chosen_printable(request)
    if chosen is None:
        messages.info(request, "请在打印中心选择要批量下载的年度和文件。")
        return redirect("reporting:print_centre")
    found, year, unit = chosen
    if not found.of_unit(found.documents(request.user, year), unit.pk if unit else None).exists():
        messages.warning(request, f"{year}年度没有可以打印的“{found.title}”。")
        return redirect(f"{reverse('reporting:print_centre')}?year={year}")
    return redirect_to_job(
        request,
        found.batch_kind,
        title=f"{year}年度{found.title}（{unit.short_name if unit else '全部单位'}，批量）",
        params=found.job_params(year, unit.pk if unit else None),
        source_url=request.get_full_path(),
    )
