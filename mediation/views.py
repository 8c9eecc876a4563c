"""Pages of the mediation registry, the case ledger, its figures, inspections, checklist and calendar."""

from types import SimpleNamespace

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from chuxiong_labor import roles
from chuxiong_labor.access import portal_view
from chuxiong_labor.downloads import redirect_to_job
from chuxiong_labor.editing import edit_page
from chuxiong_labor.imports import problem_context
from chuxiong_labor.lib import listing, uploads
from chuxiong_labor.lib.concurrency import StaleEdit
from chuxiong_labor.lib.history import history_for
from chuxiong_labor.lib.spreadsheets import SpreadsheetError
from chuxiong_labor.nominations.views import filter_candidates, year_context
from chuxiong_labor.nominations.workflow import Level
from chuxiong_labor.roles import OFFICE, WRITERS
from chuxiong_labor.search import choices_response
from chuxiong_labor.units import Unit

from . import figures as ledger
from . import inspections, permissions, resources, selection, services, workdays
from .filters import CaseFilter, InspectionFilter, InspectionGridFilter, OrgFilter
from .forms import (
    CaseForm,
    CaseImportForm,
    HolidayCorrectionForm,
    InspectionForm,
    MediatorForm,
    OrgForm,
    WeekendRuleForm,
    WorkRuleItemForm,
)
from .models import (
    Case,
    HolidayCorrection,
    Inspection,
    MediationOrg,
    MediationSettings,
    Mediator,
    Nomination,
    WorkRuleItem,
)

UPLOAD_PURPOSE = "mediation.cases"


def _int(value, default=None):
    return int(value) if str(value or "").isdigit() else default


# Organisations ---------------------------------------------------------------------------------------------


@portal_view()
def org_list(request):
    orgs = MediationOrg.objects.visible_to(request.user).select_related("unit")
    filters = listing.filter_list(request, OrgFilter, orgs)
    unit = listing.value(filters, "unit")
    unit_id = unit.pk if unit else None
    kind = listing.value(filters, "kind", "")
    query = listing.value(filters, "q", "").strip()
    without = MediationOrg.objects.visible_to(request.user).active().without_mediators().count()
    ordered = filters.qs.order_by("unit_id", "kind", "name", "pk")
    page = listing.page_of(request, ordered, figures=lambda rows: rows.with_mediator_counts())
    return render(
        request,
        "mediation/org_list.html",
        {
            "page": page,
            "kinds": MediationOrg.Kind.choices,
            "kind": kind,
            "units": [] if roles.is_unit_scoped(request.user) else Unit.objects.owning_records(),
            "unit_id": unit_id,
            "query": query,
            "flag": listing.value(filters, "flag", ""),
            "without_count": without,
            "can_add": permissions.can_add_org(request.user),
        },
    )


@portal_view(model=MediationOrg)
def org_detail(request, org):
    today = timezone.localdate()
    items = list(WorkRuleItem.objects.filter(Q(is_active=True) | Q(organisations=org)).distinct())
    in_place = set(org.rules.values_list("pk", flat=True))
    years = [today.year, today.year - 1]
    cases = Case.objects.filter(org=org)
    return render(
        request,
        "mediation/org_detail.html",
        {
            "org": org,
            "today": today,
            "mediators": org.mediators.all(),
            "active_mediators": org.mediators.filter(is_active=True).count(),
            "checklist": [(item, item.pk in in_place) for item in items],
            "figures": [(year, ledger.ledger_figures(cases, year)[None]) for year in years],
            "line": ledger.success_line(today.year),
            "recent_cases": cases.select_related("mediator")[:10],
            "open_past": cases.past_limit(today).count(),
            "inspections": org.inspections.all()[:20],
            "history": history_for(org)[:50],
            "can_change": permissions.can_change_org(request.user, org),
            "can_record": permissions.can_record_case(request.user, org),
            "can_inspect": permissions.can_inspect(request.user, org),
        },
    )


@portal_view(roles=WRITERS)
def org_create(request):
    return _org_form(request, MediationOrg())


@portal_view(model=MediationOrg, roles=WRITERS)
def org_edit(request, org):
    if not permissions.can_change_org(request.user, org):
        raise PermissionDenied("您无权修改该调解组织。")
    return _org_form(request, org)


def _org_form(request, org):
    form = OrgForm(request.POST or None, instance=org, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            org = services.save_org(
                form.instance,
                actor=request.user,
                version=form.cleaned_data["version"],
                rules=form.cleaned_data["rules"],
            )
        except StaleEdit as stale:
            form.add_error(None, str(stale))
        else:
            messages.success(request, f"已保存调解组织“{org}”。")
            return redirect(org)
    return render(request, "mediation/org_form.html", {"form": form, "org": org})


@portal_view(model=MediationOrg, roles=WRITERS)
def mediator_create(request, org):
    if not permissions.can_change_org(request.user, org):
        raise PermissionDenied("您无权为该调解组织登记调解员。")
    return _mediator_form(request, org, Mediator(org=org))


@portal_view(model=Mediator, roles=WRITERS)
def mediator_edit(request, mediator):
    if not permissions.can_change_org(request.user, mediator.org):
        raise PermissionDenied("您无权修改该调解员的信息。")
    return _mediator_form(request, mediator.org, mediator)


def _mediator_form(request, org, mediator):
    form = MediatorForm(request.POST or None, instance=mediator)
    if request.method == "POST" and form.is_valid():
        try:
            mediator = services.save_mediator(
                form.instance, org, actor=request.user, version=form.cleaned_data["version"]
            )
        except StaleEdit as stale:
            form.add_error(None, str(stale))
        else:
            messages.success(request, f"已保存调解员“{mediator.name}”。")
            return redirect(org)
    return render(request, "mediation/mediator_form.html", {"form": form, "org": org, "mediator": mediator})


CASE_EXPORT_JOB = "mediation.case_export"  # registered in jobs.py
IMPORT_JOB = "mediation.case_import"  # registered in jobs.py
IMPORT_JOB_ROWS = 1000  # a confirmed import of more rows is written by a job, with its own page

# Case ledger -----------------------------------------------------------------------------------------------


def _filtered_cases(request):
    return filtered_cases(request.user, request.GET, request=request)


def filtered_cases(user, params, *, request=None):
    """Return ``(cases, filters)``: ``user``'s cases filtered by the ledger's query ``params`` (``CaseFilter``), and
    the chosen filters as the list page shows them. With a ``request``, an invalid value is named in a message."""
    cases = Case.objects.visible_to(user).select_related("org__unit", "mediator", "enterprise")
    if request is not None:
        filterset = listing.filter_list(request, CaseFilter, cases)
    else:
        filterset = CaseFilter(params, queryset=cases, request=SimpleNamespace(user=user))
        filterset.is_valid()
    org, unit, year = (listing.value(filterset, name) for name in ("org", "unit", "year"))
    filters = {
        "org": org.pk if org else None,
        "unit": unit.pk if unit else None,
        "year": int(year) if year is not None else None,
        "state": listing.value(filterset, "state", ""),
        "collective": bool(listing.value(filterset, "collective")),
        "q": listing.value(filterset, "q", "").strip() or None,
    }
    return filterset.qs, {name: chosen for name, chosen in filters.items() if chosen or name == "state"}


@portal_view()
def case_list(request):
    today = timezone.localdate()
    cases, filters = _filtered_cases(request)
    page = listing.page_of(request, cases.order_by("-received_on", "-id"))
    limit_counts = Case.objects.visible_to(request.user).limit_counts(today)
    return render(
        request,
        "mediation/case_list.html",
        {
            "page": page,
            "rows": [(case, case.limit_state(today), abs(case.days_left(today))) for case in page],
            "filters": filters,
            "today": today,
            "past_count": limit_counts["past"],
            "approaching_count": limit_counts["approaching"],
            "chosen_org": MediationOrg.objects.visible_to(request.user).filter(pk=filters.get("org")).first()
            if filters.get("org")
            else None,
            "units": [] if roles.is_unit_scoped(request.user) else Unit.objects.owning_records(),
            "can_add": permissions.can_import_cases(request.user),
            "rule_text": MediationSettings.get().rule_text,
            "querystring": request.GET.urlencode(),
        },
    )


@portal_view(model=Case)
def case_detail(request, case):
    today = timezone.localdate()
    return render(
        request,
        "mediation/case_detail.html",
        {
            "case": case,
            "today": today,
            "limit": case.limit(HolidayCorrection.objects.calendar_for([case.received_on])),
            "state": case.limit_state(today),
            "days_left": case.days_left(today),
            "rule_text": MediationSettings.get().rule_text,
            "arbitration_text": workdays.ARBITRATION_TEXT,
            "history": history_for(case)[:50],
            "can_change": permissions.can_change_case(request.user, case),
        },
    )


@portal_view(roles=WRITERS)
def case_create(request):
    case = Case()
    initial = {}
    org_id = _int(request.GET.get("org"))
    if org_id:
        initial["org"] = org_id
    return _case_form(request, case, initial)


@portal_view(model=Case, roles=WRITERS)
def case_edit(request, case):
    if not permissions.can_change_case(request.user, case):
        raise PermissionDenied("您无权修改该案件。")
    return _case_form(request, case, {})


def _case_form(request, case, initial):
    form = CaseForm(request.POST or None, instance=case, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        if not permissions.can_record_case(request.user, form.cleaned_data["org"]):
            raise PermissionDenied("您无权在该调解组织的台账中录入案件。")
        try:
            case = services.save_case(form.instance, actor=request.user, version=form.cleaned_data["version"])
        except StaleEdit as stale:
            form.add_error(None, str(stale))
        else:
            messages.success(request, f"已保存案件“{case}”，15日调解期限于{case.limit_on:%Y-%m-%d}届满。")
            return redirect(case)
    return render(
        request,
        "mediation/case_form.html",
        {"form": form, "case": case, "rule_text": MediationSettings.get().rule_text},
    )


@portal_view(starts_job=True)
def case_export(request):
    params = {key: request.GET.get(key, "") for key in ("org", "unit", "year", "state", "collective", "q")}
    return redirect_to_job(
        request, CASE_EXPORT_JOB, title="调解台账（导出）", params=params, source_url=request.get_full_path()
    )


@portal_view(roles=WRITERS)
def case_import(request):
    form = CaseImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "columns": resources.COLUMNS, "required": resources.REQUIRED}
    if request.method == "POST" and form.is_valid():
        try:
            rows = resources.read_upload(form.cleaned_data["file"])
        except SpreadsheetError as problem:
            form.add_error("file", str(problem))
        else:
            cases, errors = resources.parse_rows(rows, user=request.user)
            context.update(cases=cases, row_count=len(rows))
            context.update(problem_context(errors, user=request.user))
            if not errors:
                context["token"] = uploads.hold(
                    form.cleaned_data["file"], user=request.user, purpose=UPLOAD_PURPOSE, rows=len(rows)
                )
    return render(request, "mediation/case_import.html", context)


@portal_view(roles=WRITERS, mutation=True)
def case_import_confirm(request):
    try:
        stored, data = uploads.held(request.POST.get("token", ""), user=request.user, purpose=UPLOAD_PURPOSE)
    except uploads.UploadExpired as expired:
        messages.error(request, str(expired))
        return redirect("mediation:case_import")
    if data.get("rows", 0) > IMPORT_JOB_ROWS:
        return redirect_to_job(
            request,
            IMPORT_JOB,
            title=f"导入调解台账（{data['rows']}行）",
            params={"token": request.POST["token"]},
            source_url=reverse("mediation:case_import"),
        )
    try:
        with stored.open("rb") as handle:
            rows = resources.read_upload(handle)
    except SpreadsheetError as problem:
        messages.error(request, str(problem))
        return redirect("mediation:case_import")
    finally:
        uploads.release(stored)
    cases, errors = resources.parse_rows(rows, user=request.user)
    if errors:
        messages.error(request, "预览之后台账已有变化，文件中的部分行不再有效，未导入任何案件。请重新上传查看预览。")
        return redirect("mediation:case_import")
    created = services.import_cases(cases, actor=request.user)
    messages.success(request, f"已导入{len(created)}条调解案件。")
    return redirect("mediation:case_list")


# Figures ---------------------------------------------------------------------------------------------------


@portal_view()
def figures(request):
    year = listing.chosen_year(request, timezone.localdate().year)
    cases = Case.objects.visible_to(request.user)
    orgs = (
        MediationOrg.objects.visible_to(request.user).select_related("unit").order_by("unit_id", "kind", "name", "pk")
    )
    # One row per organisation with cases in the year, a page at a time; the unit rows and the total are sums.
    in_year = cases.filter(Q(received_on__year=year) | Q(closed_on__year=year)).values("org")
    page = listing.page_of(request, orgs.filter(pk__in=in_year))
    by_org = ledger.ledger_figures(cases.filter(org__in=[org.pk for org in page]), year, by="org")
    by_unit = ledger.ledger_figures(cases, year, by="org__unit")
    units = [unit for unit in Unit.objects.owning_records() if unit.pk in by_unit]
    total = ledger.ledger_figures(cases, year)[None]
    return render(
        request,
        "mediation/figures.html",
        {
            "year": year,
            "years": range(timezone.localdate().year, 2020, -1),
            "line": ledger.success_line(year),
            "unit_rows": [(unit, by_unit[unit.pk]) for unit in units],
            "org_rows": [(org, by_org.get(org.pk, ledger.Figures())) for org in page],
            "page": page,
            "total": total,
            "formula": ledger.FORMULA_TEXT,
            "alternative": ledger.ALTERNATIVE_FORMULA_TEXT,
            "formula_note": ledger.FORMULA_NOTE,
        },
    )


# Inspections -----------------------------------------------------------------------------------------------


@portal_view(model=MediationOrg, roles=WRITERS)
def inspection_create(request, org):
    if not permissions.can_inspect(request.user, org):
        raise PermissionDenied("您无权检查该调解组织。")
    return _inspection_form(request, org, Inspection(org=org))


@portal_view(model=Inspection, roles=WRITERS)
def inspection_edit(request, inspection):
    if not permissions.can_change_inspection(request.user, inspection):
        raise PermissionDenied("您无权修改该检查记录。")
    return _inspection_form(request, inspection.org, inspection)


def _inspection_form(request, org, inspection):
    items = WorkRuleItem.objects.filter(is_active=True)
    form = InspectionForm(request.POST or None, instance=inspection, items=items)
    if request.method == "POST" and form.is_valid():
        try:
            inspection = services.save_inspection(
                form.instance, org, actor=request.user, version=form.cleaned_data["version"], findings=form.findings()
            )
        except StaleEdit as stale:
            form.add_error(None, str(stale))
        else:
            messages.success(request, f"已保存{inspection.quarter}对“{org}”的监督检查。")
            return redirect(inspection)
    return render(request, "mediation/inspection_form.html", {"form": form, "org": org, "inspection": inspection})


@portal_view(model=Inspection)
def inspection_detail(request, inspection):
    return render(
        request,
        "mediation/inspection_detail.html",
        {
            "inspection": inspection,
            "findings": inspection.findings.select_related("item"),
            "today": timezone.localdate(),
            "history": history_for(inspection)[:50],
            "can_change": permissions.can_change_inspection(request.user, inspection),
        },
    )


@portal_view()
def inspection_list(request):
    records = Inspection.objects.visible_to(request.user).select_related("org__unit")
    filters = listing.filter_list(request, InspectionFilter, records)
    page = listing.page_of(request, filters.qs.order_by("-inspected_on", "-pk"))
    return render(
        request,
        "mediation/inspection_list.html",
        {"page": page, "today": timezone.localdate(), "filter_form": filters.form},
    )


@portal_view()
def inspection_grid(request):
    today = timezone.localdate()
    orgs = MediationOrg.objects.visible_to(request.user).active().select_related("unit")
    filters = listing.filter_list(request, InspectionGridFilter, orgs, today=today)
    year = filters.chosen_year
    page = listing.page_of(request, filters.qs.order_by("unit_id", "name", "pk"))
    return render(
        request,
        "mediation/inspection_grid.html",
        {
            "year": year,
            "page": page,
            "rows": [
                (org, cells, permissions.can_inspect(request.user, org))
                for org, cells in inspections.grid(page, year, today)
            ],
            "quarters": inspections.quarters(year, today),
            "missing": inspections.missing_inspection(filters.qs, year, today).count(),
            "filter_form": filters.form,
        },
    )


# Checklist and calendar (the prefecture office) ----------------------------------------------------------


@portal_view()
def rule_list(request):
    return render(
        request,
        "mediation/rule_list.html",
        {
            "items": WorkRuleItem.objects.all(),
            "can_manage": permissions.can_manage_checklist(request.user),
        },
    )


@portal_view(roles=OFFICE)
def rule_create(request):
    return _rule_form(request, WorkRuleItem())


@portal_view(model=WorkRuleItem, roles=OFFICE)
def rule_edit(request, item):
    return _rule_form(request, item)


def _rule_form(request, item):
    return edit_page(
        request,
        WorkRuleItemForm(request.POST or None, instance=item),
        template="mediation/rule_form.html",
        context={"item": item},
        message=lambda saved: f"已保存检查项目“{saved.name}”。",
        success_url="mediation:rule_list",
    )


@portal_view()
def holiday_list(request):
    year = listing.chosen_year(request, timezone.localdate().year)
    calendar = HolidayCorrection.objects.calendar([year])
    days = sorted(
        [(day, name, "off") for day, name in calendar.days_off.items() if day.year == year]
        + [(day, "调休上班", "work") for day in calendar.working_weekends if day.year == year]
    )
    corrections = HolidayCorrection.objects.filter(on__year=year)
    can_correct = permissions.can_correct_calendar(request.user)
    return render(
        request,
        "mediation/holiday_list.html",
        {
            "year": year,
            "years": range(timezone.localdate().year + 1, 2020, -1),
            "days": days,
            "corrections": corrections,
            "corrected": {correction.on for correction in corrections},
            "form": HolidayCorrectionForm() if can_correct else None,
            "can_correct": can_correct,
            "weekend_form": WeekendRuleForm(instance=MediationSettings.get()) if can_correct else None,
            "rule_text": MediationSettings.get().rule_text,
        },
    )


@portal_view(roles=OFFICE)
def holiday_create(request):
    form = HolidayCorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        correction = services.add_holiday_correction(form.instance, actor=request.user)
        messages.success(request, f"已更正{correction.on:%Y-%m-%d}，相关案件的调解期限已重新计算。")
        return redirect(f"{reverse('mediation:holiday_list')}?year={correction.on.year}")
    return render(request, "mediation/holiday_form.html", {"form": form})


@portal_view(roles=OFFICE, mutation=True)
def weekend_rule_edit(request):
    form = WeekendRuleForm(request.POST)
    if form.is_valid():
        changed = services.set_weekend_rule(form.cleaned_data["weekends_roll"], actor=request.user)
        rule = "普通周末顺延" if form.cleaned_data["weekends_roll"] else "普通周末不顺延"
        messages.success(request, f"已设为“{rule}”，{changed}件未结案件的调解期限已重新计算。")
    return redirect("mediation:holiday_list")


@portal_view(model=HolidayCorrection, roles=OFFICE, mutation=True)
def holiday_delete(request, correction):
    year = correction.on.year
    services.delete_holiday_correction(correction, actor=request.user)
    messages.success(request, "已撤销该更正，相关案件的调解期限已重新计算。")
    return redirect(f"{reverse('mediation:holiday_list')}?year={year}")


# Gold selection (the candidate, notice, scoring and deadline pages are the shared ones) -----------------------


@portal_view()
def selection_year(request, year):
    round = services.open_round(year)
    user = request.user
    candidates, filter_context = filter_candidates(
        request, selection.SELECTION, Nomination.objects.visible_to(user).filter(round=round)
    )
    # A page at a time (at ×100 a year has some 1,900 candidates), in the order of the index on (unit, id).
    page = listing.page_of(request, candidates.select_related("org", "unit", "round").order_by("unit_id", "pk"), 100)
    candidates = list(page.object_list)
    results = selection.SELECTION.results_shown(user, candidates)
    evidence = selection.evidence(candidates, year)
    units = Unit.objects.counties()
    if roles.is_unit_scoped(user):
        units = units.filter(pk=user.unit_id)
    today = timezone.localdate()
    return render(
        request,
        "mediation/selection_year.html",
        {
            **year_context(selection.SELECTION, user, round),
            **filter_context,
            "year": year,
            "round": round,
            "page": page,
            "years": range(today.year + 1, 2020, -1),
            "rows": [(c, results[c.pk], evidence[c.pk]) for c in candidates],
            "county_rows": selection.county_rows(year, units),
            "progress": selection.plan_progress(year),
            "line": ledger.success_line(year - 1),
            "unit_due_on": round.deadline_for(Level.UNIT, user.unit if roles.is_unit_scoped(user) else None),
            "can_nominate": selection.SELECTION.can_nominate(user),
        },
    )


@portal_view()
def org_choices(request):
    return choices_response(
        request,
        MediationOrg.objects.visible_to(request.user).active().select_related("unit"),
        fields=["name"],
        label=lambda org: f"{org.name}（{org.unit}）",
        order_by=("unit__sort_order", "name", "pk"),
    )


@portal_view()
def mediator_choices(request):
    return choices_response(
        request,
        Mediator.objects.visible_to(request.user).active().select_related("org"),
        fields=["name", "org__name"],
        label=lambda mediator: f"{mediator.name}（{mediator.org}）",
        order_by=("name", "pk"),
        narrow_by={"org": "org_id"},
    )
