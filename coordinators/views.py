"""Annex 1's pages: the coordinator database, training and meetings, and the yearly gold-coordinator selection."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from chuxiong_labor import roles
from chuxiong_labor.access import portal_view
from chuxiong_labor.downloads import redirect_to_job
from chuxiong_labor.enterprises import Enterprise, SizeClass
from chuxiong_labor.imports import problem_context
from chuxiong_labor.lib import listing, uploads
from chuxiong_labor.lib.concurrency import StaleEdit
from chuxiong_labor.lib.errors import ActionRefused, form_problems
from chuxiong_labor.lib.history import history_for
from chuxiong_labor.lib.spreadsheets import SHOWN_PROBLEMS, SpreadsheetError
from chuxiong_labor.nominations.forms import NoticeForm
from chuxiong_labor.nominations.views import filter_candidates, year_context
from chuxiong_labor.nominations.workflow import Level
from chuxiong_labor.quotas import Target
from chuxiong_labor.roles import OFFICE, UNIT_STAFF, WRITERS
from chuxiong_labor.search import choices_response
from chuxiong_labor.units import Unit

from . import forms, permissions, resources, services
from .filters import CoordinatorFilter
from .models import (
    QUOTA_CODE,
    Coordinator,
    CoverageCell,
    Meeting,
    Nomination,
    ProgressReport,
    Service,
    SlateStep,
    TrainingBatch,
    has_coordinator,
    minimum_slate,
    selection_shares,
    slate_steps,
)
from .selection import SELECTION

# ---------------------------------------------------------------- coordinator database


@portal_view()
def coordinator_list(request):
    coordinators = Coordinator.objects.visible_to(request.user).select_related("unit", "employer")
    filters = listing.filter_list(request, CoordinatorFilter, coordinators)
    page = listing.page_of(request, filters.qs.order_by("unit_id", "name", "pk"))
    query = listing.value(filters, "q", "").strip()
    status = listing.value(filters, "status", "")
    chosen_unit = listing.value(filters, "unit")
    unit = str(chosen_unit.pk) if chosen_unit else ""
    return render(
        request,
        "coordinators/coordinator_list.html",
        {
            "page": page,
            "query": query,
            "status": status,
            "unit": unit,
            "units": Unit.objects.owning_records() if roles.sees_all_units(request.user) else [],
            "can_add": permissions.can_add_coordinator(request.user),
        },
    )


@portal_view(model=Coordinator)
def coordinator_detail(request, coordinator):
    return render(
        request,
        "coordinators/coordinator_detail.html",
        {
            "coordinator": coordinator,
            "resident_id": coordinator.resident_id
            if permissions.can_see_resident_id(request.user, coordinator)
            else coordinator.masked_resident_id,
            "services": coordinator.services.select_related("enterprise"),
            "status_changes": coordinator.status_changes.select_related("recorded_by"),
            "nominations": coordinator.nominations.select_related("round", "unit"),
            "can_change": permissions.can_change_coordinator(request.user, coordinator),
            "status_form": forms.StatusForm(),
            "service_form": forms.ServiceForm(user=request.user),
            "history": history_for(coordinator)[:50],
        },
    )


@portal_view(roles=WRITERS)
def coordinator_create(request):
    return _coordinator_form(request, Coordinator())


@portal_view(model=Coordinator, roles=WRITERS)
def coordinator_edit(request, coordinator):
    if not permissions.can_change_coordinator(request.user, coordinator):
        raise PermissionDenied("您无权修改该协调员的信息。")
    return _coordinator_form(request, coordinator)


def _coordinator_form(request, coordinator):
    form = forms.CoordinatorForm(request.POST or None, instance=coordinator, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            coordinator = services.save_coordinator(
                form.instance, actor=request.user, version=form.cleaned_data["version"]
            )
        except StaleEdit as stale:
            form.add_error(None, str(stale))
        else:
            messages.success(request, f"已保存协调员“{coordinator}”。")
            return redirect(coordinator)
    return render(request, "coordinators/coordinator_form.html", {"form": form, "coordinator": coordinator})


@portal_view(model=Coordinator, roles=WRITERS, mutation=True)
def coordinator_status(request, coordinator):
    if not permissions.can_change_coordinator(request.user, coordinator):
        raise PermissionDenied("您无权变更该协调员的状态。")
    form = forms.StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择新状态并填写变更日期。")
        return redirect(coordinator)
    try:
        services.change_status(coordinator, **form.cleaned_data, actor=request.user)
    except ActionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"已登记{coordinator.name}的状态变更。")
    return redirect(coordinator)


@portal_view(model=Coordinator, roles=WRITERS, mutation=True)
def service_add(request, coordinator):
    if not permissions.can_change_coordinator(request.user, coordinator):
        raise PermissionDenied("您无权修改该协调员的服务企业。")
    form = forms.ServiceForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, "请从企业库中选择服务企业。")
        return redirect(coordinator)
    try:
        services.add_service(coordinator, **form.cleaned_data, actor=request.user)
    except ActionRefused as refused:
        messages.error(request, str(refused))
    return redirect(coordinator)


@portal_view(model=Service, roles=WRITERS, mutation=True)
def service_delete(request, service):
    if not permissions.can_change_coordinator(request.user, service.coordinator):
        raise PermissionDenied("您无权修改该协调员的服务企业。")
    services.remove_service(service, actor=request.user)
    messages.success(request, f"已移除服务企业“{service.enterprise}”。")
    return redirect(service.coordinator)


@portal_view(starts_job=True)
def coordinator_export(request):
    return redirect_to_job(request, EXPORT_JOB, title="劳动关系协调员（导出）", source_url=request.get_full_path())


EXPORT_JOB = "coordinators.export"  # registered in jobs.py


UPLOAD_PURPOSE = "coordinators.import"
IMPORT_JOB = "coordinators.import"  # registered in jobs.py
IMPORT_JOB_ROWS = 1000  # a confirmed import of more rows is written by a job, with its own page


@portal_view(roles=WRITERS)
def coordinator_import(request):
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and request.POST.get("token"):
        try:
            stored, data = uploads.held(request.POST["token"], user=request.user, purpose=UPLOAD_PURPOSE)
        except uploads.UploadExpired as expired:
            messages.error(request, str(expired))
            return redirect("coordinators:coordinator_import")
        if data.get("rows", 0) > IMPORT_JOB_ROWS:
            title = f"导入协调员（{data['rows']}行）"
            return redirect_to_job(
                request,
                IMPORT_JOB,
                title=title,
                params={"token": request.POST["token"]},
                source_url=reverse("coordinators:coordinator_import"),
            )
        try:
            with stored.open("rb") as handle:
                plan = resources.read_coordinators(handle, user=request.user)
                counts = services.import_coordinators(plan, actor=request.user)
        except (SpreadsheetError, ActionRefused) as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request,
                f"已导入：新增{counts['new']}名，更新{counts['updated']}名，无变化{counts['unchanged']}名协调员。",
            )
            return redirect("coordinators:coordinator_list")
        finally:
            uploads.release(stored)
        return redirect("coordinators:coordinator_import")
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            plan = resources.read_coordinators(upload, user=request.user)
        except SpreadsheetError as problem:
            form.add_error("file", str(problem))
        else:
            problems = ((number, "", message) for number, message in plan.errors)
            context.update(total=len(plan.rows), previewed=True, rows=plan.rows[:SHOWN_PROBLEMS])
            context.update(problem_context(problems, user=request.user))
            if plan.is_clean:
                context["token"] = uploads.hold(upload, user=request.user, purpose=UPLOAD_PURPOSE, rows=len(plan.rows))
    return render(request, "coordinators/coordinator_import.html", context)


@portal_view()
def coverage(request):
    """Enterprises with a coordinator in post, per county and size class, and the large and medium ones without."""
    user = request.user
    units = list(Unit.objects.counties().select_related("region"))
    if roles.is_unit_scoped(user) and user.unit.is_county:
        units = [user.unit]
    enterprises = Enterprise.objects.visible_to(user)
    covered = has_coordinator()
    classes = [SizeClass.LARGE, SizeClass.MEDIUM, SizeClass.SMALL, SizeClass.MICRO]
    annotations = {}
    for size in classes:
        annotations[f"{size}_total"] = Count("pk", filter=Q(size_class=size))
        annotations[f"{size}_covered"] = Count("pk", filter=Q(size_class=size) & covered)
    by_region = {row.pop("region"): row for row in enterprises.values("region").annotate(**annotations).order_by()}
    coordinators = dict(
        Coordinator.objects.visible_to(user).active().values_list("unit").annotate(n=Count("pk")).order_by()
    )
    rows = []
    for unit in units:
        counts = by_region.get(unit.region_id, {})
        cells = [CoverageCell(counts.get(f"{size}_total", 0), counts.get(f"{size}_covered", 0)) for size in classes]
        rows.append({"unit": unit, "coordinators": coordinators.get(unit.pk, 0), "cells": cells})
    # The 全州 row: the counties' enterprises, and every coordinator in post (member units' too).
    totals = [
        CoverageCell(sum(row["cells"][i].total for row in rows), sum(row["cells"][i].covered for row in rows))
        for i in range(len(classes))
    ]
    counties_coordinators = sum(row["coordinators"] for row in rows)
    whole = {"coordinators": sum(coordinators.values()), "cells": totals}
    whole["of_member_units"] = whole["coordinators"] - counties_coordinators
    uncovered = (
        enterprises.filter(size_class__in=[SizeClass.LARGE, SizeClass.MEDIUM], region__in=[u.region_id for u in units])
        .exclude(covered)
        .select_related("region")
        .order_by("region_id", "name", "pk")
    )
    page = listing.page_of(request, uncovered)
    return render(
        request,
        "coordinators/coverage.html",
        {"rows": rows, "whole": whole, "classes": [size.label for size in classes], "uncovered": page},
    )


# ---------------------------------------------------------------- training batches and meetings


@portal_view()
def training_list(request):
    batches = TrainingBatch.objects.visible_to(request.user).select_related("unit")
    page = listing.page_of(request, batches)
    return render(
        request,
        "coordinators/training_list.html",
        {"page": page, "can_add": permissions.can_add_coordinator(request.user)},
    )


@portal_view(roles=WRITERS)
def training_create(request):
    form = forms.TrainingBatchForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.save_record(form.instance, actor=request.user, version=form.cleaned_data["version"])
        messages.success(request, "已登记培训认定批次。")
        return redirect("coordinators:training_list")
    return render(request, "coordinators/record_form.html", {"form": form, "title": "登记培训认定批次"})


@portal_view(model=TrainingBatch, roles=WRITERS)
def training_edit(request, batch):
    return _record_edit(request, batch, forms.TrainingBatchForm, "修改培训认定批次", "coordinators:training_list")


@portal_view(model=TrainingBatch, roles=WRITERS, mutation=True)
def training_delete(request, batch):
    return _record_delete(request, batch, "coordinators:training_list")


@portal_view()
def meeting_list(request):
    meetings = Meeting.objects.visible_to(request.user).select_related("unit")
    page = listing.page_of(request, meetings)
    return render(
        request,
        "coordinators/meeting_list.html",
        {"page": page, "can_add": permissions.can_add_coordinator(request.user)},
    )


@portal_view(roles=WRITERS)
def meeting_create(request):
    form = forms.MeetingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.save_record(form.instance, actor=request.user, version=form.cleaned_data["version"])
        messages.success(request, "已登记分析研判会议。")
        return redirect("coordinators:meeting_list")
    return render(request, "coordinators/record_form.html", {"form": form, "title": "登记分析研判会议"})


@portal_view(model=Meeting, roles=WRITERS)
def meeting_edit(request, meeting):
    return _record_edit(request, meeting, forms.MeetingForm, "修改分析研判会议", "coordinators:meeting_list")


@portal_view(model=Meeting, roles=WRITERS, mutation=True)
def meeting_delete(request, meeting):
    return _record_delete(request, meeting, "coordinators:meeting_list")


def _record_edit(request, record, form_class, title, list_url):
    if not permissions.can_change_record(request.user, record):
        raise PermissionDenied("您无权修改其他单位的记录。")
    form = form_class(request.POST or None, instance=record, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_record(form.instance, actor=request.user, version=form.cleaned_data["version"])
        except StaleEdit as stale:
            form.add_error(None, str(stale))
        else:
            messages.success(request, f"已保存“{record}”。")
            return redirect(list_url)
    return render(
        request,
        "coordinators/record_form.html",
        {"form": form, "title": title, "history": history_for(record)[:30], "delete_url": _delete_url(record)},
    )


def _delete_url(record):
    name = "training_delete" if isinstance(record, TrainingBatch) else "meeting_delete"
    return reverse(f"coordinators:{name}", args=[record.pk])


def _record_delete(request, record, list_url):
    if not permissions.can_change_record(request.user, record):
        raise PermissionDenied("您无权删除其他单位的记录。")
    services.delete_record(record, actor=request.user)
    messages.success(request, f"已删除“{record}”，删除操作已记入变更记录。")
    return redirect(list_url)


# ---------------------------------------------------------------- gold-coordinator selection
# The candidate, notice, deadline and PDF pages are the shared ones (``chuxiong_labor.nominations.selection``); annex 1's own
# are its year page (quotas and the 1.5× rule), the slate submission and the units' own notices.


def _quotas(year):
    quotas = {}
    targets = (
        Target.objects.cells()
        .filter(programme__code=QUOTA_CODE, unit__isnull=False)
        .for_year(year)
        .order_by("programme__cycle__start_year")
    )
    for target in targets:
        quotas[target.unit_id] = target.value
    return quotas


@portal_view()
def selection_year(request, year):
    round = services.open_round(year)
    user = request.user
    quotas = _quotas(year)
    counts = Nomination.objects.visible_to(user).counts_by_unit(year)
    units = list(Unit.objects.owning_records())
    shares = selection_shares(year, counts, units) if roles.sees_all_units(user) else []
    if roles.is_unit_scoped(user):
        units = [unit for unit in units if unit.pk == user.unit_id]
    summary = []
    for unit in units:
        quota = quotas.get(unit.pk)
        minimum = minimum_slate(quota)
        row = counts.get(unit.pk, {"candidates": 0, "submitted": 0, "approved": 0, "selected": 0, "awarded": 0})
        summary.append({"unit": unit, "quota": quota, "minimum": minimum, "met": row["candidates"] >= minimum, **row})
    steps = slate_steps(round, units)
    for row in summary:
        row["steps"] = steps[row["unit"].pk]
    candidates, filter_context = filter_candidates(
        request, SELECTION, Nomination.objects.visible_to(user).filter(round=round)
    )
    page = listing.page_of(request, candidates.with_people().order_by("unit_id", "pk"), 100)
    own_unit = user.unit if roles.is_unit_scoped(user) else None
    today = timezone.localdate()
    return render(
        request,
        "coordinators/selection_year.html",
        {
            **year_context(SELECTION, user, round),
            **filter_context,
            "year": year,
            "round": round,
            "summary": summary,
            "totals": {
                key: sum(row[key] for row in summary) for key in ("candidates", "approved", "selected", "awarded")
            },
            "shares": shares,
            "page": page,
            "own_unit": own_unit,
            "unit_due_on": round.deadline_for(Level.UNIT, own_unit) if own_unit else round.unit_due_on,
            "prefecture_due_on": round.deadline_for(Level.PREFECTURE, None),
            "today": today,
            "can_submit": own_unit is not None and SELECTION.can_nominate(user, own_unit),
            "slate_form": forms.SlateForm(),
            "step_form": forms.SlateStepForm(),
            "years": range(today.year - 3, today.year + 2),
        },
    )


@portal_view(roles=UNIT_STAFF, mutation=True)
def slate_submit(request, year):
    round = services.open_round(year)
    form = forms.SlateForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写本级推荐意见后再报送。")
        return redirect("coordinators:selection_year", year=year)
    try:
        submitted = services.submit_slate(
            round, request.user.unit, actor=request.user, opinion=form.cleaned_data["opinion"]
        )
    except ActionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"已向州三方办报送{len(submitted)}名候选人。")
    return redirect("coordinators:selection_year", year=year)


@portal_view(roles=UNIT_STAFF, mutation=True)
def unit_notice_create(request, year):
    round = services.open_round(year)
    form = NoticeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写公示开始和结束日期（结束日期不早于开始日期）。")
        return redirect("coordinators:selection_year", year=year)
    try:
        notice = services.publish_unit_notice(round, request.user.unit, **form.cleaned_data, actor=request.user)
    except ActionRefused as refused:
        messages.error(request, str(refused))
        return redirect("coordinators:selection_year", year=year)
    messages.success(request, "已登记本单位的公示。")
    return redirect("notice_detail", pk=notice.pk)


# ---------------------------------------------------------------- the unit's steps before its slate


@portal_view(roles=UNIT_STAFF, mutation=True)
def slate_step_record(request, year):
    round = services.open_round(year)
    form = forms.SlateStepForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, f"推荐程序未登记：{form_problems(form)}")
        return redirect("coordinators:selection_year", year=year)
    try:
        step = services.record_slate_step(round, request.user.unit, actor=request.user, **form.cleaned_data)
    except ActionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"已登记推荐程序：{step}。")
    return redirect("coordinators:selection_year", year=year)


@portal_view(model=SlateStep)
def slate_step_minutes(request, step):
    if not step.minutes:
        raise Http404("该推荐程序没有上传会议纪要。")
    return FileResponse(step.minutes.open("rb"), as_attachment=True, filename=step.minutes.name.rsplit("/", 1)[-1])


@portal_view(model=SlateStep, roles=UNIT_STAFF, mutation=True)
def slate_step_delete(request, step):
    if step.unit_id != request.user.unit_id:
        raise PermissionDenied("只能删除本单位登记的推荐程序。")
    try:
        services.delete_slate_step(step, actor=request.user)
    except ActionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"已删除推荐程序：{step}。")
    return redirect("coordinators:selection_year", year=step.round.year)


# ---------------------------------------------------------------- the yearly progress report (每年8月底)


@portal_view()
def progress_report_list(request, year):
    user = request.user
    reports = {r.unit_id: r for r in ProgressReport.objects.visible_to(user).in_year(year)}
    units = list(Unit.objects.counties())
    if roles.is_unit_scoped(user):
        units = [user.unit]
    own_unit = user.unit if roles.is_unit_scoped(user) else None
    today = timezone.localdate()
    return render(
        request,
        "coordinators/progress_report_list.html",
        {
            "year": year,
            "rows": [(unit, reports.get(unit.pk)) for unit in units],
            "can_write": own_unit is not None and own_unit.is_county,
            "years": range(today.year - 3, today.year + 1),
        },
    )


@portal_view(roles=UNIT_STAFF)
def progress_report_edit(request, year):
    unit = request.user.unit
    report = ProgressReport.objects.filter(unit=unit, year=year).first() or ProgressReport(unit=unit, year=year)
    form = forms.ProgressReportForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.save_progress_report(
                form.instance, actor=request.user, version=form.cleaned_data["version"]
            )
        except (StaleEdit, ActionRefused) as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "已保存。确认无误后请点击“报送”。")
            return redirect(report)
    return render(request, "coordinators/progress_report_form.html", {"form": form, "report": report, "year": year})


@portal_view(model=ProgressReport)
def progress_report_detail(request, report):
    user = request.user
    return render(
        request,
        "coordinators/progress_report_detail.html",
        {
            "report": report,
            "can_submit": report.is_editable and roles.is_unit_scoped(user) and user.unit_id == report.unit_id,
            "can_review": roles.can_review(user) and report.status == ProgressReport.Status.SUBMITTED,
            "return_form": forms.ReturnReasonForm(),
            "history": history_for(report)[:30],
        },
    )


@portal_view(model=ProgressReport, roles=UNIT_STAFF, mutation=True)
def progress_report_submit(request, report):
    if report.unit_id != request.user.unit_id:
        raise PermissionDenied("只能报送本单位的报告。")
    try:
        services.submit_progress_report(report, actor=request.user)
    except ActionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, "已报送州三方办。")
    return redirect(report)


@portal_view(model=ProgressReport, roles=OFFICE, mutation=True)
def progress_report_accept(request, report):
    try:
        services.accept_progress_report(report, actor=request.user)
    except ActionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"已审核通过：{report}。")
    return redirect(report)


@portal_view(model=ProgressReport, roles=OFFICE, mutation=True)
def progress_report_return(request, report):
    form = forms.ReturnReasonForm(request.POST)
    try:
        services.return_progress_report(report, actor=request.user, reason=form.data.get("reason", ""))
    except ActionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"已退回：{report}。")
    return redirect(report)


@portal_view()
def coordinator_choices(request):
    return choices_response(
        request,
        Coordinator.objects.visible_to(request.user).active().select_related("employer"),
        fields=["name", "employer_name", "employer__name"],
        label=lambda person: f"{person.name}（{person.employer_display}）",
        order_by=("name", "pk"),
    )
