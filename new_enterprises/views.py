"""Pages of the new-enterprise service ledger (附件4)."""

import datetime
from types import SimpleNamespace

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from chuxiong_labor import roles
from chuxiong_labor.access import portal_view
from chuxiong_labor.deadlines import Duty
from chuxiong_labor.downloads import redirect_to_job
from chuxiong_labor.enterprises import Enterprise
from chuxiong_labor.forms import year_choices
from chuxiong_labor.imports import problem_context
from chuxiong_labor.lib import listing, uploads
from chuxiong_labor.lib.concurrency import StaleEdit
from chuxiong_labor.lib.history import history_for
from chuxiong_labor.lib.pdf import pdf_response
from chuxiong_labor.lib.spreadsheets import SpreadsheetError
from chuxiong_labor.quotas import Target
from chuxiong_labor.roles import UNIT_STAFF, WRITERS
from chuxiong_labor.units import Unit

from . import permissions, printing, services
from .filters import ExpertFilter, InclusionFilter
from .forms import ExpertMemberForm, InclusionForm, RosterUploadForm, ServiceRecordForm, SummaryForm
from .models import (
    PROGRAMME_CODE,
    ROSTER_DUTY_CODE,
    SUMMARY_DUTY_CODE,
    AnnualSummary,
    ExpertMember,
    Inclusion,
    RosterSubmission,
    ServiceRecord,
)
from .progress import keep_rows_of, plan_progress, summary_figures
from .roster import read_roster

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _chosen_unit(request, filters):
    """Return the unit the prefecture office filters by (``None`` for all); unit staff always see their own."""
    return listing.value(filters, "unit") if roles.sees_all_units(request.user) else None


def _filtered_inclusions(request):
    filters = listing.filter_list(request, InclusionFilter, Inclusion.objects.visible_to(request.user))
    year = listing.value(filters, "year")
    year = int(year) if year is not None else None
    return filters.qs, year, _chosen_unit(request, filters), listing.value(filters, "q", "").strip(), filters


def filtered_inclusions(user, params):
    """Return ``(inclusions, year, unit, query)``: ``user``'s inclusions filtered by the list's ``params``, as the
    list page filters them (``InclusionFilter``); the export job reads them here."""
    filters = InclusionFilter(params, queryset=Inclusion.objects.visible_to(user), request=SimpleNamespace(user=user))
    filters.is_valid()
    year = listing.value(filters, "year")
    unit = listing.value(filters, "unit") if roles.sees_all_units(user) else None
    return filters.qs, int(year) if year is not None else None, unit, listing.value(filters, "q", "").strip()


def stage_labels():
    """Return ``{year: stage label as printed}`` from the 任务分解表 of every cycle."""
    labels = {}
    targets = Target.objects.cells().filter(programme__code=PROGRAMME_CODE).order_by("programme__cycle__start_year")
    for target in targets:
        for year in range(target.year_from, target.year_to + 1):
            labels[year] = target.period
    return labels


UPLOAD_PURPOSE = "new_enterprises.roster"
LEDGER_JOB = "new_enterprises.ledger"  # registered in jobs.py
ROSTER_JOB = "new_enterprises.roster_import"  # registered in jobs.py
JOB_ROWS = 1000  # a confirmed roster of more rows is written by a job, with its own page


@portal_view()
def inclusion_list(request):
    inclusions, year, unit, query, filters = _filtered_inclusions(request)
    state = listing.value(filters, "state", "")
    inclusions = inclusions.select_related("unit", "enterprise__region").order_by("-year", "unit_id", "pk")
    page = listing.page_of(request, inclusions, figures=lambda rows: rows.with_service_figures())
    user = request.user
    return render(
        request,
        "new_enterprises/inclusion_list.html",
        {
            "page": page,
            "year": year,
            "unit": unit,
            "query": query,
            "state": state,
            "years": year_choices(),
            "units": Unit.objects.owning_records() if roles.sees_all_units(user) else [],
            "can_include": roles.is_unit_scoped(user) or roles.can_review(user),
            "can_import": permissions.can_import_roster(user),
            "export_query": request.GET.urlencode(),
        },
    )


@portal_view(roles=WRITERS)
def inclusion_create(request):
    form = InclusionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        if not permissions.can_include(request.user, form.instance.unit):
            raise PermissionDenied("您无权为该单位纳入企业。")
        inclusion = services.include_enterprise(form.instance, actor=request.user, version=form.cleaned_data["version"])
        messages.success(request, f"已将“{inclusion.enterprise}”纳入{inclusion.unit}{inclusion.year}年服务计划。")
        if inclusion.registration_warning:
            messages.warning(request, inclusion.registration_warning)
        return redirect(inclusion)
    return render(request, "new_enterprises/inclusion_form.html", {"form": form})


@portal_view(model=Inclusion)
def inclusion_detail(request, inclusion):
    records = inclusion.services.prefetch_related("experts")
    return render(
        request,
        "new_enterprises/inclusion_detail.html",
        {
            "inclusion": inclusion,
            "enterprise": inclusion.enterprise,
            "records": records,
            "stage": stage_labels().get(inclusion.year, ""),
            "can_change": permissions.can_change_inclusion(request.user, inclusion),
            "history": history_for(inclusion)[:50],
        },
    )


@portal_view(model=Inclusion, roles=WRITERS)
def inclusion_edit(request, inclusion):
    if not permissions.can_change_inclusion(request.user, inclusion):
        raise PermissionDenied("您无权修改其他单位的纳入记录。")
    form = InclusionForm(request.POST or None, instance=inclusion, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.include_enterprise(form.instance, actor=request.user, version=form.cleaned_data["version"])
        except StaleEdit as stale:
            form.add_error(None, str(stale))
        else:
            messages.success(request, "已保存纳入信息。")
            return redirect(inclusion)
    return render(request, "new_enterprises/inclusion_form.html", {"form": form, "inclusion": inclusion})


@portal_view(model=Inclusion, roles=WRITERS)
def service_create(request, inclusion):
    if not permissions.can_change_inclusion(request.user, inclusion):
        raise PermissionDenied("您无权为其他单位的企业登记服务记录。")
    form = ServiceRecordForm(request.POST or None, inclusion=inclusion)
    if request.method == "POST" and form.is_valid():
        services.save_service(
            form.instance,
            actor=request.user,
            version=form.cleaned_data["version"],
            experts=form.cleaned_data["experts"],
        )
        messages.success(request, "已登记服务记录。")
        return redirect(inclusion)
    return render(request, "new_enterprises/service_form.html", {"form": form, "inclusion": inclusion})


@portal_view(model=ServiceRecord, roles=WRITERS)
def service_edit(request, record):
    if not permissions.can_change_service(request.user, record):
        raise PermissionDenied("您无权修改其他单位的服务记录。")
    form = ServiceRecordForm(request.POST or None, instance=record, inclusion=record.inclusion)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_service(
                form.instance,
                actor=request.user,
                version=form.cleaned_data["version"],
                experts=form.cleaned_data["experts"],
            )
        except StaleEdit as stale:
            form.add_error(None, str(stale))
        else:
            messages.success(request, "已保存服务记录。")
            return redirect(record.inclusion)
    return render(
        request,
        "new_enterprises/service_form.html",
        {"form": form, "inclusion": record.inclusion, "record": record, "history": history_for(record)[:50]},
    )


@portal_view(model=ServiceRecord, roles=WRITERS, mutation=True)
def service_delete(request, record):
    if not permissions.can_change_service(request.user, record):
        raise PermissionDenied("您无权删除其他单位的服务记录。")
    inclusion = record.inclusion
    services.delete_service(record, actor=request.user)
    messages.success(request, "已删除该服务记录。")
    return redirect(inclusion)


@portal_view(roles=WRITERS)
def roster_import(request):
    form = RosterUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        unit, year = form.chosen_unit(), form.cleaned_data["year"]
        uploaded = form.cleaned_data["file"]
        try:
            plan = read_roster(uploaded, unit=unit, user=request.user, year=year)
        except SpreadsheetError as problem:
            form.add_error("file", str(problem))
        else:
            token = (
                uploads.hold(
                    uploaded, user=request.user, purpose=UPLOAD_PURPOSE, unit=unit.pk, year=year, counts=plan.counts()
                )
                if plan.is_clean and plan.row_count
                else ""
            )
            return render(request, "new_enterprises/roster_preview.html", _preview_context(plan, token, request.user))
    return render(request, "new_enterprises/roster_import.html", {"form": form})


def _preview_context(plan, token, user):
    problems = ((bad.row, "", problem) for bad in plan.bad_rows for problem in bad.errors)
    return {"plan": plan, "token": token, **problem_context(problems, user=user)}


@portal_view(roles=WRITERS, mutation=True)
def roster_import_confirm(request):
    try:
        path, data = uploads.held(request.POST.get("token", ""), user=request.user, purpose=UPLOAD_PURPOSE)
    except uploads.UploadExpired as problem:
        messages.error(request, str(problem))
        return redirect("new_enterprises:roster_import")
    unit = Unit.objects.get(pk=data["unit"])
    if not permissions.can_include(request.user, unit):
        raise PermissionDenied("您无权为该单位导入名册。")
    if sum(data["counts"][:4]) > JOB_ROWS:
        title = f"导入{unit}名册（{sum(data['counts'][:4])}行）"
        return redirect_to_job(
            request,
            ROSTER_JOB,
            title=title,
            params={"token": request.POST["token"]},
            source_url=reverse("new_enterprises:roster_import"),
        )
    try:
        with path.open("rb") as stored:
            plan = read_roster(stored, unit=unit, user=request.user, year=data["year"])
            if plan.counts() != data["counts"] or not plan.is_clean:
                token = uploads.hold(
                    stored,
                    user=request.user,
                    purpose=UPLOAD_PURPOSE,
                    unit=unit.pk,
                    year=data["year"],
                    counts=plan.counts(),
                )
                uploads.release(path)
                messages.warning(
                    request, "预览之后企业库已有变化，导入结果与刚才的预览不同。请核对下面的新预览后再确认。"
                )
                return render(
                    request,
                    "new_enterprises/roster_preview.html",
                    _preview_context(plan, token if plan.is_clean else "", request.user),
                )
            result = services.import_roster(plan, actor=request.user)
    except (SpreadsheetError, services.RosterChanged) as problem:
        messages.error(request, str(problem))
        return redirect("new_enterprises:roster_import")
    uploads.release(path)
    messages.success(
        request,
        f"名册已导入：新增企业{result['new']}户，更新{result['updated']}户，无变化{result['unchanged']}户"
        + (f"；纳入{data['year']}年计划{result['included']}户" if data["year"] else "")
        + "。",
    )
    return redirect(reverse("new_enterprises:inclusion_list") + (f"?year={data['year']}" if data["year"] else ""))


def _due_date(code, year, fallback):
    duty = Duty.objects.filter(code=code).order_by("-cycle__start_year").first()
    if duty is None or not duty.month:
        return datetime.date(year, *fallback)
    # A year outside the duty's plan cycle has no occurrence; the plan's usual date stands in.
    found = duty.occurrences(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    return found[0] if found else datetime.date(year, *fallback)


def _status(done_at, due_on, today):
    """Return ``(label, bootstrap colour)`` of a yearly report due on ``due_on``."""
    if done_at is not None:
        on_time = timezone.localtime(done_at).date() <= due_on
        return ("按时报送", "success") if on_time else ("逾期报送", "warning")
    if today > due_on:
        return ("逾期未报", "danger")
    return (f"未报送（还剩{(due_on - today).days}天）", "secondary")


@portal_view()
def roster_status(request):
    today = timezone.localdate()
    year = listing.chosen_year(request, today.year)
    due_on = _due_date(ROSTER_DUTY_CODE, year, (5, 31))
    units = Unit.objects.owning_records()
    if roles.is_unit_scoped(request.user):
        units = units.filter(pk=request.user.unit_id)
    submissions = {s.unit_id: s for s in RosterSubmission.objects.filter(year=year).select_related("submitted_by")}
    counts = dict(
        Inclusion.objects.filter(year=year, unit__in=units).values_list("unit").annotate(n=Count("id")).order_by()
    )
    rows = []
    for unit in units:
        submission = submissions.get(unit.pk)
        status = _status(submission.submitted_at if submission else None, due_on, today)
        rows.append((unit, submission, counts.get(unit.pk, 0), status))
    return render(
        request,
        "new_enterprises/roster_status.html",
        {
            "rows": rows,
            "year": year,
            "years": year_choices(),
            "due_on": due_on,
            "can_submit": permissions.can_submit_roster(request.user),
        },
    )


@portal_view(roles=UNIT_STAFF, mutation=True)
def roster_submit(request):
    year = request.POST.get("year", "")
    if not year.isdigit():
        messages.error(request, "请选择要报送名册的年度。")
        return redirect("new_enterprises:roster_status")
    submission = services.submit_roster(request.user.unit, int(year), actor=request.user)
    messages.success(request, f"已向州三方办报送{submission.year}年服务企业名册（{submission.enterprise_count}户）。")
    return redirect(reverse("new_enterprises:roster_status") + f"?year={submission.year}")


@portal_view()
def progress(request):
    today = timezone.localdate()
    year = listing.chosen_year(request, today.year)
    tables = keep_rows_of(plan_progress(year), request.user)
    return render(request, "new_enterprises/progress.html", {"tables": tables, "year": year, "years": year_choices()})


@portal_view(starts_job=True)
def ledger_export(request):
    params = {key: request.GET.get(key, "") for key in ("year", "unit", "q", "state")}
    return redirect_to_job(
        request,
        LEDGER_JOB,
        title="新注册企业信息库（导出）",
        params=params,
        source_url=request.get_full_path(),
    )


@portal_view(model=Enterprise)
def enterprise_sheet(request, enterprise):
    content = printing.render_sheets([enterprise])
    return pdf_response(content, f"新注册企业信息表-{enterprise.name}.pdf")


@portal_view()
def expert_list(request):
    filters = listing.filter_list(
        request, ExpertFilter, ExpertMember.objects.visible_to(request.user).select_related("unit")
    )
    unit = _chosen_unit(request, filters)
    kind = listing.value(filters, "kind", "")
    page = listing.page_of(request, filters.qs.order_by("unit_id", "kind", "name", "pk"))
    return render(
        request,
        "new_enterprises/expert_list.html",
        {
            "page": page,
            "kind": kind,
            "kinds": ExpertMember._meta.get_field("kind").choices,
            "unit": unit,
            "units": Unit.objects.owning_records() if roles.sees_all_units(request.user) else [],
            "can_add": roles.is_unit_scoped(request.user) or roles.can_review(request.user),
        },
    )


@portal_view(roles=WRITERS)
def expert_create(request):
    form = ExpertMemberForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        member = services.save_expert(form.instance, actor=request.user, version=form.cleaned_data["version"])
        messages.success(request, f"已将{member.name}加入专家服务团队。")
        return redirect("new_enterprises:expert_list")
    return render(request, "new_enterprises/expert_form.html", {"form": form})


@portal_view(model=ExpertMember, roles=WRITERS)
def expert_edit(request, member):
    if not permissions.can_change_expert(request.user, member):
        raise PermissionDenied("您无权修改其他单位的专家服务团队成员。")
    form = ExpertMemberForm(request.POST or None, instance=member, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_expert(form.instance, actor=request.user, version=form.cleaned_data["version"])
        except StaleEdit as stale:
            form.add_error(None, str(stale))
        else:
            messages.success(request, f"已保存{member.name}的信息。")
            return redirect("new_enterprises:expert_list")
    return render(
        request,
        "new_enterprises/expert_form.html",
        {"form": form, "member": member, "history": history_for(member)[:50]},
    )


@portal_view()
def summary_list(request):
    today = timezone.localdate()
    year = listing.chosen_year(request, today.year)
    due_on = _due_date(SUMMARY_DUTY_CODE, year, (8, 31))
    units = Unit.objects.owning_records()
    if roles.is_unit_scoped(request.user):
        units = units.filter(pk=request.user.unit_id)
    summaries = {s.unit_id: s for s in AnnualSummary.objects.visible_to(request.user).filter(year=year)}
    rows = [
        (unit, summaries.get(unit.pk), _status(getattr(summaries.get(unit.pk), "submitted_at", None), due_on, today))
        for unit in units
    ]
    return render(
        request,
        "new_enterprises/summary_list.html",
        {
            "rows": rows,
            "year": year,
            "years": year_choices(),
            "due_on": due_on,
            "can_write": roles.is_unit_scoped(request.user),
        },
    )


@portal_view(roles=UNIT_STAFF)
def summary_edit(request, year):
    unit = request.user.unit
    summary = AnnualSummary.objects.filter(unit=unit, year=year).first() or AnnualSummary(unit=unit, year=year)
    form = SummaryForm(request.POST or None, instance=summary)
    if request.method == "POST" and form.is_valid():
        try:
            summary = services.save_summary(
                form.instance, actor=request.user, version=form.cleaned_data["version"], submit="submit" in request.POST
            )
        except StaleEdit as stale:
            form.add_error(None, str(stale))
        else:
            messages.success(request, "已报送年度工作总结。" if summary.submitted_at else "已保存年度工作总结草稿。")
            return redirect(summary)
    return render(
        request,
        "new_enterprises/summary_form.html",
        {"form": form, "summary": summary, "figures": summary_figures(unit, year), "year": year},
    )


@portal_view(model=AnnualSummary)
def summary_detail(request, summary):
    return render(
        request,
        "new_enterprises/summary_detail.html",
        {
            "summary": summary,
            "figures": summary_figures(summary.unit, summary.year),
            "can_write": permissions.can_write_summary(request.user, summary),
            "history": history_for(summary)[:50],
        },
    )
