"""Annex 1's pages: the coordinator database, training and meetings, and the yearly gold-coordinator selection."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from chuxiong_labor import roles
from chuxiong_labor.access import portal_view
from chuxiong_labor.enterprises import Enterprise
from chuxiong_labor.lib import uploads
from chuxiong_labor.lib.concurrency import StaleEdit
from chuxiong_labor.lib.history import history_for
from chuxiong_labor.lib.jobs import start_job
from chuxiong_labor.lib.spreadsheets import SpreadsheetError
from chuxiong_labor.nominations.selection import NoticeForm, year_context
from chuxiong_labor.nominations.workflow import Level, Status, TransitionRefused
from chuxiong_labor.quotas import Target
from chuxiong_labor.search import choices_response
from chuxiong_labor.units import Unit

from . import forms, permissions, services
from .models import QUOTA_CODE, Coordinator, Meeting, Nomination, Service, TrainingBatch, minimum_slate
from .permissions import UNIT_STAFF, WRITERS
from .resources import dataset_from_upload
from .selection import SELECTION

PAGE_SIZE = 50


# ---------------------------------------------------------------- coordinator database


@portal_view()
def coordinator_list(request):
    coordinators = Coordinator.objects.visible_to(request.user).select_related("unit", "employer")
    query = request.GET.get("q", "").strip()
    if query:
        coordinators = coordinators.search(query)
    status = request.GET.get("status", "")
    if status:
        coordinators = coordinators.filter(status=status)
    unit = request.GET.get("unit", "")
    if unit.isdigit():
        coordinators = coordinators.filter(unit_id=unit)
    page = Paginator(coordinators, PAGE_SIZE).get_page(request.GET.get("page"))
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
            coordinator = services.save_coordinator(form, actor=request.user)
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
    except TransitionRefused as refused:
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
    except TransitionRefused as refused:
        messages.error(request, str(refused))
    return redirect(coordinator)


@portal_view(model=Service, roles=WRITERS, mutation=True)
def service_delete(request, service):
    if not permissions.can_change_coordinator(request.user, service.coordinator):
        raise PermissionDenied("您无权修改该协调员的服务企业。")
    services.remove_service(service, actor=request.user)
    messages.success(request, f"已移除服务企业“{service.enterprise}”。")
    return redirect(service.coordinator)


@portal_view()
def coordinator_export(request):
    started = start_job(
        EXPORT_JOB, owner=request.user, title="劳动关系协调员（导出）", source_url=request.get_full_path()
    )
    return redirect(started)


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
            started = start_job(
                IMPORT_JOB,
                owner=request.user,
                title=title,
                params={"token": request.POST["token"]},
                source_url=reverse("coordinators:coordinator_import"),
            )
            return redirect(started)
        try:
            with stored.open("rb") as handle:
                counts = services.import_coordinators(dataset_from_upload(handle), actor=request.user)
        except (SpreadsheetError, TransitionRefused) as refused:
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
            dataset = dataset_from_upload(upload)
            total, errors = services.preview_import(dataset, user=request.user)
        except SpreadsheetError as problem:
            form.add_error("file", str(problem))
        else:
            context.update(total=total, errors=errors, previewed=True, rows=dataset.dict[:200])
            if not errors:
                context["token"] = uploads.hold(upload, user=request.user, purpose=UPLOAD_PURPOSE, rows=total)
    return render(request, "coordinators/coordinator_import.html", context)


@portal_view()
def coverage(request):
    """Enterprises with at least one coordinator in post, per unit: large/medium and small/micro."""
    units = list(Unit.objects.counties().select_related("region"))
    covered = Service.objects.filter(coordinator__status="active").values("enterprise")
    enterprises = Enterprise.objects.visible_to(request.user)
    rows = []
    counts = (
        enterprises.values("region")
        .annotate(
            large_medium=Count("pk", filter=Q(size_class__in=["large", "medium"])),
            large_medium_covered=Count("pk", filter=Q(size_class__in=["large", "medium"], pk__in=covered)),
            small_micro=Count("pk", filter=Q(size_class__in=["small", "micro"])),
            small_micro_covered=Count("pk", filter=Q(size_class__in=["small", "micro"], pk__in=covered)),
        )
        .order_by()
    )
    by_region = {row["region"]: row for row in counts}
    coordinators = dict(
        Coordinator.objects.visible_to(request.user).active().values_list("unit").annotate(n=Count("pk")).order_by()
    )
    if roles.is_unit_scoped(request.user) and request.user.unit.is_county:
        units = [request.user.unit]
    for unit in units:
        row = by_region.get(unit.region_id, {})
        rows.append({"unit": unit, "coordinators": coordinators.get(unit.pk, 0), **row})
    return render(request, "coordinators/coverage.html", {"rows": rows})


# ---------------------------------------------------------------- training batches and meetings


@portal_view()
def training_list(request):
    batches = TrainingBatch.objects.visible_to(request.user).select_related("unit")
    page = Paginator(batches, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "coordinators/training_list.html",
        {"page": page, "can_add": permissions.can_add_coordinator(request.user)},
    )


@portal_view(roles=WRITERS)
def training_create(request):
    form = forms.TrainingBatchForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.save_record(form, actor=request.user)
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
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "coordinators/meeting_list.html",
        {"page": page, "can_add": permissions.can_add_coordinator(request.user)},
    )


@portal_view(roles=WRITERS)
def meeting_create(request):
    form = forms.MeetingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.save_record(form, actor=request.user)
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
            services.save_record(form, actor=request.user)
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
    units = Unit.objects.owning_records()
    if roles.is_unit_scoped(user):
        units = units.filter(pk=user.unit_id)
    summary = []
    for unit in units:
        quota = quotas.get(unit.pk)
        minimum = minimum_slate(quota)
        row = counts.get(unit.pk, {"candidates": 0, "submitted": 0, "selected": 0, "awarded": 0})
        summary.append({"unit": unit, "quota": quota, "minimum": minimum, "met": row["candidates"] >= minimum, **row})
    candidates = Nomination.objects.visible_to(user).filter(round=round).with_people()
    status = request.GET.get("status", "")
    if status in Status.values:
        candidates = candidates.filter(status=status)
    page = Paginator(candidates, 100).get_page(request.GET.get("page"))
    own_unit = user.unit if roles.is_unit_scoped(user) else None
    today = timezone.localdate()
    return render(
        request,
        "coordinators/selection_year.html",
        {
            **year_context(SELECTION, user, round),
            "year": year,
            "round": round,
            "summary": summary,
            "totals": {key: sum(row[key] for row in summary) for key in ("candidates", "selected", "awarded")},
            "page": page,
            "status": status,
            "statuses": Status.choices,
            "own_unit": own_unit,
            "unit_due_on": round.deadline_for(Level.UNIT, own_unit) if own_unit else round.unit_due_on,
            "today": today,
            "can_submit": own_unit is not None and SELECTION.can_nominate(user, own_unit),
            "slate_form": forms.SlateForm(),
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
    except TransitionRefused as refused:
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
    except TransitionRefused as refused:
        messages.error(request, str(refused))
        return redirect("coordinators:selection_year", year=year)
    messages.success(request, "已登记本单位的公示。")
    return redirect("notice_detail", pk=notice.pk)


@portal_view()
def coordinator_choices(request):
    return choices_response(
        request,
        Coordinator.objects.visible_to(request.user).active().select_related("employer"),
        fields=["name", "employer_name", "employer__name"],
        label=lambda person: f"{person.name}（{person.employer_display}）",
        order_by=("name", "pk"),
    )
