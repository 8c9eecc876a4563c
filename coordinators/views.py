"""Annex 1's pages: the coordinator database, training and meetings, and the yearly gold-coordinator selection."""

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from openpyxl import Workbook

from chuxiong_labor import roles, uploads, workflow
from chuxiong_labor.access import portal_view
from chuxiong_labor.concurrency import StaleEdit
from chuxiong_labor.enterprises import Enterprise
from chuxiong_labor.history import history_for
from chuxiong_labor.nominations import Objection, PublicNotice
from chuxiong_labor.pdf import pdf_response
from chuxiong_labor.quotas import Target
from chuxiong_labor.spreadsheets import SpreadsheetError, escape_formula
from chuxiong_labor.units import Unit
from chuxiong_labor.workflow import Action, Level, Status, TransitionRefused

from . import forms, permissions, services
from .models import QUOTA_CODE, Coordinator, Meeting, Nomination, Service, TrainingBatch, minimum_slate
from .permissions import REVIEWERS, UNIT_STAFF, WRITERS
from .recommendation import render_forms
from .resources import CoordinatorResource, dataset_from_upload

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
    coordinators = Coordinator.objects.visible_to(request.user).select_related("unit", "employer")
    resource = CoordinatorResource(
        user=request.user, show_resident_ids=permissions.can_export_resident_ids(request.user)
    )
    dataset = resource.export(queryset=coordinators)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "劳动关系协调员"
    sheet.append(list(dataset.headers))
    for row in dataset:
        sheet.append([escape_formula(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        "attachment; filename=\"coordinators.xlsx\"; filename*=UTF-8''%E5%8D%8F%E8%B0%83%E5%91%98.xlsx"
    )
    return response


UPLOAD_PURPOSE = "coordinators.import"


@portal_view(roles=WRITERS)
def coordinator_import(request):
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and request.POST.get("token"):
        try:
            stored, _data = uploads.held(request.POST["token"], user=request.user, purpose=UPLOAD_PURPOSE)
        except uploads.UploadExpired as expired:
            messages.error(request, str(expired))
            return redirect("coordinators:coordinator_import")
        try:
            with stored.open("rb") as handle:
                count = services.import_coordinators(dataset_from_upload(handle), actor=request.user)
        except (SpreadsheetError, TransitionRefused) as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, f"已导入{count}名协调员。")
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
                context["token"] = uploads.hold(upload, user=request.user, purpose=UPLOAD_PURPOSE)
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


# ---------------------------------------------------------------- gold-coordinator selection


@portal_view()
def selection_current(request):
    return redirect("coordinators:selection_year", year=timezone.localdate().year)


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
            "can_submit": own_unit is not None and permissions.can_submit_slate(user, own_unit),
            "can_review": permissions.can_review(user),
            "slate_form": forms.SlateForm(),
            "bulk_form": forms.BulkActionForm(),
            "bulk_actions": [
                (a, a.label) for a in Action if a not in (Action.SUBMIT, Action.PUBLISH, Action.AWARD, Action.RETURN)
            ],
            "notices": PublicNotice.objects.visible_to(user).filter(round=round),
            "years": range(today.year - 3, today.year + 2),
        },
    )


@portal_view(roles=REVIEWERS)
def round_edit(request, year):
    round = services.open_round(year)
    form = forms.RoundForm(request.POST or None, instance=round, prefix="round")
    extension_form = forms.ExtensionForm(prefix="ext")
    if request.method == "POST" and form.is_valid():
        services.save_record(form, actor=request.user)
        messages.success(request, f"已保存{round}的截止日期。")
        return redirect("coordinators:round_edit", year=year)
    return render(
        request,
        "coordinators/round_form.html",
        {
            "round": round,
            "year": year,
            "form": form,
            "extension_form": extension_form,
            "extensions": round.extensions.select_related("unit", "granted_by"),
        },
    )


@portal_view(roles=REVIEWERS, mutation=True)
def extension_create(request, year):
    round = services.open_round(year)
    form = forms.ExtensionForm(request.POST, prefix="ext")
    if form.is_valid():
        try:
            workflow.grant_extension(round, **form.cleaned_data, actor=request.user)
        except TransitionRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, "已批准延期并记录。")
    else:
        messages.error(request, "请选择延期的环节和单位，填写新的截止日期和延期理由。")
    return redirect("coordinators:round_edit", year=year)


@portal_view(roles=UNIT_STAFF)
def nomination_create(request, year):
    round = services.open_round(year)
    unit = request.user.unit
    form = forms.NominationForm(request.POST or None, unit=unit, round=round)
    if request.method == "POST" and form.is_valid():
        nomination = services.save_record(form, actor=request.user)
        messages.success(request, f"已录入候选人“{nomination}”。")
        return redirect(nomination)
    return render(request, "coordinators/nomination_form.html", {"form": form, "round": round})


@portal_view(model=Nomination, roles=UNIT_STAFF)
def nomination_edit(request, nomination):
    if not permissions.can_change_nomination(request.user, nomination):
        raise PermissionDenied("该候选人已报送，不能修改；如需修改，请联系州三方办退回。")
    form = forms.NominationForm(request.POST or None, instance=nomination, unit=nomination.unit, round=nomination.round)
    if request.method == "POST" and form.is_valid():
        try:
            nomination = services.save_record(form, actor=request.user)
        except StaleEdit as stale:
            form.add_error(None, str(stale))
        else:
            messages.success(request, f"已保存候选人“{nomination}”。")
            return redirect(nomination)
    return render(
        request,
        "coordinators/nomination_form.html",
        {"form": form, "round": nomination.round, "nomination": nomination},
    )


@portal_view(model=Nomination)
def nomination_detail(request, nomination):
    user = request.user
    actions = [
        (action, action.label)
        for action in workflow.allowed_actions(nomination.status)
        if action != Action.PUBLISH and permissions.can_take_action(user, nomination, action)
    ]
    return render(
        request,
        "coordinators/nomination_detail.html",
        {
            "nomination": nomination,
            "coordinator": nomination.coordinator,
            "years": nomination.coordinator.years_in_occupation(),
            "steps": nomination.steps.select_related("actor").order_by("at", "pk"),
            "changes": workflow.changes_since_return(nomination) if nomination.status == Status.RETURNED else [],
            "duplicates": nomination.duplicates().select_related("unit", "coordinator"),
            "earlier_awards": nomination.earlier_awards().select_related("round"),
            "eligibility": nomination.eligibility_problems(),
            "can_change": permissions.can_change_nomination(user, nomination),
            "actions": actions,
            "return_choices": workflow.return_choices(nomination.status),
            "action_form": forms.ActionForm(),
            "history": history_for(nomination)[:50],
        },
    )


@portal_view(model=Nomination, roles=WRITERS, mutation=True)
def nomination_action(request, nomination):
    form = forms.ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择要办理的操作。")
        return redirect(nomination)
    data = form.cleaned_data
    if not permissions.can_take_action(request.user, nomination, data["action"]):
        raise PermissionDenied("您无权办理该操作。")
    try:
        if data["action"] == Action.AWARD and data["certificate_no"]:
            services.set_certificate(nomination, certificate_no=data["certificate_no"], actor=request.user)
        workflow.transition(
            nomination,
            data["action"],
            actor=request.user,
            opinion=data["opinion"],
            reason=data["reason"],
            return_to=data["return_to"] or None,
        )
    except TransitionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"已对“{nomination}”办理“{Action(data['action']).label}”。")
    return redirect(nomination)


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


@portal_view(roles=REVIEWERS, mutation=True)
def nomination_bulk(request, year):
    round = services.open_round(year)
    form = forms.BulkActionForm(request.POST)
    ids = [int(pk) for pk in request.POST.getlist("ids") if pk.isdigit()]
    if not form.is_valid() or not ids:
        messages.error(request, "请勾选候选人并选择要办理的操作。")
        return redirect("coordinators:selection_year", year=year)
    data = form.cleaned_data
    chosen = Nomination.objects.visible_to(request.user).filter(round=round, pk__in=ids).with_people()
    try:
        steps = services.act_on_nominations(
            chosen,
            data["action"],
            actor=request.user,
            opinion=data["opinion"],
            reason=data["reason"],
            return_to=data["return_to"] or None,
        )
    except TransitionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"已对{len(steps)}名候选人办理“{Action(data['action']).label}”。")
    return redirect("coordinators:selection_year", year=year)


@portal_view(roles=REVIEWERS)
def notice_create(request, year):
    round = services.open_round(year)
    approved = Nomination.objects.filter(round=round, status=Status.APPROVED).with_people()
    form = forms.NoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        chosen = approved.filter(pk__in=[int(pk) for pk in request.POST.getlist("ids") if pk.isdigit()])
        try:
            notice = services.publish_prefecture_notice(round, chosen, **form.cleaned_data, actor=request.user)
        except TransitionRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "已发布公示。")
            return redirect("coordinators:notice_detail", pk=notice.pk)
    return render(request, "coordinators/notice_form.html", {"form": form, "round": round, "approved": approved})


@portal_view(roles=UNIT_STAFF, mutation=True)
def unit_notice_create(request, year):
    round = services.open_round(year)
    form = forms.NoticeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写公示开始和结束日期（结束日期不早于开始日期）。")
        return redirect("coordinators:selection_year", year=year)
    try:
        notice = services.publish_unit_notice(round, request.user.unit, **form.cleaned_data, actor=request.user)
    except TransitionRefused as refused:
        messages.error(request, str(refused))
        return redirect("coordinators:selection_year", year=year)
    messages.success(request, "已登记本单位的公示。")
    return redirect("coordinators:notice_detail", pk=notice.pk)


@portal_view(model=PublicNotice)
def notice_detail(request, notice):
    can_handle = permissions.can_handle_objections(request.user, notice)
    return render(
        request,
        "coordinators/notice_detail.html",
        {
            "notice": notice,
            "entries": notice.entries.all(),
            "objections": notice.objections.select_related("entry", "recorded_by", "resolved_by"),
            "can_handle": can_handle,
            "objection_form": forms.ObjectionForm(notice=notice) if can_handle else None,
            "resolve_form": forms.ResolveForm(),
            "today": timezone.localdate(),
        },
    )


@portal_view(model=PublicNotice, roles=WRITERS, mutation=True)
def objection_create(request, notice):
    if not permissions.can_handle_objections(request.user, notice):
        raise PermissionDenied("您无权登记该公示的异议。")
    form = forms.ObjectionForm(request.POST, notice=notice)
    if form.is_valid():
        data = form.cleaned_data
        try:
            workflow.record_objection(notice, actor=request.user, **data)
        except TransitionRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, "已登记异议。处理完毕前，相关候选人不能进入下一步。")
    else:
        messages.error(request, "请填写收到日期和异议内容。")
    return redirect("coordinators:notice_detail", pk=notice.pk)


@portal_view(model=Objection, roles=WRITERS, mutation=True)
def objection_resolve(request, objection):
    if not permissions.can_handle_objections(request.user, objection.notice):
        raise PermissionDenied("您无权处理该异议。")
    form = forms.ResolveForm(request.POST)
    if form.is_valid():
        try:
            workflow.resolve_objection(objection, **form.cleaned_data, actor=request.user)
        except TransitionRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, "已登记异议处理结果。")
    else:
        messages.error(request, "请选择处理结果并填写核实情况及处理理由。")
    return redirect("coordinators:notice_detail", pk=objection.notice_id)


# ---------------------------------------------------------------- the provincial recommendation form


@portal_view(model=Nomination)
def nomination_pdf(request, nomination):
    content = render_forms([nomination])
    return pdf_response(content, f"金牌劳动关系协调员推荐表_{nomination.coordinator.name}.pdf")


@portal_view()
def batch_pdf(request, year):
    nominations = Nomination.objects.visible_to(request.user).in_year(year).with_people()
    unit = request.GET.get("unit", "")
    if unit.isdigit():
        nominations = nominations.filter(unit_id=unit)
    status = request.GET.get("status", "")
    if status in Status.values:
        nominations = nominations.filter(status=status)
    nominations = list(nominations)
    if not nominations:
        messages.error(request, f"{year}年度没有符合条件的候选人，无法生成推荐表。")
        return redirect("coordinators:selection_year", year=year)
    return pdf_response(render_forms(nominations), f"{year}年度金牌劳动关系协调员推荐表.pdf", inline=False)
