"""Pages of the pay-guidance app (附件6)."""

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from chuxiong_labor import roles
from chuxiong_labor.access import portal_view, public_view
from chuxiong_labor.downloads import redirect_to_job
from chuxiong_labor.editing import edit_page
from chuxiong_labor.forms import year_choices
from chuxiong_labor.imports import problem_context
from chuxiong_labor.lib import listing, uploads
from chuxiong_labor.lib.concurrency import save_form
from chuxiong_labor.lib.errors import ActionRefused, form_problems
from chuxiong_labor.lib.history import history_for
from chuxiong_labor.lib.pdf import pdf_response
from chuxiong_labor.lib.spreadsheets import SpreadsheetError, simple_workbook, xlsx_response
from chuxiong_labor.roles import COUNTY_STAFF
from chuxiong_labor.search import choices_response
from chuxiong_labor.units import Unit

from . import documents, kept_tables, labour_cost, occupations, permissions, public_tables, services, templates_xlsx
from .coverage import COVERAGE_GOAL_PCT, coverage, percent_of
from .forms import (
    DemonstrationEventForm,
    DemonstrationForm,
    FlagCorrectionForm,
    PublicationCreateForm,
    ReasonForm,
    SampleForm,
    SkillGuidanceForm,
    SurveyUploadForm,
    TargetedServiceForm,
    ThematicReportForm,
    data_year_choices,
)
from .method import Method
from .models import (
    Demonstration,
    DemonstrationKind,
    MinimumWage,
    MinimumWageFlag,
    Publication,
    SkillGuidance,
    SurveyEnterprise,
    SurveyStatus,
    TargetedService,
    ThematicReport,
    WageGuideline,
)
from .permissions import WRITERS
from .survey_import import SHOWN_PROBLEMS, read_survey
from .targets import GUIDED_ENTERPRISES_GOAL

UPLOAD_PURPOSE = "pay_guidance.survey"
IMPORT_JOB = "pay_guidance.survey_import"  # registered in jobs.py
IMPORT_JOB_ROWS = 1000  # a confirmed import of more rows is written by a job, with its own page
FEEDBACK_BATCH_JOB = "pay_guidance.feedback_batch"  # registered in jobs.py


def _year(request, default=None):
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else default


def _default_year():
    return timezone.localdate().year - 1


def _unit_choice(request):
    """Return the unit the page is about: unit staff's own; for the prefecture office the ``unit`` parameter,
    or ``None`` (the whole prefecture)."""
    if roles.is_unit_scoped(request.user):
        return request.user.unit
    value = request.GET.get("unit", "")
    return Unit.objects.filter(pk=value).first() if value.isdigit() else None


def _version(request):
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None


# --- The survey -------------------------------------------------------------------------------------------------


@portal_view()
def survey_list(request):
    year = _year(request, _default_year())
    unit = _unit_choice(request)
    surveys = SurveyEnterprise.objects.visible_to(request.user).in_year(year)
    if unit is not None:
        surveys = surveys.for_unit(unit)
    status = request.GET.get("status", "")
    # Counted without the page's related rows: select_related would join every survey to its enterprise.
    counts = dict(surveys.order_by().values_list("status").annotate(n=Count("pk")))
    if status in SurveyStatus.values:
        surveys = surveys.filter(status=status)
    ordered = surveys.select_related("unit", "enterprise").order_by("unit_id", "pk")
    shown = counts.get(status, 0) if status in SurveyStatus.values else sum(counts.values())
    page = listing.page_of(request, ordered, count=shown)
    return render(
        request,
        "pay_guidance/survey_list.html",
        {
            "page": page,
            "year": year,
            "unit": unit,
            "status": status,
            "statuses": [(value, label, counts.get(value, 0)) for value, label in SurveyStatus.choices],
            "years": data_year_choices(),
            "units": Unit.objects.counties() if roles.sees_all_units(request.user) else [],
            "can_import": permissions.can_import_survey(request.user),
            "bulk_actions": [
                (action, f"批量{label}")
                for action, label in services.SURVEY_ACTION_LABELS.items()
                if action == "check" or (action == "accept" and roles.can_review(request.user))
            ]
            if request.user.role in WRITERS
            else [],
            "sample_form": SampleForm(user=request.user, initial={"year": year}),
        },
    )


@portal_view(roles=WRITERS, mutation=True)
def survey_bulk_action(request):
    action = request.POST.get("action", "")
    ids = [value for value in request.POST.getlist("survey") if value.isdigit()]
    surveys = list(
        SurveyEnterprise.objects.visible_to(request.user).filter(pk__in=ids).select_related("enterprise", "unit")
    )
    try:
        if len(surveys) != len(set(ids)):
            raise ActionRefused(
                "勾选的企业中有的已不在您可查看的调查样本中，本次没有处理任何企业。请刷新页面后重新勾选。"
            )
        done = services.act_on_surveys(surveys, action, actor=request.user)
    except ActionRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"已{services.SURVEY_ACTION_LABELS[action]}{done}户企业。")
    back = request.POST.get("next", "")
    if not back.startswith(reverse("pay_guidance:survey_list")):  # only back to the list it came from
        back = reverse("pay_guidance:survey_list")
    return redirect(back)


@portal_view(roles=WRITERS, mutation=True)
def survey_add(request):
    form = SampleForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, form_problems(form))
        return redirect("pay_guidance:survey_list")
    unit = form.chosen_unit()
    if not (permissions.can_import_survey(request.user) and roles.can_write_for_unit(request.user, unit)):
        raise PermissionDenied("您无权调整该单位的调查样本。")
    try:
        survey = services.add_to_sample(unit, form.enterprise, form.cleaned_data["year"], actor=request.user)
    except ActionRefused as error:
        messages.error(request, str(error))
        return redirect("pay_guidance:survey_list")
    messages.success(request, f"已将{survey.enterprise}列入{unit}{survey.year}年度调查样本。")
    return redirect(survey)


@portal_view(roles=WRITERS)
def survey_import(request):
    if not permissions.can_import_survey(request.user):
        raise PermissionDenied("只有县（市）三方办和州三方办可以导入薪酬调查数据。")
    form = SurveyUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        unit, year, uploaded = form.chosen_unit(), form.cleaned_data["year"], form.cleaned_data["file"]
        try:
            plan = read_survey(uploaded, unit=unit, year=year)
        except SpreadsheetError as error:
            form.add_error("file", str(error))
        else:
            token = None
            if plan.is_clean:
                token = uploads.hold(
                    uploaded, user=request.user, purpose=UPLOAD_PURPOSE, unit=unit.pk, year=year, counts=plan.counts()
                )
            return render(request, "pay_guidance/survey_preview.html", _preview_context(plan, token, request.user))
    return render(request, "pay_guidance/survey_import.html", {"form": form})


def _preview_context(plan, token, user):
    return {
        "plan": plan,
        "token": token,
        "new_enterprises": list(plan.new_enterprises.values())[:SHOWN_PROBLEMS],
        **problem_context(plan.errors, user=user),
    }


@portal_view(roles=WRITERS, mutation=True)
def survey_import_confirm(request):
    try:
        stored, data = uploads.held(request.POST.get("token", ""), user=request.user, purpose=UPLOAD_PURPOSE)
    except uploads.UploadExpired as error:
        messages.error(request, str(error))
        return redirect("pay_guidance:survey_import")
    unit = Unit.objects.get(pk=data["unit"])
    if not (permissions.can_import_survey(request.user) and roles.can_write_for_unit(request.user, unit)):
        raise PermissionDenied("您无权为该单位导入调查数据。")
    if data["counts"][0] > IMPORT_JOB_ROWS:
        return redirect_to_job(
            request,
            IMPORT_JOB,
            unit=unit,
            title=f"导入薪酬调查数据（{unit.short_name}，{data['counts'][0]}行）",
            params={"token": request.POST["token"]},
            source_url=reverse("pay_guidance:survey_import"),
        )
    with stored.open() as handle:  # open until the rows are written: the plan reads them again
        try:
            plan = read_survey(handle, unit=unit, year=data["year"])
        except SpreadsheetError as error:
            messages.error(request, f"{error} 本次没有导入。")
            uploads.release(stored)
            return redirect("pay_guidance:survey_import")
        if plan.counts() != data["counts"] or not plan.is_clean:
            messages.error(
                request, "预览之后企业库或调查样本发生了变化，本次没有导入。请核对下面的最新情况后重新上传。"
            )
            uploads.release(stored)
            return render(request, "pay_guidance/survey_preview.html", _preview_context(plan, None, request.user))
        try:
            result = services.import_survey(plan, actor=request.user)
        except ActionRefused as error:
            messages.error(request, str(error))
            return redirect("pay_guidance:survey_import")
    uploads.release(stored)
    messages.success(
        request,
        f"已导入{plan.kind_label}：{result['rows']}行，企业{result['enterprises']}户（其中新登记{result['new_enterprises']}户）。"
        + (f"其中{result['flags']}行低于最低工资标准，已标记为待核实。" if result["flags"] else ""),
    )
    return redirect(f"{reverse('pay_guidance:survey_list')}?year={plan.year}")


@portal_view(model=SurveyEnterprise)
def survey_detail(request, survey):
    return _survey_page(request, survey)


def _survey_page(request, survey, reason=""):
    """The surveyed enterprise's page; a refused action shows it again with the reason typed."""
    user = request.user
    actions = [
        (action, label)
        for action, label in services.SURVEY_ACTION_LABELS.items()
        if action in services.SURVEY_TRANSITIONS[survey.status] and permissions.can_act_on_survey(user, survey, action)
    ]
    return render(
        request,
        "pay_guidance/survey_detail.html",
        {
            "survey": survey,
            "enterprise": survey.enterprise,
            "indicators": list(
                zip(labour_cost.INDICATORS, labour_cost.enterprise_indicators(survey).values(), strict=True)
            ),
            "occupations": [
                {**row, "label": occupations.label(row["occupation_code"])}
                for row in survey.employees.values("occupation_code")
                .annotate(n=Count("pk"))
                .order_by("occupation_code")
            ],
            "services": survey.services.all(),
            "flags": survey.flags.select_related("employee", "resolved_by"),
            "can_record_handover": permissions.can_change_unit_record(user, survey.unit),
            "actions": actions,
            "reason": reason,
            "history": history_for(survey)[:50],
        },
    )


@portal_view()
def survey_template(request):
    kind = request.GET.get("kind", "employees")
    if kind not in templates_xlsx.KINDS:
        raise Http404("没有这种调查表模板。")
    return xlsx_response(templates_xlsx.template_workbook(kind), f"{templates_xlsx.KINDS[kind]}模板.xlsx")


@portal_view()
def survey_choices(request):
    """The surveyed enterprises a service may be given to, found by name or credit code among those visible."""
    return choices_response(
        request,
        SurveyEnterprise.objects.visible_to(request.user).select_related("enterprise"),
        fields=["enterprise__name", "enterprise__credit_code"],
        order_by=("-year", "pk"),
    )


@portal_view(model=SurveyEnterprise)
def survey_employees(request, survey):
    rows = survey.employees.select_related("minimum_wage_flag").order_by("occupation_code", "pk")
    page = listing.page_of(request, rows)
    for employee in page:
        employee.occupation_label = occupations.label(employee.occupation_code)
    return render(request, "pay_guidance/survey_employees.html", {"survey": survey, "page": page})


@portal_view(model=MinimumWageFlag)
def flag_detail(request, flag):
    return _flag_page(request, flag)


def _flag_page(request, flag, form=None, reason="", refused=False):
    """The flag's page; a refused confirmation or correction shows it again with what was typed (200, as every
    refused action's page; 400 for a correction form with errors)."""
    employee = flag.employee
    if form is None:
        form = FlagCorrectionForm(
            initial={name: getattr(employee, name) for name in services.CORRECTABLE} | {"version": flag.version}
        )
    return render(
        request,
        "pay_guidance/flag_detail.html",
        {
            "flag": flag,
            "survey": flag.survey,
            "employee": employee,
            "occupation": occupations.label(employee.occupation_code),
            "can_resolve": permissions.can_resolve_flag(request.user, flag),
            "form": form,
            "reason": reason,
            "history": history_for(flag)[:50],
        },
        status=400 if form.is_bound and not refused else 200,
    )


@portal_view(model=MinimumWageFlag, roles=COUNTY_STAFF, mutation=True)
def flag_confirm(request, flag):
    if not permissions.resolves_flags_of(request.user, flag):
        raise PermissionDenied("只有本县（市）的工作人员可以核实该提示。")
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        services.confirm_flag(
            flag, actor=request.user, reason=form.cleaned_data.get("reason", ""), expected_version=_version(request)
        )
    except ActionRefused as error:
        messages.error(request, str(error))
        flag.refresh_from_db()
        return _flag_page(request, flag, reason=form.cleaned_data.get("reason", ""))
    messages.success(request, "已确认属实，核实说明已记录。")
    return redirect(flag.survey)


@portal_view(model=MinimumWageFlag, roles=COUNTY_STAFF, mutation=True)
def flag_correct(request, flag):
    if not permissions.resolves_flags_of(request.user, flag):
        raise PermissionDenied("只有本县（市）的工作人员可以更正该记录。")
    form = FlagCorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请按提示改正后再提交。")
        return _flag_page(request, flag, form)
    values = {name: form.cleaned_data[name] for name in services.CORRECTABLE}
    try:
        services.correct_flag(flag, actor=request.user, values=values, expected_version=_version(request))
    except ActionRefused as error:
        # The page again, as the flag now stands, with the figures typed kept.
        messages.error(request, str(error))
        flag.refresh_from_db()
        return _flag_page(request, flag, form, refused=True)
    messages.success(request, "已更正该职工的工资记录。")
    return redirect(flag.survey)


@portal_view(model=SurveyEnterprise, roles=WRITERS, mutation=True)
def survey_action(request, survey):
    action = request.POST.get("action", "")
    if action not in services.SURVEY_ACTION_LABELS or not permissions.can_act_on_survey(request.user, survey, action):
        raise PermissionDenied("您无权对该调查企业进行此操作。")
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        services.act_on_survey(
            survey,
            action,
            actor=request.user,
            expected_version=_version(request),
            reason=form.cleaned_data.get("reason", ""),
        )
    except ActionRefused as error:
        # The page again, as the survey now stands, with the reason typed kept.
        messages.error(request, str(error))
        survey.refresh_from_db()
        return _survey_page(request, survey, reason=form.cleaned_data.get("reason", ""))
    messages.success(request, f"已{services.SURVEY_ACTION_LABELS[action]}：{survey.enterprise}。")
    return redirect(survey)


@portal_view(model=SurveyEnterprise)
def survey_feedback(request, survey):
    try:
        content = documents.render_feedback(survey)
    except ActionRefused as error:
        messages.error(request, str(error))
        return redirect(survey)
    return pdf_response(content, f"{survey.enterprise.name}{survey.year}年度薪酬数据反馈报告.pdf")


@portal_view(starts_job=True)
def feedback_batch(request):
    year = _year(request, _default_year())
    unit = _unit_choice(request)
    if unit is None or not unit.is_county:
        messages.error(request, "请先选择一个县（市），再批量下载其被调查企业的反馈报告。")
        return redirect(f"{reverse('pay_guidance:survey_list')}?year={year}")
    return redirect_to_job(
        request,
        FEEDBACK_BATCH_JOB,
        unit=unit,
        title=f"{unit.short_name}{year}年度薪酬数据反馈报告（批量）",
        params={"unit": unit.pk, "year": year},
        source_url=request.get_full_path(),
    )


# --- Wage levels and publications -----------------------------------------------------------------------------------


@portal_view()
def wage_table(request):
    year = _year(request, _default_year())
    unit = _unit_choice(request)
    cells, groups = kept_tables.tables(year, unit)
    return render(
        request,
        "pay_guidance/wage_table.html",
        {
            "year": year,
            "unit": unit,
            "cells": cells,
            "groups": groups,
            "indicators": labour_cost.INDICATORS,
            "years": data_year_choices(),
            "units": Unit.objects.counties() if roles.sees_all_units(request.user) else [],
            "method": Method.current(),
            "minimum_wages": MinimumWage.objects.filter(effective_from__year__lte=year).select_related("region"),
            "guidelines": WageGuideline.objects.all(),
        },
    )


@portal_view()
def publication_list(request):
    # A page at a time, without the stored tables (at ×100, 1,003 publications of some 100 KB each).
    publications = (
        Publication.objects.visible_to(request.user)
        .select_related("unit")
        .defer(*Publication.TABLES)
        .order_by("-year", "unit_id", "-number")
    )
    return render(
        request,
        "pay_guidance/publication_list.html",
        {
            "page": listing.page_of(request, publications),
            "form": PublicationCreateForm(user=request.user),
            "can_draft": roles.is_unit_scoped(request.user)
            and request.user.unit.is_county
            or roles.can_review(request.user),
        },
    )


@portal_view(roles=WRITERS, mutation=True)
def publication_create(request):
    form = PublicationCreateForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, "请选择发布单位和数据年度。")
        return redirect("pay_guidance:publication_list")
    unit = form.chosen_unit()
    if not permissions.can_draft_publication(request.user, unit):
        raise PermissionDenied("您无权起草该单位的发布稿。")
    try:
        publication = services.draft_publication(unit, form.cleaned_data["year"], actor=request.user)
    except ActionRefused as error:
        messages.error(request, str(error))
        return redirect("pay_guidance:publication_list")
    messages.success(request, f"已起草：{publication}。")
    return redirect(publication)


@portal_view(model=Publication)
def publication_detail(request, publication):
    user = request.user
    labels = {"approve": "审核通过", "issue": "发布", "return": "退回修改"}
    actions = [
        (action, labels[action])
        for action in services.PUBLICATION_TRANSITIONS[publication.status]
        if _may_act_on_publication(user, publication, action)
    ]
    return render(
        request,
        "pay_guidance/publication_detail.html",
        {
            "publication": publication,
            "cells": documents.publication_cells(publication),
            "groups": publication.cost_figures,
            "indicators": labour_cost.INDICATORS,
            "actions": actions,
            "action_names": {action for action, _ in actions},
            "can_refresh": permissions.can_refresh_publication(user, publication),
            "can_revise": publication.is_frozen and permissions.can_draft_publication(user, publication.unit),
            "versions": Publication.objects.filter(unit=publication.unit, year=publication.year).order_by("number"),
            "method": Method.of(publication),
            "public": True,
            "history": history_for(publication)[:50],
        },
    )


def _may_act_on_publication(user, publication, action):
    """Issuing is the publishing unit's own act; approving is the prefecture's check; an approved draft may be
    returned by either (the unit, to refresh tables refused as out of date)."""
    if action == "issue":
        return permissions.can_issue_publication(user, publication)
    if action == "return":
        return permissions.can_review_publication(user) or permissions.can_issue_publication(user, publication)
    return permissions.can_review_publication(user)


@portal_view(model=Publication, roles=WRITERS, mutation=True)
def publication_action(request, publication):
    action = request.POST.get("action", "")
    if not _may_act_on_publication(request.user, publication, action):
        raise PermissionDenied(
            "发布稿由发布单位自己发布或退回修改（县（市）的由本县（市）三方办，全州的由州三方办）；审核通过由州三方办办理。"
        )
    if action == "issue" and not request.POST.get("confirm_issue"):
        # Issuing cannot be undone: the office says so before it happens.
        messages.error(request, "发布后公众即可查看和下载，不能撤回，只能另发更正版。请勾选“发布前确认”后再点“发布”。")
        return redirect(publication)
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        services.act_on_publication(
            publication,
            action,
            actor=request.user,
            expected_version=_version(request),
            reason=form.cleaned_data.get("reason", ""),
        )
    except ActionRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            {"approve": "已审核通过。", "issue": "已发布，公众页面已可查看。", "return": "已退回修改。"}.get(
                action, "已完成。"
            ),
        )
    return redirect(publication)


@portal_view(model=Publication, roles=WRITERS, mutation=True)
def publication_refresh(request, publication):
    if not permissions.can_refresh_publication(request.user, publication):
        raise PermissionDenied("只有草稿可以刷新数据，且须由本单位或州三方办操作。")
    try:
        services.refresh_publication(publication, actor=request.user, expected_version=_version(request))
    except ActionRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "已按最新的验收数据重新计算。")
    return redirect(publication)


@portal_view(model=Publication, roles=WRITERS, mutation=True)
def publication_revise(request, publication):
    if not (publication.is_frozen and permissions.can_draft_publication(request.user, publication.unit)):
        raise PermissionDenied("只有已发布的稿件可以更正，且须由本单位或州三方办操作。")
    try:
        revised = services.draft_publication(publication.unit, publication.year, actor=request.user)
    except ActionRefused as error:
        messages.error(request, str(error))
        return redirect(publication)
    messages.success(request, f"已起草更正版（第{revised.number}版）；原第{publication.number}版保留不变。")
    return redirect(revised)


@portal_view(model=Publication)
def publication_workbook(request, publication):
    return xlsx_response(
        documents.publication_workbook(publication), f"{publication.title}（第{publication.number}版）.xlsx"
    )


@portal_view(model=Publication)
def publication_booklet(request, publication):
    return pdf_response(documents.render_booklet(publication), f"{publication.title}（第{publication.number}版）.pdf")


def _issued_latest(year=None):
    """Return the latest issued version of every unit's publication (of ``year``, if given)."""
    issued = Publication.objects.issued().select_related("unit").defer(*Publication.TABLES)
    if year is not None:
        issued = issued.filter(year=year)
    latest = {}
    for publication in issued.order_by("year", "unit__sort_order", "number"):
        latest[(publication.year, publication.unit_id)] = publication
    return list(latest.values())


@public_view
def public_index(request):
    scopes = {}
    for publication in _issued_latest():
        scopes.setdefault(publication.year, []).append(publication.scope)
    years = sorted(scopes.items(), reverse=True)
    return render(request, "pay_guidance/public_index.html", {"years": years})


def _public_choice(request, year):
    """Return the year's issued publications and the one asked for by ``?unit=`` (the first by default)."""
    publications = _issued_latest(year)
    chosen = request.GET.get("unit", "")
    shown = next((p for p in publications if str(p.unit_id) == chosen), publications[0] if publications else None)
    return publications, shown


@public_view
def public_year(request, year):
    publications, shown = _public_choice(request, year)
    table = public_tables.public_table(shown) if shown else None
    answer = request.GET.get("format", "")
    if answer in ("json", "csv", "xlsx", "pdf"):
        # The downloads and the open data: the same published cells as the page, with the definition and the
        # thresholds.
        if table is None:
            raise Http404("该年度尚未发布信息。")
        name = f"{shown.title}（第{shown.number}版）"
        if answer == "xlsx":
            return xlsx_response(documents.publication_workbook(shown), f"{name}.xlsx")
        if answer == "pdf":
            return pdf_response(documents.render_booklet(shown), f"{name}.pdf")
        if answer == "json":
            return JsonResponse(table.as_json(), json_dumps_params={"ensure_ascii": False, "indent": 1})
        response = HttpResponse(table.as_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="pay-levels-{year}-{shown.unit_id}.csv"'
        return response
    return render(
        request,
        "pay_guidance/public_year.html",
        {
            "year": year,
            "publications": publications,
            "shown": shown,
            "cells": table.cells if table else [],
            "groups": table.groups if table else [],
            "indicators": labour_cost.INDICATORS,
            "method": table.method if table else None,
            "public": True,
        },
    )


# --- Targeted services ---------------------------------------------------------------------------------------------


@portal_view()
def service_list(request):
    year = _year(request, _default_year())
    records = (
        TargetedService.objects.visible_to(request.user)
        .filter(survey__year=year)
        .select_related("survey__enterprise", "survey__unit")
    )
    units = Unit.objects.counties() if roles.sees_all_units(request.user) else [request.user.unit]
    figures = coverage(units, year)
    rows = [(unit, *figures[unit.pk]) for unit in units]
    if len(rows) > 1:
        served, surveyed = sum(row[1] for row in rows), sum(row[2] for row in rows)
        rows.append(("全州", served, surveyed, percent_of(served, surveyed)))
    return render(
        request,
        "pay_guidance/service_list.html",
        {
            "page": listing.page_of(request, records.order_by("-served_on", "-pk")),
            "year": year,
            "years": data_year_choices(),
            "coverage": rows,
            "goal": COVERAGE_GOAL_PCT,
            "can_add": request.user.role in WRITERS,
        },
    )


@portal_view(roles=WRITERS)
def service_create(request):
    # 记录反馈报告送达 on a survey's page opens this form with the survey and the topic chosen.
    initial = {name: request.GET[name] for name in ("survey", "topic") if request.GET.get(name)}
    form = TargetedServiceForm(request.POST or None, user=request.user, initial=initial)
    return _form_page(
        request, form, "pay_guidance:service_list", "登记针对性薪酬服务", message="已登记针对性服务。",
        permission=lambda record: permissions.can_change_unit_record(request.user, record.survey.unit),
        refusal="您无权为其他单位的企业登记服务。",
    )  # fmt: skip


@portal_view(model=TargetedService, roles=WRITERS)
def service_edit(request, record):
    if not permissions.can_change_unit_record(request.user, record.survey.unit):
        raise PermissionDenied("您无权修改其他单位的服务记录。")
    form = TargetedServiceForm(request.POST or None, instance=record, user=request.user)
    return _form_page(request, form, "pay_guidance:service_list", "修改针对性薪酬服务", record=record)


def _form_page(request, form, success_url, title, *, record=None, message="已保存。", template=None, **options):
    """Annex 6's create and edit pages: the kernel's edit path on the app's record form."""
    context = {"title": title, "record": record, "history": history_for(record)[:50] if record else None}
    return edit_page(
        request, form, template=template or "pay_guidance/record_form.html", context={**context, **options.pop("context", {})},
        message=message, success_url=success_url, **options,
    )  # fmt: skip


# --- Skill-talent guidance and the quarterly thematic reports ------------------------------------------------------


@portal_view()
def guidance_list(request):
    # Counted as the 督办看板 counts it (targets.py): per county and calendar year, an enterprise once.
    year = _year(request, timezone.localdate().year)
    records = (
        SkillGuidance.objects.visible_to(request.user).filter(held_on__year=year).select_related("unit", "enterprise")
    )
    guided = (
        records.filter(kind="guidance")
        .values("unit__short_name")
        .annotate(enterprises=Count("enterprise", distinct=True))
        .order_by("unit__sort_order")
    )
    return render(
        request,
        "pay_guidance/guidance_list.html",
        {
            "page": listing.page_of(request, records.order_by("-held_on", "-pk")),
            "guided": [
                (row["unit__short_name"], row["enterprises"], max(GUIDED_ENTERPRISES_GOAL - row["enterprises"], 0))
                for row in guided
            ],
            "goal": GUIDED_ENTERPRISES_GOAL,
            "year": year,
            "years": year_choices(),
            "can_add": request.user.role in WRITERS,
        },
    )


@portal_view(roles=WRITERS)
def guidance_create(request):
    form = SkillGuidanceForm(request.POST or None, user=request.user)
    return _form_page(
        request, form, "pay_guidance:guidance_list", "登记技能人才薪酬指导",
        permission=lambda record: permissions.can_change_unit_record(request.user, form.chosen_unit()),
        refusal="您无权为该单位登记。",
    )  # fmt: skip


@portal_view(model=SkillGuidance, roles=WRITERS)
def guidance_edit(request, record):
    if not permissions.can_change_unit_record(request.user, record.unit):
        raise PermissionDenied("您无权修改其他单位的记录。")
    form = SkillGuidanceForm(request.POST or None, instance=record, user=request.user)
    return _form_page(request, form, "pay_guidance:guidance_list", "修改技能人才薪酬指导", record=record)


def quarter_due_on(year, quarter):
    """Return the thematic report's due day: the 25th of the quarter's last month ("季末25日前")."""
    return datetime.date(year, quarter * 3, 25)


# The plan's first thematic report is the second quarter of 2021 ("从2021年二季度起").
FIRST_REPORT_QUARTER = (2021, 2)


@dataclass
class ReportCell:
    """One unit's thematic report of one quarter as the grid shows it."""

    quarter: int
    due: datetime.date
    report: ThematicReport | None
    state: str  # not_required, submitted, overdue (due, nothing submitted), pending (not yet due)

    @property
    def on_time(self):
        first = self.report.first_submitted_at if self.report else None
        return bool(first and timezone.localtime(first).date() <= self.due)

    @property
    def words(self):
        """The cell in words, for the grid and its export: what was done, or what is late or still to come."""
        due = self.due.isoformat()
        if self.state == "not_required":
            return "不需报送（2021年二季度起报送）"
        if self.state == "submitted":
            return f"{self.report.get_status_display()}（{'按时报送' if self.on_time else '逾期报送'}）"
        if self.state == "overdue":
            return f"逾期未报（{due}截止）"
        return f"未到期（{due}截止）"


def _report_rows(user, year, today=None):
    """Return ``[(unit, [ReportCell per quarter])]``: each quarter's report and where it stands on ``today``."""
    today = today or timezone.localdate()
    units = Unit.objects.counties() if roles.sees_all_units(user) else [user.unit]
    reports = {(r.unit_id, r.quarter): r for r in ThematicReport.objects.visible_to(user).filter(year=year)}
    rows = []
    for unit in units:
        cells = []
        for quarter in (1, 2, 3, 4):
            report = reports.get((unit.pk, quarter))
            due = quarter_due_on(year, quarter)
            if (year, quarter) < FIRST_REPORT_QUARTER:
                state = "not_required"
            elif report and report.first_submitted_at:
                state = "submitted"
            else:
                state = "overdue" if today > due else "pending"
            cells.append(ReportCell(quarter, due, report, state))
        rows.append((unit, cells))
    return rows


@portal_view()
def report_grid_export(request):
    year = _year(request, timezone.localdate().year)
    lines = []
    for unit, cells in _report_rows(request.user, year):
        on_time = sum(1 for cell in cells if cell.on_time)
        lines.append([unit.short_name, *(cell.words for cell in cells), on_time])
    headers = ["单位", "第一季度", "第二季度", "第三季度", "第四季度", "按时报送（次）"]
    return xlsx_response(
        simple_workbook(f"{year}年专题报告", headers, lines), f"{year}年技能人才薪酬指导专题报告报送情况.xlsx"
    )


@portal_view()
def report_grid(request):
    year = _year(request, timezone.localdate().year)
    rows = _report_rows(request.user, year)
    return render(
        request,
        "pay_guidance/report_grid.html",
        {
            "rows": rows,
            "year": year,
            "years": year_choices(),
            "can_write": permissions.can_write_thematic_report(request.user),
        },
    )


@portal_view(roles=COUNTY_STAFF, mutation=True)
def report_create(request):
    year, quarter = request.POST.get("year", ""), request.POST.get("quarter", "")
    if not (year in {str(choice) for choice, _label in year_choices()} and quarter in ("1", "2", "3", "4")):
        raise PermissionDenied("专题报告的年度或季度无效，请从专题报告报送情况页面选择要填写的季度。")
    report, _ = ThematicReport.objects.get_or_create(
        unit=request.user.unit, year=int(year), quarter=int(quarter), defaults={"content": ""}
    )
    return redirect(report)


# What each action on a thematic report did, said on the page it returns to.
REPORT_ACTION_DONE = {
    "submit": "已报送州三方办，等待采用；采用前不能再修改。",
    "accept": "已采用，县市不能再修改；是否按时以首次报送日期计。",
    "return": "已退回县市修改，退回原因已告知县市（见其待办）。",
}


@portal_view(model=ThematicReport)
def report_detail(request, report):
    return _report_page(request, report)


def _report_page(request, report, reason=None):
    """The report's page, where its unit edits it; with ``reason`` (a refused 采用 or 退回), shown again as the report
    now stands with the reason typed kept."""
    can_write = permissions.can_change_unit_record(request.user, report.unit) and report.status in ("draft", "returned")
    editing = reason is None and request.method == "POST"
    if editing and (not can_write or request.user.role not in WRITERS):
        raise PermissionDenied("您无权修改该专题报告。")
    submitting = editing and request.POST.get("then") == "submit"

    def save(form, *, actor):
        # 报送 sends what is on the form: saved and submitted together, or neither (the form keeps what was typed).
        with transaction.atomic():
            saved = save_form(form, actor=actor)
            if submitting:
                services.act_on_report(saved, "submit", actor=actor, expected_version=saved.version)
        return saved

    return edit_page(
        request,
        ThematicReportForm(request.POST if editing else None, instance=report),
        template="pay_guidance/report_detail.html",
        save=save,
        message=f"已保存。{REPORT_ACTION_DONE['submit']}"
        if submitting
        else "已保存，尚未报送：报送后州三方办才能采用。",
        success_url=report,
        context={
            "report": report,
            "can_write": can_write,
            "can_review": permissions.can_review_report(request.user) and report.status == "submitted",
            "due": quarter_due_on(report.year, report.quarter),
            "reason": reason or "",
            "history": history_for(report)[:50],
        },
    )


@portal_view(model=ThematicReport, roles=WRITERS, mutation=True)
def report_action(request, report):
    action = request.POST.get("action", "")
    allowed = (
        permissions.can_review_report(request.user)
        if action in ("accept", "return")
        else permissions.can_change_unit_record(request.user, report.unit)
    )
    if not allowed:
        raise PermissionDenied("您无权对该专题报告进行此操作。")
    try:
        services.act_on_report(
            report,
            action,
            actor=request.user,
            expected_version=_version(request),
            reason=request.POST.get("reason", ""),
        )
    except ActionRefused as error:
        messages.error(request, str(error))
        report.refresh_from_db()
        return _report_page(request, report, reason=request.POST.get("reason", ""))
    messages.success(request, REPORT_ACTION_DONE.get(action, "已完成。"))
    return redirect(report)


# --- Demonstration registers ----------------------------------------------------------------------------------------


@portal_view()
def demonstration_list(request):
    records = (
        Demonstration.objects.visible_to(request.user)
        .select_related("unit", "enterprise")
        .annotate(write_ups=Count("events", filter=Q(events__kind="write_up")))
    )
    counts = (
        Demonstration.objects.visible_to(request.user)
        .values("unit__short_name", "kind")
        .annotate(n=Count("pk"))
        .order_by("unit__sort_order", "kind")
    )
    return render(
        request,
        "pay_guidance/demonstration_list.html",
        {
            "records": records,
            "counts": counts,
            "kinds": DemonstrationKind.choices,
            "can_add": request.user.role in WRITERS,
        },
    )


@portal_view(roles=WRITERS)
def demonstration_create(request):
    form = DemonstrationForm(request.POST or None, user=request.user)
    return _form_page(
        request, form, "pay_guidance:demonstration_list", "登记薪酬分配示范企业",
        permission=lambda record: permissions.can_change_unit_record(request.user, form.chosen_unit()),
        refusal="您无权为该单位登记示范企业。",
    )  # fmt: skip


@portal_view(model=Demonstration, roles=WRITERS)
def demonstration_edit(request, record):
    if not permissions.can_change_unit_record(request.user, record.unit):
        raise PermissionDenied("您无权修改其他单位的示范企业。")
    form = DemonstrationForm(request.POST or None, instance=record, user=request.user)
    return _form_page(
        request, form, "pay_guidance:demonstration_list", "修改薪酬分配示范企业", record=record,
        template="pay_guidance/demonstration_form.html",
        context={"event_form": DemonstrationEventForm(), "events": record.events.all()},
    )  # fmt: skip


@portal_view(model=Demonstration, roles=WRITERS, mutation=True)
def event_create(request, record):
    if not permissions.can_change_unit_record(request.user, record.unit):
        raise PermissionDenied("您无权为其他单位的示范企业登记。")
    form = DemonstrationEventForm(request.POST)
    form.instance.demonstration = record
    if form.is_valid():
        save_form(form, actor=request.user)
        messages.success(request, "已登记推广记录。")
    else:
        messages.error(request, "请填写类别、日期和标题。")
    return redirect(record.get_absolute_url())
