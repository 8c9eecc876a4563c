"""Pages of annex 5 (重点企业用工指导): the list, monthly monitoring, the ledger, layoffs, leads and bargaining."""

from functools import partial
from urllib.parse import urlencode

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, prefetch_related_objects
from django.shortcuts import redirect, render
from django.utils import timezone

from chuxiong_labor import roles
from chuxiong_labor.access import portal_view
from chuxiong_labor.editing import edit_page
from chuxiong_labor.forms import name_row_fields
from chuxiong_labor.imports import problem_context
from chuxiong_labor.lib import listing, uploads
from chuxiong_labor.lib.errors import ActionRefused
from chuxiong_labor.lib.history import history_for
from chuxiong_labor.lib.pdf import pdf_response
from chuxiong_labor.lib.spreadsheets import SpreadsheetError, simple_workbook, xlsx_response
from chuxiong_labor.quotas import target_value
from chuxiong_labor.search import choices_response
from chuxiong_labor.units import Unit
from mediation.models import Case

from . import compensation, imports, permissions, services
from .checks import duty_states
from .dossier import render_dossier
from .figures import (
    BARGAINING_GOAL,
    LEDGER_HEADINGS,
    WAGE_CONTRACT_GOAL,
    bargaining_rates,
    leads_by_unit_and_level,
    ledger_entries,
    ledger_row,
    monitored_per_unit,
    month_grid,
    rate_enterprises,
    trend,
    trend_chart,
    unanswered_rehires,
    union_day,
)
from .filters import LeadFilter, MonitoredFilter
from .forms import (
    BargainingForm,
    BatchOpenForm,
    ConfigForm,
    ExperienceForm,
    FiguresForm,
    FiguresUploadForm,
    LayoffPlanForm,
    LeadActionForm,
    LeadAssignForm,
    MeetingForm,
    MonitoredForm,
    NewRuleForm,
    RehireNoticeForm,
    RemoveForm,
    ReplyForm,
    RetainedFormSet,
    ReturnForm,
    RuleForm,
    UnemploymentRateForm,
    UploadForm,
    VisitForm,
    WageForm,
    people_formset,
    year_choices,
)
from .guidance import guidance_of
from .models import (
    LEVEL_RANK,
    PROGRAMME_CODE,
    BargainingRecord,
    ExperienceReport,
    GuidanceVisit,
    LayoffPerson,
    LayoffPlan,
    Lead,
    Level,
    MonitoredEnterprise,
    MonitoringConfig,
    MonthlyBatch,
    MonthlyFigures,
    RetainedPerson,
    RiskMeeting,
    WageSetting,
    WarningRule,
)
from .permissions import PREFECTURE, WRITERS

LIST_PURPOSE = "key_enterprises.list"
FIGURES_PURPOSE = "key_enterprises.figures"
PEOPLE_PURPOSE = "key_enterprises.layoff_people"


def _year(request):
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else timezone.localdate().year


def _units_for(user):
    """The units whose rows ``user`` sees in per-unit tables: all for the prefecture, their own for unit staff."""
    if roles.sees_all_units(user):
        return list(Unit.objects.in_table_order())
    return [user.unit] if user.unit_id else []


def _form_page(request, form, title, back, *, message, success_url, history=None, **options):
    """Annex 5's create and edit pages: the kernel's edit path on the app's one form template."""
    context = {"title": title, "back": back, "history": history}
    return edit_page(
        request, form, template="key_enterprises/form.html", context=context, message=message,
        success_url=success_url, **options,
    )  # fmt: skip


def _with_lead_count(rows):
    """Annotate each of a page's rows with its number of leads."""
    return rows.annotate(lead_count=Count("leads"))


# The monitoring list ----------------------------------------------------------------------------------------


@portal_view()
def monitored_list(request):
    data = request.GET.copy()
    data.setdefault("year", str(timezone.localdate().year))
    entries = MonitoredEnterprise.objects.visible_to(request.user).select_related("unit", "enterprise__region")
    filtered = MonitoredFilter(data, queryset=entries, request=request)
    if not roles.sees_all_units(request.user):
        del filtered.form.fields["unit"]
    page = listing.page_of(request, filtered.qs.order_by("unit_id", "pk"), figures=_with_lead_count)
    return render(
        request,
        "key_enterprises/monitored_list.html",
        {
            "filter": filtered,
            "page": page,
            "can_add": roles.is_unit_scoped(request.user) or roles.can_review(request.user),
            "export_query": data.urlencode(),
            "dossier_query": urlencode(
                {"document": "key_enterprises.dossier", "year": data["year"], "unit": data.get("unit", "")}
            ),
        },
    )


@portal_view(roles=WRITERS)
def monitored_create(request):
    form = MonitoredForm(request.POST or None, user=request.user)
    return _form_page(
        request, form, "列入重点企业监测清单", "key_enterprises:monitored_list",
        message=lambda entry: f"已将“{entry.enterprise}”列入{entry.unit}{entry.year}年重点企业监测清单。",
        success_url=lambda entry: entry,
        permission=lambda entry: permissions.can_monitor(request.user, entry.unit),
        refusal="您无权为该单位纳入监测企业。",
    )  # fmt: skip


@portal_view(model=MonitoredEnterprise)
def monitored_detail(request, entry):
    return _monitored_page(request, entry)


def _monitored_page(request, entry, remove_form=None):
    """The enterprise's page; a refused removal shows it again with what was typed."""
    figures = trend(entry)
    return render(
        request,
        "key_enterprises/monitored_detail.html",
        {
            "entry": entry,
            "enterprise": entry.enterprise,
            "figures": figures,
            "chart": trend_chart(figures),
            "guidance": guidance_of(entry),
            "plans": entry.layoff_plans.all(),
            "leads": entry.leads.order_by("-opened_on"),
            "can_change": permissions.can_monitor(request.user, entry.unit),
            "remove_form": remove_form
            or RemoveForm(initial={"removed_on": timezone.localdate(), "version": entry.version}),
            "history": history_for(entry)[:50],
        },
    )


@portal_view(model=MonitoredEnterprise, roles=WRITERS)
def monitored_edit(request, entry):
    if not permissions.can_monitor(request.user, entry.unit):
        raise PermissionDenied("您无权修改其他单位的监测企业。")
    form = MonitoredForm(request.POST or None, instance=entry, user=request.user)
    return _form_page(
        request, form, f"修改监测信息：{entry.enterprise}", entry.get_absolute_url(),
        message="已保存。", success_url=entry, history=history_for(entry)[:50],
    )  # fmt: skip


@portal_view(model=MonitoredEnterprise, roles=WRITERS, mutation=True)
def monitored_remove(request, entry):
    if not permissions.can_monitor(request.user, entry.unit):
        raise PermissionDenied("您无权调整其他单位的监测清单。")
    form = RemoveForm(request.POST)
    if form.is_valid():
        try:
            services.remove_from_list(
                entry,
                actor=request.user,
                removed_on=form.cleaned_data["removed_on"],
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except ActionRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, f"已将“{entry.enterprise}”调出{entry.year}年监测清单，原因已记录。")
            return redirect(entry)
    # The page again with what was typed and what to fix, against the entry as it now stands (shown above it).
    entry.refresh_from_db()
    form.data = form.data.copy()
    form.data["version"] = entry.version
    return _monitored_page(request, entry, remove_form=form)


@portal_view(model=MonitoredEnterprise)
def monitored_pdf(request, entry):
    return pdf_response(render_dossier(entry), f"一企一档-{entry.enterprise.name}-{entry.year}.pdf")


@portal_view()
def monitored_export(request):
    entries = MonitoredEnterprise.objects.visible_to(request.user).select_related("unit", "enterprise__region")
    filtered = MonitoredFilter(request.GET, queryset=entries, request=request)
    workbook = imports.list_workbook(filtered.qs.order_by("unit__sort_order", "enterprise__name"))
    return xlsx_response(workbook, f"重点企业清单-{timezone.localdate():%Y%m%d}.xlsx")


@portal_view(roles=WRITERS)
def list_import(request):
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    context = {"form": form, "columns": imports.LIST_COLUMNS}
    if request.method == "POST" and form.is_valid():
        unit, year = form.chosen_unit(), form.cleaned_data["year"]
        if not permissions.can_monitor(request.user, unit):
            raise PermissionDenied("您无权为该单位导入监测清单。")
        try:
            plan = imports.read_list(form.cleaned_data["file"], user=request.user, unit=unit, year=year)
        except SpreadsheetError as problem:
            form.add_error("file", str(problem))
        else:
            context["plan"] = plan
            context.update(problem_context(plan.errors, user=request.user))
            if not plan.errors:
                context["token"] = uploads.hold(
                    form.cleaned_data["file"], user=request.user, purpose=LIST_PURPOSE, unit=unit.pk, year=year
                )
    return render(request, "key_enterprises/list_import.html", context)


@portal_view(roles=WRITERS)
def list_import_template(request):
    return xlsx_response(imports.list_template(), "重点企业监测清单导入模板.xlsx")


@portal_view(roles=WRITERS, mutation=True)
def list_import_confirm(request):
    try:
        stored, data = uploads.held_for(request.POST.get("token", ""), user=request.user, purpose=LIST_PURPOSE)
    except uploads.UploadExpired as expired:
        messages.error(request, str(expired))
        return redirect("key_enterprises:list_import")
    unit = Unit.objects.get(pk=data["unit"])
    if not permissions.can_monitor(request.user, unit):
        raise PermissionDenied("您无权为该单位导入监测清单。")
    try:
        with stored.open("rb") as handle:
            plan = imports.read_list(handle, user=request.user, unit=unit, year=data["year"])
        result = services.import_monitoring_list(plan, actor=request.user)
    except (SpreadsheetError, ActionRefused) as problem:
        messages.error(request, f"{problem} 本次没有导入任何企业。")
        return redirect("key_enterprises:list_import")
    finally:
        uploads.release(stored)
    messages.success(request, f"已导入：新列入{result['new']}户，更新{result['updated']}户。")
    return redirect("key_enterprises:monitored_list")


@portal_view()
def progress(request):
    year = _year(request)
    units = _units_for(request.user)
    achieved = monitored_per_unit(units, year)
    rows = [(unit, target_value(PROGRAMME_CODE, unit, year), achieved[unit.pk]) for unit in units]
    all_units = list(Unit.objects.in_table_order())
    counties_and_prefecture = [u for u in all_units if u.kind != Unit.Kind.MEMBER_UNIT]
    totals = monitored_per_unit(counties_and_prefecture, year)
    return render(
        request,
        "key_enterprises/progress.html",
        {
            "year": year,
            "years": year_choices(),
            "rows": [
                (unit, target, done, (target or 0) - done if target is not None else None)
                for unit, target, done in rows
            ],
            "prefecture_total": sum(totals.values()),
            "duties": duty_states(units, year),
            "stated_table": 162,
            "stated_text": 160,
        },
    )


# The service ledger -----------------------------------------------------------------------------------------


def _ledger_entries(request):
    year = _year(request)
    entries = MonitoredEnterprise.objects.visible_to(request.user).in_year(year).current()
    return year, entries.order_by("unit_id", "pk")


@portal_view()
def ledger(request):
    year, entries = _ledger_entries(request)
    # The headcount's subqueries are the page's figures: run for every row the offset skips, the reviewer's last
    # page took 15 s at ×100.
    page = listing.page_of(request, entries, figures=ledger_entries)
    rows = [(entry, ledger_row(entry)) for entry in page]
    return render(
        request,
        "key_enterprises/ledger.html",
        {"year": year, "years": year_choices(), "page": page, "rows": rows, "headings": LEDGER_HEADINGS},
    )


@portal_view()
def ledger_export(request):
    year, entries = _ledger_entries(request)
    rows = (ledger_row(entry) for entry in ledger_entries(entries))
    workbook = simple_workbook("指导服务台账", LEDGER_HEADINGS, rows)
    return xlsx_response(workbook, f"重点企业指导服务台账-{year}.xlsx")


@portal_view(model=MonitoredEnterprise, roles=WRITERS)
def visit_create(request, entry):
    if not permissions.can_monitor(request.user, entry.unit):
        raise PermissionDenied("您无权为其他单位的企业登记指导记录。")
    form = VisitForm(request.POST or None, instance=GuidanceVisit(monitored=entry))
    return _form_page(
        request, form, f"登记跟踪指导：{entry.enterprise}", entry.get_absolute_url(),
        message="已登记跟踪指导记录。", success_url=entry,
    )  # fmt: skip


@portal_view(model=GuidanceVisit, roles=WRITERS)
def visit_edit(request, visit):
    if not permissions.can_change_monitored_record(request.user, visit):
        raise PermissionDenied("您无权修改其他单位的指导记录。")
    form = VisitForm(request.POST or None, instance=visit)
    return _form_page(
        request, form, f"修改跟踪指导：{visit.monitored.enterprise}", visit.monitored.get_absolute_url(),
        message="已保存跟踪指导记录。", success_url=visit.monitored, history=history_for(visit)[:50],
    )  # fmt: skip


# Layoffs ----------------------------------------------------------------------------------------------------


PERSON_FIELDS = ("name", "post", "started_on", "ended_on", "base_wage_yuan", "protection")


def _rows(formset, model, names):
    return [
        model(**{name: f.cleaned_data[name] for name in names})
        for f in formset.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


def _save_layoff(form, *, actor, people, retained):
    return services.save_layoff_plan(
        form,
        _rows(people, LayoffPerson, PERSON_FIELDS),
        _rows(retained, RetainedPerson, ("name", "reason")),
        actor=actor,
    )


def _layoff_page(request, entry, plan):
    """The plan with its two sheets (people cut, people retained first), saved together on the kernel's edit path:
    a sheet with a mistake keeps the whole page unsaved."""
    form = LayoffPlanForm(request.POST or None, instance=plan)
    people = people_formset(request.POST or None, plan)
    retained = RetainedFormSet(
        request.POST or None,
        queryset=RetainedPerson.objects.filter(plan=plan) if plan.pk else RetainedPerson.objects.none(),
        prefix="retained",
    )
    if request.method == "POST" and form.is_valid() and not (people.is_valid() and retained.is_valid()):
        form.add_error(None, "被裁减人员或优先留用人员表中有需要修改的内容，请按表内提示修改后再保存。")
    return edit_page(
        request,
        form,
        template="key_enterprises/layoff_form.html",
        context={"people": people, "retained": retained, "entry": entry, "plan": plan if plan.pk else None},
        message="已保存裁员计划，经济补偿已按入职和解除日期计算。",
        success_url=lambda saved: saved.get_absolute_url(),
        save=partial(_save_layoff, people=people, retained=retained),
    )


@portal_view(model=MonitoredEnterprise, roles=WRITERS)
def layoff_create(request, entry):
    if not permissions.can_monitor(request.user, entry.unit):
        raise PermissionDenied("您无权为其他单位的企业登记裁员计划。")
    return _layoff_page(request, entry, LayoffPlan(monitored=entry, workforce=entry.headcount_last_year_end))


@portal_view(model=LayoffPlan, roles=WRITERS)
def layoff_edit(request, plan):
    if not permissions.can_change_monitored_record(request.user, plan):
        raise PermissionDenied("您无权修改其他单位的裁员计划。")
    return _layoff_page(request, plan.monitored, plan)


@portal_view(model=LayoffPlan)
def layoff_detail(request, plan):
    return _layoff_detail_page(request, plan)


def _layoff_detail_page(request, plan, rehire_form=None):
    """The plan's page; a refused rehire record shows it again with what was typed."""
    prefetch_related_objects([plan], "people", "retained", "rehire_notices__recorded_by")
    pending = unanswered_rehires([plan]).get(plan.pk, [])
    can_change = permissions.can_change_monitored_record(request.user, plan)
    if rehire_form is None and pending and can_change:
        rehire_form = RehireNoticeForm(
            months=pending, plan=plan, initial={"version": plan.version, "acted_on": timezone.localdate()}
        )
    return render(
        request,
        "key_enterprises/layoff_detail.html",
        {
            "plan": plan,
            "entry": plan.monitored,
            "people": plan.people.all(),
            "retained": plan.retained.all(),
            "blocked": [person for person in plan.people.all() if person.protection],
            "rehired": pending,
            "notices": plan.rehire_notices.all(),
            "rehire_form": rehire_form if can_change else None,
            "upload_form": FiguresUploadForm(),
            "can_change": can_change,
            "history": _plan_history(plan),
        },
    )


def _plan_history(plan):
    """The plan's history with its rehire notices' (recorded on the plan's page, so shown there), newest first."""
    notices = []
    if plan.rehire_notices.all():  # prefetched
        notices = LogEntry.objects.get_for_objects(plan.rehire_notices.all()).select_related("actor", "content_type")
    entries = [*history_for(plan)[:50], *notices[:50]]
    return sorted(entries, key=lambda entry: entry.timestamp, reverse=True)[:50]


@portal_view(model=LayoffPlan, roles=WRITERS, mutation=True)
def layoff_rehire(request, plan):
    """Record that the people laid off were notified of a month's hires, or that no rehire applies (Art. 41 ¶3);
    the month's reminder then leaves the unit's 待办."""
    if not permissions.can_change_monitored_record(request.user, plan):
        raise PermissionDenied("您无权处理其他单位的裁员计划。")
    form = RehireNoticeForm(request.POST, months=unanswered_rehires([plan]).get(plan.pk, []), plan=plan)
    if form.is_valid():
        year, month = form.cleaned_data["hire_month"]
        try:
            services.record_rehire_notice(
                plan, actor=request.user, expected_version=form.cleaned_data["version"], year=year, month=month,
                outcome=form.cleaned_data["outcome"], acted_on=form.cleaned_data["acted_on"],
                means=form.cleaned_data["means"], note=form.cleaned_data["note"],
            )  # fmt: skip
        except ActionRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, f"已记录{year}年{month}月新招用的处理，该提醒已从待办中移除。")
            return redirect(f"{plan.get_absolute_url()}#rehire")
    plan.refresh_from_db()
    form.data = form.data.copy()
    form.data["version"] = plan.version  # what was typed, against the plan as it now stands (shown above it)
    return _layoff_detail_page(request, plan, rehire_form=form)


@portal_view(model=LayoffPlan)
def layoff_people_template(request, plan):
    return xlsx_response(imports.people_template(plan), f"被裁减人员-{plan.monitored.enterprise.name}.xlsx")


@portal_view(model=LayoffPlan, roles=WRITERS, mutation=True)
def layoff_people_import(request, plan):
    """Preview an Excel sheet of the plan's people: every problem, or every person priced; nothing is written."""
    if not permissions.can_change_monitored_record(request.user, plan):
        raise PermissionDenied("您无权修改其他单位的裁员计划。")
    form = FiguresUploadForm(request.POST, request.FILES)
    context = {"plan": plan, "entry": plan.monitored, "form": form}
    if form.is_valid():
        try:
            people, problems = imports.read_people(form.cleaned_data["file"])
            if not problems:
                region = plan.monitored.enterprise.region
                people = [services.price_person(person, region) for person in people]
        except SpreadsheetError as problem:
            form.add_error("file", str(problem))
        except ActionRefused as refused:
            form.add_error("file", str(refused))
        else:
            context.update(people=people, total=sum(p.compensation_yuan for p in people) if not problems else None)
            context.update(problem_context(problems, user=request.user))
            if not problems:
                context["token"] = uploads.hold(
                    form.cleaned_data["file"], user=request.user, purpose=PEOPLE_PURPOSE, plan=plan.pk,
                    version=plan.version,
                )  # fmt: skip
    return render(request, "key_enterprises/layoff_people_import.html", context)


@portal_view(model=LayoffPlan, roles=WRITERS, mutation=True)
def layoff_people_import_confirm(request, plan):
    if not permissions.can_change_monitored_record(request.user, plan):
        raise PermissionDenied("您无权修改其他单位的裁员计划。")
    try:
        stored, data = uploads.held_for(
            request.POST.get("token", ""), user=request.user, purpose=PEOPLE_PURPOSE, plan=plan.pk
        )
    except uploads.UploadExpired as expired:
        messages.error(request, str(expired))
        return redirect(plan)
    try:
        with stored.open("rb") as handle:
            people, problems = imports.read_people(handle)
        if problems:
            raise ActionRefused("文件已不能通过检查。")
        services.replace_layoff_people(plan, people, actor=request.user, expected_version=data["version"])
    except (SpreadsheetError, ActionRefused) as problem:
        messages.error(request, f"{problem} 本次没有导入任何人员，请重新上传预览。")
        return redirect(plan)
    finally:
        uploads.release(stored)
    messages.success(request, f"已导入{len(people)}名被裁减人员，经济补偿已按入职和解除日期计算。")
    return redirect(plan)


@portal_view()
def layoff_list(request):
    plans = (
        LayoffPlan.objects.visible_to(request.user)
        .select_related("monitored__unit", "monitored__enterprise")
        .prefetch_related("people")
        .order_by("-planned_on", "-pk")
    )
    unit, state = request.GET.get("unit", ""), request.GET.get("state", "")
    if unit.isdigit():
        plans = plans.filter(monitored__unit_id=int(unit))
    today = timezone.localdate()
    if state == LayoffPlan.State.CARRIED_OUT:
        plans = plans.filter(actual_cut__gt=0, planned_on__lte=today)
    elif state == LayoffPlan.State.PLANNED:
        plans = plans.exclude(actual_cut__gt=0, planned_on__lte=today)
    page = listing.page_of(request, plans)
    return render(
        request,
        "key_enterprises/layoff_list.html",
        {
            "page": page,
            "units": _units_for(request.user) if roles.sees_all_units(request.user) else [],
            "unit": unit,
            "state": state,
            "states": LayoffPlan.State.choices,
        },
    )


@portal_view()
def calculator(request):
    result = error = None
    lines = []
    names = ("start", "end", "months", "base", "average", "minimum")
    values = {name: request.GET.get(name, "").strip() for name in names}
    if values["months"] or values["base"] or values["start"]:
        try:
            if values["start"] or values["end"]:
                working = compensation.compensation_from_dates(
                    values["start"], values["end"], values["base"], values["average"], values["minimum"] or None
                )
                result, lines = working.amount, working.lines
            else:
                result = compensation.economic_compensation(
                    values["months"], values["base"], values["average"], values["minimum"] or None
                )
        except compensation.CompensationInputError as problem:
            error = str(problem)
    cut, total = request.GET.get("cut", ""), request.GET.get("total", "")
    art41 = compensation.art41_applies(int(cut), int(total)) if cut.isdigit() and total.isdigit() else None
    return render(
        request,
        "key_enterprises/calculator.html",
        {
            "values": values,
            "result": result,
            "lines": lines,
            "error": error,
            "cut": cut,
            "total": total,
            "art41": art41,
        },
    )


@portal_view()
def wage_list(request):
    return render(
        request,
        "key_enterprises/wage_list.html",
        {"wages": WageSetting.objects.all(), "can_edit": permissions.can_edit_rules(request.user)},
    )


@portal_view(roles=PREFECTURE)
def wage_create(request):
    form = WageForm(request.POST or None)
    return _form_page(
        request, form, "新增工资标准", "key_enterprises:wage_list",
        message="已保存工资标准。", success_url="key_enterprises:wage_list",
    )  # fmt: skip


@portal_view(model=WageSetting, roles=PREFECTURE)
def wage_edit(request, wage):
    form = WageForm(request.POST or None, instance=wage)
    return _form_page(
        request, form, f"修改{wage}", "key_enterprises:wage_list",
        message="已保存工资标准。", success_url="key_enterprises:wage_list", history=history_for(wage)[:50],
    )  # fmt: skip


# Monthly monitoring -----------------------------------------------------------------------------------------


@portal_view()
def batch_grid(request):
    year = _year(request)
    config = MonitoringConfig.get()
    units = [unit for unit in _units_for(request.user) if unit.kind != Unit.Kind.PREFECTURE_OFFICE]
    grid = month_grid(units, year, config.period_months_of_year())
    waiting = MonthlyBatch.objects.visible_to(request.user).awaiting_review().select_related("unit")
    return render(
        request,
        "key_enterprises/batch_grid.html",
        {
            "year": year,
            "years": year_choices(),
            "grid": grid,
            "months": config.period_months_of_year(),
            "config": config,
            "waiting": waiting,
            "open_form": BatchOpenForm(user=request.user) if request.user.role in WRITERS else None,
        },
    )


@portal_view(roles=WRITERS, mutation=True)
def batch_open(request):
    form = BatchOpenForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, "请选择填报单位、年度和月份。")
        return redirect("key_enterprises:batch_grid")
    unit = form.chosen_unit()
    if not roles.can_write_for_unit(request.user, unit):
        raise PermissionDenied("您无权为该单位填报监测数据。")
    try:
        batch = services.open_batch(
            unit,
            form.cleaned_data["year"],
            form.cleaned_data["month"],
            actor=request.user,
            period_months=MonitoringConfig.get().period_months,
        )
    except ActionRefused as refused:
        messages.error(request, str(refused))
        return redirect("key_enterprises:batch_grid")
    return redirect(batch)


def _sheet(batch, data=None):
    """Return ``[(entry, form)]``: one row per monitored enterprise of the batch's unit and year."""
    entries = (
        MonitoredEnterprise.objects.for_unit(batch.unit)
        .in_year(batch.year)
        .current()
        .select_related("enterprise")
        .order_by("enterprise__name")
    )
    existing = {row.monitored_id: row for row in batch.figures.all()}
    rows = []
    for entry in entries:
        instance = existing.get(entry.pk) or MonthlyFigures(
            batch=batch, monitored=entry, headcount_last_year_end=entry.headcount_last_year_end
        )
        initial = None if entry.pk in existing else {"headcount_last_year_end": entry.headcount_last_year_end}
        form = FiguresForm(data, instance=instance, prefix=f"e{entry.pk}", initial=initial)
        name_row_fields(form, entry.enterprise.name)
        rows.append((entry, form))
    return rows


@portal_view(model=MonthlyBatch)
def batch_detail(request, batch):
    return _batch_page(request, batch)


def _retyped(request, batch):
    """What was typed into a refused form, against the month as it now stands (shown above it)."""
    data = request.POST.copy()
    data["version"] = batch.version
    return data


def _batch_page(request, batch, *, return_form=None, reply_form=None):
    """The month's page; a refused return or resubmission shows it again with what was typed."""
    figures = batch.figures.select_related("monitored__enterprise").annotate(alert_count=Count("alerts"))
    editable = permissions.can_enter_figures(request.user, batch)
    return render(
        request,
        "key_enterprises/batch_detail.html",
        {
            "batch": batch,
            "figures": figures,
            "sheet": _sheet(batch) if editable else None,
            "can_enter": editable,
            "can_review": permissions.can_review_batch(request.user, batch),
            "return_form": return_form or ReturnForm(initial={"version": batch.version}),
            "reply_form": reply_form or ReplyForm(initial={"version": batch.version}),
            "rate_form": UnemploymentRateForm(initial={"unemployment_rate": batch.unemployment_rate})
            if editable and batch.unit.is_county
            else None,
            "upload_form": FiguresUploadForm(),
            "history": history_for(batch)[:30],
        },
    )


@portal_view(model=MonthlyBatch, roles=WRITERS, mutation=True)
def batch_save(request, batch):
    """Save the month's sheet, all or nothing; a sheet with a mistake, or refused (opened before another save, or
    submitted meanwhile), is shown again with everything typed and the reason above it."""
    if not roles.can_write_for_unit(request.user, batch.unit):
        raise PermissionDenied("该月数据不属于您的单位，不能修改。")
    sheet = _sheet(batch, request.POST)  # a month submitted meanwhile is refused by the service, the sheet kept
    rate_form = UnemploymentRateForm(request.POST) if batch.unit.is_county else None
    filled = [(entry, form) for entry, form in sheet if form.data.get(f"{form.prefix}-headcount", "") != ""]
    rate_valid = rate_form is None or rate_form.is_valid()
    if not filled or not all(form.is_valid() for _entry, form in filled) or not rate_valid:
        return _sheet_again(
            request, batch, sheet, rate_form,
            "有企业的数据不完整或有误（期末职工人数必填），本次没有保存任何数据。请检查标红的栏目。",
        )  # fmt: skip
    rows = []
    for entry, form in filled:
        row = form.save(commit=False)
        rows.append(
            MonthlyFigures(
                **{
                    f.attname: getattr(row, f.attname)
                    for f in MonthlyFigures._meta.concrete_fields
                    if f.attname not in ("id", "version")
                }
            )
        )
        rows[-1].monitored, rows[-1].batch = entry, batch
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    try:
        services.save_figures(
            batch,
            rows,
            actor=request.user,
            expected_version=version,
            unemployment_rate=rate_form.cleaned_data["unemployment_rate"] if rate_form else None,
        )
    except ActionRefused as refused:
        batch.refresh_from_db()
        return _sheet_again(request, batch, sheet, rate_form, str(refused))
    messages.success(request, f"已保存{len(rows)}户企业的数据。核对无误后请点击“报送”。")
    return redirect(batch)


def _sheet_again(request, batch, sheet, rate_form, problem):
    """The month's page with the sheet as typed and ``problem`` above it; nothing was saved. The sheet carries the
    month's version as it now stands, so after checking the figures shown below it can be saved again."""
    messages.error(request, problem)
    figures = batch.figures.select_related("monitored__enterprise").annotate(alert_count=Count("alerts"))
    return render(
        request,
        "key_enterprises/batch_detail.html",
        {
            "batch": batch,
            "figures": figures,
            "sheet": sheet,  # kept even if the month was submitted meanwhile: what was typed is not lost
            "rate_form": rate_form,
            "can_enter": permissions.can_enter_figures(request.user, batch),
            "can_review": permissions.can_review_batch(request.user, batch),
            "return_form": ReturnForm(initial={"version": batch.version}),
            "reply_form": ReplyForm(initial={"version": batch.version}),
            "upload_form": FiguresUploadForm(),
            "history": history_for(batch)[:30],
        },
    )


@portal_view(model=MonthlyBatch)
def batch_template(request, batch):
    existing = {row.monitored_id: row for row in batch.figures.all()}
    return xlsx_response(imports.figures_template(batch, existing), f"{batch}.xlsx")


@portal_view(model=MonthlyBatch, roles=WRITERS, mutation=True)
def batch_import(request, batch):
    if not permissions.can_enter_figures(request.user, batch):
        raise PermissionDenied("该月数据已报送或不属于您的单位，不能导入。")
    form = FiguresUploadForm(request.POST, request.FILES)
    context = {"batch": batch, "form": form}
    if form.is_valid():
        try:
            rows, errors = imports.read_figures(form.cleaned_data["file"], batch)
        except SpreadsheetError as problem:
            form.add_error("file", str(problem))
        else:
            context.update(rows=rows, errors=errors)
            context.update(problem_context(errors, user=request.user))
            if not errors and rows:
                context["token"] = uploads.hold(
                    form.cleaned_data["file"], user=request.user, purpose=FIGURES_PURPOSE, batch=batch.pk,
                    version=batch.version,
                )  # fmt: skip
    return render(request, "key_enterprises/batch_import.html", context)


@portal_view(model=MonthlyBatch, roles=WRITERS, mutation=True)
def batch_import_confirm(request, batch):
    if not permissions.can_enter_figures(request.user, batch):
        raise PermissionDenied("该月数据已报送或不属于您的单位，不能导入。")
    try:
        stored, data = uploads.held_for(
            request.POST.get("token", ""), user=request.user, purpose=FIGURES_PURPOSE, batch=batch.pk
        )
    except uploads.UploadExpired as expired:
        messages.error(request, str(expired))
        return redirect(batch)
    try:
        with stored.open("rb") as handle:
            rows, errors = imports.read_figures(handle, batch)
        if errors:
            raise ActionRefused("预览之后监测清单已有变化，文件中的部分行不再有效。")
        services.save_figures(
            batch,
            rows,
            actor=request.user,
            expected_version=data.get("version", -1),
            unemployment_rate=batch.unemployment_rate,
        )
    except (SpreadsheetError, ActionRefused) as problem:
        messages.error(request, f"{problem} 本次没有导入任何数据，请重新上传预览。")
        return redirect(batch)
    finally:
        uploads.release(stored)
    messages.success(request, f"已导入{len(rows)}户企业的数据。核对无误后请点击“报送”。")
    return redirect(batch)


def _batch_step(request, batch, step):
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    try:
        result = step(version)
    except ActionRefused as refused:
        messages.error(request, str(refused))
        return None
    return result if result is not None else True


@portal_view(model=MonthlyBatch, roles=WRITERS, mutation=True)
def batch_submit(request, batch):
    if not roles.can_write_for_unit(request.user, batch.unit):
        raise PermissionDenied("只有本单位可以报送本单位的监测数据。")
    reply = request.POST.get("reply", "")
    opened = _batch_step(
        request,
        batch,
        lambda version: services.submit_batch(batch, actor=request.user, expected_version=version, reply=reply),
    )
    if opened is None:
        batch.refresh_from_db()
        return _batch_page(request, batch, reply_form=ReplyForm(_retyped(request, batch)))
    leads = opened if isinstance(opened, list) else []
    messages.success(
        request,
        f"已报送{batch}。"
        + (f"触发预警，新建线索{len(leads)}条，请及时开展一对一指导服务。" if leads else "未触发预警。"),
    )
    return redirect(batch)


@portal_view(model=MonthlyBatch, roles=PREFECTURE, mutation=True)
def batch_accept(request, batch):
    if _batch_step(request, batch, lambda v: services.accept_batch(batch, actor=request.user, expected_version=v)):
        messages.success(request, f"已审核通过{batch}。")
    return redirect(batch)


@portal_view(model=MonthlyBatch, roles=PREFECTURE, mutation=True)
def batch_return(request, batch):
    reason = request.POST.get("reason", "")
    step = lambda v: services.return_batch(batch, actor=request.user, expected_version=v, reason=reason)  # noqa: E731
    if not _batch_step(request, batch, step):
        batch.refresh_from_db()
        return _batch_page(request, batch, return_form=ReturnForm(_retyped(request, batch)))
    messages.success(request, f"已退回{batch}，原因已告知填报单位（见其待办）。")
    return redirect(batch)


@portal_view(roles=PREFECTURE)
def config_edit(request):
    form = ConfigForm(request.POST or None, instance=MonitoringConfig.get())
    return _form_page(
        request, form, "监测周期设置", "key_enterprises:batch_grid",
        message="已保存监测周期。", success_url="key_enterprises:batch_grid",
    )  # fmt: skip


# Early warning and leads ------------------------------------------------------------------------------------


@portal_view()
def risk_overview(request):
    leads = Lead.objects.visible_to(request.user)
    table, totals = leads_by_unit_and_level(leads)
    units = [unit for unit in _units_for(request.user) if unit.kind != Unit.Kind.PREFECTURE_OFFICE]
    filtered = LeadFilter(
        request.GET,
        queryset=leads.select_related("unit", "monitored__enterprise").annotate(level_rank=LEVEL_RANK),
        request=request,
    )
    if not roles.sees_all_units(request.user):
        del filtered.form.fields["unit"]
    ordered = filtered.qs if request.GET.get("order") else filtered.qs.order_by("level_rank", "due_on", "pk")
    page = listing.page_of(request, ordered)
    return render(
        request,
        "key_enterprises/risk_overview.html",
        {
            "rows": [(unit, table.get(unit.pk, dict.fromkeys(Level.values, 0))) for unit in units],
            "totals": totals,
            "levels": Level.choices,
            "filter": filtered,
            "page": page,
            "today": timezone.localdate(),
        },
    )


@portal_view(model=Lead)
def lead_detail(request, lead):
    return _lead_page(
        request, lead, LeadActionForm(initial={"version": lead.version, "acted_on": timezone.localdate()})
    )


def _lead_page(request, lead, action_form, status=200):
    return render(
        request,
        "key_enterprises/lead_detail.html",
        {
            "lead": lead,
            "alerts": lead.alerts.select_related("rule", "figures__batch"),
            "actions": lead.actions.select_related("actor"),
            "cases": lead.cases.select_related("org"),
            "meetings": lead.meetings.all(),
            "can_act": permissions.can_act_on_lead(request.user, lead),
            "can_close": permissions.can_close_lead(request.user, lead),
            "action_form": action_form,
            "today": timezone.localdate(),
            "history": history_for(lead)[:50],
        },
        status=status,
    )


@portal_view(model=Lead, roles=WRITERS)
def lead_edit(request, lead):
    if not permissions.can_act_on_lead(request.user, lead):
        raise PermissionDenied("您无权修改该线索。")
    cases = Case.objects.filter(enterprise_id=lead.monitored.enterprise_id)
    form = LeadAssignForm(request.POST or None, instance=lead, cases=cases, may_extend=roles.can_review(request.user))
    return _form_page(
        request, form, f"指派线索：{lead.monitored.enterprise}", lead.get_absolute_url(),
        message="已保存线索的责任人、时限和关联案件。", success_url=lead, history=history_for(lead)[:50],
    )  # fmt: skip


@portal_view(model=Lead, roles=WRITERS, mutation=True)
def lead_act(request, lead):
    form = LeadActionForm(request.POST)
    if not form.is_valid():
        # The page again with what was typed and what to fix, not a redirect that would drop it.
        return _lead_page(request, lead, form)
    action = form.cleaned_data["action"]
    allowed = permissions.can_close_lead if action == "close" else permissions.can_act_on_lead
    if not allowed(request.user, lead):
        raise PermissionDenied(
            "红色或已提交州三方办的线索由州三方办办结。" if action == "close" else "您无权处置该线索。"
        )
    try:
        services.act_on_lead(
            lead,
            action,
            actor=request.user,
            expected_version=form.cleaned_data["version"],
            note=form.cleaned_data["note"],
            acted_on=form.cleaned_data["acted_on"],
            outcome=form.cleaned_data["outcome"],
        )
    except ActionRefused as refused:
        form.add_error(None, str(refused))
        lead.refresh_from_db()
        return _lead_page(request, lead, form)
    messages.success(request, f"已记录：{dict(LeadActionForm.base_fields['action'].choices)[action]}。")
    return redirect(lead)


@portal_view()
def meeting_list(request):
    meetings = RiskMeeting.objects.visible_to(request.user).select_related("unit").order_by("-held_on", "-pk")
    page = listing.page_of(request, meetings, figures=_with_lead_count)
    return render(
        request,
        "key_enterprises/meeting_list.html",
        {"page": page, "can_add": request.user.role in WRITERS},
    )


@portal_view(roles=WRITERS)
def meeting_create(request):
    leads = Lead.objects.visible_to(request.user).select_related("monitored__enterprise")
    form = MeetingForm(request.POST or None, user=request.user, leads=leads)
    return _form_page(
        request, form, "登记三方会商研判", "key_enterprises:meeting_list",
        message="已登记三方会商研判。", success_url="key_enterprises:meeting_list",
        permission=lambda meeting: roles.can_write_for_unit(request.user, meeting.unit),
        refusal="您无权为该单位登记会商。",
    )  # fmt: skip


@portal_view()
def lead_choices(request):
    """The leads a meeting may discuss, found by their enterprise's name or credit code among those visible."""
    return choices_response(
        request,
        Lead.objects.visible_to(request.user).select_related("monitored__enterprise"),
        fields=["monitored__enterprise__name", "monitored__enterprise__credit_code", "summary"],
        order_by=("-pk",),
    )


@portal_view(model=RiskMeeting, roles=WRITERS)
def meeting_edit(request, meeting):
    if not permissions.can_change_unit_record(request.user, meeting):
        raise PermissionDenied("您无权修改其他单位的会商记录。")
    leads = Lead.objects.visible_to(request.user).select_related("monitored__enterprise")
    form = MeetingForm(request.POST or None, instance=meeting, user=request.user, leads=leads)
    return _form_page(
        request, form, f"修改{meeting}", "key_enterprises:meeting_list",
        message="已保存三方会商研判。", success_url="key_enterprises:meeting_list", history=history_for(meeting)[:50],
    )  # fmt: skip


@portal_view()
def rule_list(request):
    return render(
        request,
        "key_enterprises/rule_list.html",
        {
            "rules": WarningRule.objects.all(),
            "can_edit": permissions.can_edit_rules(request.user),
            "layoff_window": settings.LAYOFF_WARNING_MONTHS,
        },
    )


@portal_view(roles=PREFECTURE)
def rule_create(request):
    form = NewRuleForm(request.POST or None)
    return _form_page(
        request, form, "新增预警规则", "key_enterprises:rule_list",
        message="已新增预警规则，此后报送的监测数据按新规则评估。", success_url="key_enterprises:rule_list",
    )  # fmt: skip


@portal_view(model=WarningRule, roles=PREFECTURE)
def rule_edit(request, rule):
    form = RuleForm(request.POST or None, instance=rule)
    return _form_page(
        request, form, f"修改预警规则：{rule.text}", "key_enterprises:rule_list",
        message="已保存预警规则，此后报送的监测数据按新规则评估。", success_url="key_enterprises:rule_list",
        history=history_for(rule)[:50],
    )  # fmt: skip


# Collective bargaining --------------------------------------------------------------------------------------


@portal_view()
def bargaining_list(request):
    year = _year(request)
    units = [unit for unit in _units_for(request.user) if unit.kind != Unit.Kind.PREFECTURE_OFFICE]
    per_unit, total = bargaining_rates(year, units if not roles.sees_all_units(request.user) else None)
    records = BargainingRecord.objects.visible_to(request.user).in_year(year).select_related("unit", "enterprise")
    page = listing.page_of(request, records.order_by("unit_id", "pk"))
    return render(
        request,
        "key_enterprises/bargaining_list.html",
        {
            "year": year,
            "years": year_choices(),
            "rows": [(unit, per_unit.get(unit.pk)) for unit in units],
            "total": total,
            "page": page,
            "system_goal": BARGAINING_GOAL,
            "contract_goal": WAGE_CONTRACT_GOAL,
            "can_add": request.user.role in WRITERS,
        },
    )


@portal_view()
def bargaining_rate(request):
    """The enterprises behind a unit's rates: every enterprise with a union that year, with what its record says
    (未登记 where none was entered), so a rate below the line can be followed to the enterprises that miss it."""
    year = _year(request)
    units = {str(unit.pk): unit for unit in _units_for(request.user) if unit.kind != Unit.Kind.PREFECTURE_OFFICE}
    unit = units.get(request.GET.get("unit", ""))
    if unit is None:
        messages.error(request, "请从集体协商页面的比例表中选择单位。")
        return redirect("key_enterprises:bargaining_list")
    # What misses the rates first: unrecorded, without a system, above-scale without a contract.
    order = ("recorded", "system", "-is_above_scale", "contract", "name", "pk")
    enterprises = rate_enterprises(unit, year).order_by(*order)
    records = {}
    page = listing.page_of(request, enterprises)
    for record in BargainingRecord.objects.filter(year=year, enterprise__in=[e.pk for e in page]):
        records[record.enterprise_id] = record
    rates = bargaining_rates(year, [unit])[0].get(unit.pk)
    return render(
        request,
        "key_enterprises/bargaining_rate.html",
        {
            "year": year,
            "unit": unit,
            "rates": rates,
            "page": page,
            "rows": [(enterprise, records.get(enterprise.pk)) for enterprise in page],
            "day": union_day(year),
            "can_add": request.user.role in WRITERS and permissions.can_monitor(request.user, unit),
        },
    )


@portal_view(roles=WRITERS)
def bargaining_create(request):
    form = BargainingForm(
        request.POST or None, user=request.user, initial={"enterprise": request.GET.get("enterprise")}
    )
    return _form_page(
        request, form, "登记集体协商情况", "key_enterprises:bargaining_list",
        message="已登记集体协商情况。", success_url="key_enterprises:bargaining_list",
        permission=lambda record: permissions.can_change_unit_record(request.user, record),
        refusal="您无权为该单位登记集体协商情况。",
    )  # fmt: skip


@portal_view(model=BargainingRecord, roles=WRITERS)
def bargaining_edit(request, record):
    if not permissions.can_change_unit_record(request.user, record):
        raise PermissionDenied("您无权修改其他单位的集体协商情况。")
    form = BargainingForm(request.POST or None, instance=record, user=request.user)
    return _form_page(
        request, form, f"修改{record}", "key_enterprises:bargaining_list",
        message="已保存集体协商情况。", success_url="key_enterprises:bargaining_list", history=history_for(record)[:50],
    )  # fmt: skip


# Experience summaries --------------------------------------------------------------------------------------


@portal_view()
def experience_list(request):
    reports = (
        ExperienceReport.objects.visible_to(request.user).select_related("unit").order_by("-year", "unit_id", "pk")
    )
    return render(
        request,
        "key_enterprises/experience_list.html",
        {
            "page": listing.page_of(request, reports),
            "can_add": request.user.role in WRITERS,
            "can_promote": roles.can_review(request.user),
        },
    )


@portal_view(roles=WRITERS)
def experience_create(request):
    form = ExperienceForm(request.POST or None, user=request.user)
    return _form_page(
        request, form, "总结经验做法", "key_enterprises:experience_list",
        message="已保存经验做法总结。", success_url="key_enterprises:experience_list",
        permission=lambda report: permissions.can_change_unit_record(request.user, report),
        refusal="您无权为该单位填写经验总结。",
    )  # fmt: skip


@portal_view(model=ExperienceReport, roles=WRITERS)
def experience_edit(request, report):
    if not permissions.can_change_unit_record(request.user, report):
        raise PermissionDenied("您无权修改其他单位的经验总结。")
    form = ExperienceForm(request.POST or None, instance=report, user=request.user)
    return _form_page(
        request, form, f"经验做法总结：{report}", "key_enterprises:experience_list",
        message="已保存经验做法总结。", success_url="key_enterprises:experience_list", history=history_for(report)[:50],
    )  # fmt: skip


@portal_view(model=ExperienceReport, roles=PREFECTURE, mutation=True)
def experience_promote(request, report):
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    try:
        services.promote_experience(report, actor=request.user, expected_version=version)
    except ActionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"已将“{report.title}”选为全州推广的经验做法。")
    return redirect("key_enterprises:experience_list")
