"""The shared selection pages, written once for every nominating app (annexes 1, 2 and 3).

Each view is a module-level function that takes the app's ``Selection`` as a keyword argument; ``urls.py``
wraps it in ``portal_view`` with the selection's model and roles and mounts it under the app's namespace, so
the access matrix sees every app's copy of every page. The notice pages (one for every programme) take no
selection: they find the programme's through the registry to link back to its year page.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from .. import roles
from ..access import portal_view
from ..downloads import redirect_to_job
from ..editing import edit_page
from ..lib import listing
from ..lib.concurrency import StaleEdit
from ..lib.errors import ActionRefused
from ..lib.history import history_for
from ..lib.pdf import pdf_response
from ..navigation import in_section
from ..roles import WRITERS
from . import review_panels, services, workflow
from .filters import CandidateFilter
from .forms import (
    ActionForm,
    ExtensionForm,
    NoticeForm,
    ObjectionForm,
    PanelForm,
    ResolveForm,
    RoundForm,
    criterion_form,
)
from .models import Objection, PublicNotice
from .selection import BATCH_FORMS_JOB, BULK_ACTIONS, selection_for
from .workflow import Action, Level, Status

# ---------------------------------------------------------------- reads for the pages


def limit_rows(model, round):
    """Return ``[(limit, count)]``: each yearly limit of ``model`` and how many candidates of ``round`` reached it."""
    rows = []
    for limit in model.yearly_limits:
        count = model.objects.filter(round=round, status__in=workflow.REACHED[limit.action]).count()
        rows.append((limit, count))
    return rows


def panel_context(selection, nomination, user):
    """Return the scoring table of ``nomination`` as ``user`` may see it (``Selection.score_view``): every
    member's named points per criterion with the declared conflicts, or only ``user``'s own sheet, or only the
    panel's result (mean, median, number of scorers); the result once the round's quorum has scored."""
    view = selection.score_view(user, nomination)
    criteria = list(selection.panel.criterion.objects.for_year(nomination.round.year))
    scores = list(nomination.scores.select_related("member", "criterion"))
    conflicts = list(nomination.conflicts.select_related("member"))
    result = review_panels.panel_result(scores, conflicts, quorum=nomination.round.panel_quorum)
    if view == "own":
        scores = [score for score in scores if score.member_id == user.pk]
        conflicts = [conflict for conflict in conflicts if conflict.member_id == user.pk]
    elif view != "all":
        scores, conflicts = [], []
    sheets = {}
    for score in scores:
        sheets.setdefault(score.member, {})[score.criterion_id] = score.points
    return {
        "score_view": view,
        "criteria": criteria,
        "sheets": [(m, [p.get(c.pk) for c in criteria], sum(p.values())) for m, p in sheets.items()],
        "conflicts": conflicts,
        "result": result if view in ("all", "result") else None,
        "panel_round": nomination.round,
    }


def deadline_warning(round, unit, nomination, today=None):
    """Return what the candidate form says before any typing about ``unit``'s deadline in ``round``: that it
    has passed and how to ask for an extension, or the extended date; ``""`` when nothing needs saying. A
    resubmission after a return is not bound by the deadline."""
    if unit is None or nomination.status == Status.RETURNED:
        return ""
    due = round.deadline_for(Level.UNIT, unit)
    if due is None:
        return ""
    today = today or timezone.localdate()
    extended = due != round.unit_due_on
    when = f"{due}"
    if today <= due:
        return f"{unit}的报送截止日期已延期至{when}，请在该日前报送。" if extended else ""
    if extended:
        return (
            f"{unit}的报送截止日期已延期至{when}，延期也已过期：本页可以保存，但不能报送。"
            "如确需再次延期，请联系州三方办说明理由；州三方办在本年度“截止日期与延期”页面批准后即可报送。"
        )
    return (
        f"{round}的报送截止日期为{when}，已经过期：本页可以保存，但不能报送。"
        "如确需报送，请先联系州三方办说明理由申请延期；州三方办在本年度“截止日期与延期”页面批准后，"
        "本页会显示延期后的日期，届时即可报送。"
    )


def year_context(selection, user, round):
    """Return what every year page shows besides its own table: the bulk panel, notices, limits and rights."""
    return {
        "selection": selection,
        "can_review": roles.can_review(user),
        "bulk_actions": [(action, action.label) for action in BULK_ACTIONS],
        "notices": PublicNotice.objects.visible_to(user).filter(round=round),
        "limits": limit_rows(selection.model, round),
    }


def filter_candidates(request, selection, candidates):
    """Return a year page's ``candidates`` (already scoped with ``visible_to``) as the query string filters them
    by name, nominating unit and status, and the context of the shared filter form
    (``includes/selection/candidate_filter.html``)."""
    filters = listing.filter_list(request, CandidateFilter, candidates, selection=selection)
    context = {
        "candidate_filter": filters.form,
        "unit_choices": list(filters.form.fields["unit"].queryset),
        "is_filtered": any(listing.value(filters, name) for name in ("q", "unit", "status")),
    }
    return filters.qs, context


def _ids(request):
    return [int(pk) for pk in request.POST.getlist("ids") if pk.isdigit()]


# ---------------------------------------------------------------- candidate pages


def selection_current(request, *, selection):
    return redirect(selection.url("selection_year"), year=timezone.localdate().year)


def _nomination_form(request, nomination, round, selection):
    form = selection.form(request.POST or None, instance=nomination, unit=request.user.unit, round=round)
    if request.method == "POST" and form.is_valid():
        try:
            nomination = services.save_nomination(
                form.instance, actor=request.user, version=form.cleaned_data["version"]
            )
        except StaleEdit as stale:
            form.add_error(None, str(stale))
        else:
            messages.success(request, f"已保存{selection.noun}“{nomination}”。报送前仍可修改。")
            return redirect(nomination)
    context = {
        "form": form,
        "round": round,
        "nomination": nomination,
        "selection": selection,
        "deadline_warning": deadline_warning(round, request.user.unit, nomination),
    }
    return render(request, f"{selection.app}/nomination_form.html", context)


def nomination_create(request, year, *, selection):
    if not selection.can_nominate(request.user):
        raise PermissionDenied(f"您无权推荐{selection.noun}。")
    return _nomination_form(request, selection.model(), selection.open_round(year), selection)


def nomination_edit(request, nomination, *, selection):
    if not selection.can_change(request.user, nomination):
        raise PermissionDenied(f"该{selection.noun}已报送，不能修改；如需修改，请联系州三方办退回。")
    return _nomination_form(request, nomination, nomination.round, selection)


def nomination_detail(request, nomination, *, selection):
    user = request.user
    context = {
        "selection": selection,
        "nomination": nomination,
        "steps": nomination.steps.select_related("actor").order_by("at", "pk"),
        "changes": services.changes_since_return(nomination) if nomination.status == Status.RETURNED else [],
        "actions": [
            (action, action.label)
            for action in workflow.allowed_actions(nomination.status)
            if action != Action.PUBLISH and selection.can_take_action(user, nomination, action)
        ],
        "return_choices": workflow.return_choices(nomination.status),
        "can_change": selection.can_change(user, nomination),
        "can_score": selection.can_score(user, nomination),
        "history": history_for(nomination)[:50],
    }
    if selection.panel is not None:
        context.update(panel_context(selection, nomination, user))
    if selection.detail_context is not None:
        context.update(selection.detail_context(nomination, user=user))
    return render(request, f"{selection.app}/nomination_detail.html", context)


def nomination_action(request, nomination, *, selection):
    form = (selection.action_form or ActionForm)(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择要办理的操作。")
        return redirect(nomination)
    data = form.cleaned_data
    if not selection.can_take_action(request.user, nomination, data["action"]):
        raise PermissionDenied("您无权办理该操作。")
    try:
        if selection.act is not None:
            selection.act(selection, nomination, data, actor=request.user)
        else:
            services.act_on_nomination(
                selection,
                nomination,
                data["action"],
                actor=request.user,
                opinion=data["opinion"],
                reason=data["reason"],
                return_to=data["return_to"] or None,
            )
    except ActionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"已对“{nomination}”办理“{Action(data['action']).label}”。")
    return redirect(nomination)


def nomination_bulk(request, year, *, selection):
    round = selection.open_round(year)
    form = ActionForm(request.POST)
    ids = _ids(request)
    if not form.is_valid() or not ids:
        messages.error(request, f"请勾选{selection.noun}并选择要办理的操作。")
        return redirect(selection.url("selection_year"), year=year)
    data = form.cleaned_data
    chosen = selection.model.objects.visible_to(request.user).filter(round=round, pk__in=ids).select_related("unit")
    try:
        steps = services.act_on_nominations(
            selection,
            chosen,
            data["action"],
            actor=request.user,
            opinion=data["opinion"],
            reason=data["reason"],
            return_to=data["return_to"] or None,
        )
    except ActionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request, f"已对{len(steps)}{selection.measure}{selection.noun}办理“{Action(data['action']).label}”。"
        )
    return redirect(selection.url("selection_year"), year=year)


# ---------------------------------------------------------------- the round: notice, deadlines, extensions


def notice_create(request, year, *, selection):
    round = selection.open_round(year)
    approved = selection.model.objects.filter(round=round, status=Status.APPROVED).select_related(
        "unit", selection.subject
    )
    form = NoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        chosen = approved.filter(pk__in=_ids(request))
        try:
            notice = services.publish_prefecture_notice(round, chosen, **form.cleaned_data, actor=request.user)
        except ActionRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "已发布公示。公示期满且异议处理完毕后，才能确定是否入选。")
            return redirect("notice_detail", pk=notice.pk)
    context = {"form": form, "round": round, "approved": approved, "selection": selection}
    return render(request, "chuxiong_labor/selection_notice_form.html", context)


def round_edit(request, year, *, selection):
    round = selection.open_round(year)
    form = RoundForm(request.POST or None, instance=round, prefix="round", sources=selection.deadline_sources)
    if request.method == "POST" and form.is_valid():
        services.save_round(form.instance, actor=request.user)
        messages.success(request, f"已保存{round}的截止日期。")
        return redirect(selection.url("round_edit"), year=year)
    context = {
        "selection": selection,
        "round": round,
        "year": year,
        "form": form,
        "extension_form": ExtensionForm(prefix="ext"),
        "extensions": round.extensions.select_related("unit", "granted_by"),
    }
    return render(request, "chuxiong_labor/selection_round_form.html", context)


def panel_edit(request, year, *, selection):
    round = selection.open_round(year)
    form = PanelForm(request.POST or None, instance=round)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.appoint_panel(
                round,
                members=data["panel_members"],
                chair=data["panel_chair"],
                quorum=data["panel_quorum"],
                actor=request.user,
            )
        except ActionRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, f"已保存{round}的评审组。")
            return redirect(selection.url("selection_year"), year=year)
    context = {"selection": selection, "round": round, "year": year, "form": form, "history": history_for(round)[:20]}
    return render(request, "chuxiong_labor/selection_panel_form.html", context)


def extension_create(request, year, *, selection):
    round = selection.open_round(year)
    form = ExtensionForm(request.POST, prefix="ext")
    if form.is_valid():
        try:
            services.grant_extension(round, **form.cleaned_data, actor=request.user)
        except ActionRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, "已批准延期并记录。")
    else:
        messages.error(request, "请选择延期的环节和单位，填写新的截止日期和延期理由。")
    return redirect(selection.url("round_edit"), year=year)


# ---------------------------------------------------------------- recommendation forms (PDF)


def nomination_pdf(request, nomination, *, selection):
    content = selection.render_forms([nomination])
    return pdf_response(content, f"{selection.title}推荐表_{nomination}.pdf")


def batch_pdf(request, year, *, selection):
    """Start (or rejoin) the job that renders the year's forms; its page shows the progress, then the download."""
    candidates = selection.model.objects.visible_to(request.user).in_year(year)
    filters = listing.filter_list(request, CandidateFilter, candidates, selection=selection)
    unit, status = listing.value(filters, "unit"), listing.value(filters, "status", "")
    params = {"app": selection.app, "year": year, "unit": unit.pk if unit else None, "status": status or ""}
    title = f"{year}年度{selection.title}推荐表（批量）"
    return redirect_to_job(request, BATCH_FORMS_JOB, title=title, params=params, source_url=request.get_full_path())


# ---------------------------------------------------------------- the review panel


def nomination_score(request, nomination, *, selection):
    if not selection.can_score(request.user, nomination):
        raise PermissionDenied(f"只有州三方办指定的本年度评审组成员可以在{selection.noun}待州级审核期间评分。")
    panel = selection.panel
    form = review_panels.ScoreForm(
        request.POST or None,
        criteria=panel.criterion.objects.for_year(nomination.round.year),
        scores=nomination.scores.filter(member=request.user),
        conflict=nomination.conflicts.filter(member=request.user).first(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            review_panels.save_scoresheet(
                nomination,
                member=request.user,
                points=form.points(),
                conflict_reason=form.declared_conflict(),
                score_model=panel.score,
                conflict_model=panel.conflict,
            )
        except ActionRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "已登记回避。" if form.cleaned_data["has_conflict"] else "已保存您的评分。")
            return redirect(nomination)
    context = {"form": form, "nomination": nomination, "selection": selection}
    if selection.scoring_evidence is not None:
        context.update(selection.scoring_evidence(nomination))
    return render(request, "chuxiong_labor/selection_score_form.html", context)


def criterion_list(request, *, selection):
    context = {
        "selection": selection,
        "panel": selection.panel,
        "criteria": selection.panel.criterion.objects.all(),
        "scored_through": review_panels.scored_through(selection.panel),
        "can_manage": roles.can_review(request.user),
    }
    return render(request, "chuxiong_labor/selection_criterion_list.html", context)


def _criterion_form_page(request, criterion, selection):
    frozen_years = []

    def save(form, *, actor):
        saved, frozen = services.save_criterion(
            form.instance, panel=selection.panel, actor=actor, version=form.cleaned_data["version"]
        )
        frozen_years.append(frozen)
        return saved

    def message(saved):
        frozen = frozen_years[0]
        if frozen is None:
            return f"已保存评分项目“{saved.name}”。"
        return f"{frozen}年度已有评分，该年度及以前的评分项目保持不变；“{saved.name}”的修改从{frozen + 1}年度起适用。"

    return edit_page(
        request,
        criterion_form(selection.panel.criterion)(request.POST or None, instance=criterion),
        template="chuxiong_labor/selection_criterion_form.html",
        save=save,
        message=message,
        success_url=selection.url("criterion_list"),
        context={
            "criterion": criterion,
            "selection": selection,
            "scored_through": review_panels.scored_through(selection.panel),
        },
    )


def criterion_create(request, *, selection):
    return _criterion_form_page(request, selection.panel.criterion(), selection)


def criterion_edit(request, criterion, *, selection):
    return _criterion_form_page(request, criterion, selection)


# ---------------------------------------------------------------- the notice page, one for every programme


def can_handle_objections(user, notice):
    """Return whether ``user`` records and resolves objections to ``notice`` (the unit for its own notice,
    the prefecture office for the prefecture's)."""
    if notice.unit_id is None:
        return roles.can_review(user)
    return roles.can_write_for_unit(user, notice.unit)


@portal_view(model=PublicNotice)
def notice_detail(request, notice):
    can_handle = can_handle_objections(request.user, notice)
    selection = selection_for(notice.round.programme)
    back_url = selection.year_url(notice.round.year) if selection else reverse("home")
    in_section(request, back_url)
    return render(
        request,
        "chuxiong_labor/notice_detail.html",
        {
            "notice": notice,
            "selection": selection,
            "back_url": back_url,
            "entries": notice.entries.all(),
            "objections": notice.objections.select_related("entry", "recorded_by", "resolved_by"),
            "can_handle": can_handle,
            "objection_form": ObjectionForm(notice=notice) if can_handle else None,
            "resolve_form": ResolveForm(),
            "today": timezone.localdate(),
        },
    )


@portal_view(model=PublicNotice, roles=WRITERS, mutation=True)
def objection_create(request, notice):
    if not can_handle_objections(request.user, notice):
        raise PermissionDenied("您无权登记该公示的异议。")
    form = ObjectionForm(request.POST, notice=notice)
    if form.is_valid():
        try:
            services.record_objection(notice, actor=request.user, **form.cleaned_data)
        except ActionRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, "已登记异议。处理完毕前，相关对象不能进入下一步。")
    else:
        messages.error(request, "请填写收到日期和异议内容。")
    return redirect("notice_detail", pk=notice.pk)


@portal_view(model=Objection, roles=WRITERS, mutation=True)
def objection_resolve(request, objection):
    if not can_handle_objections(request.user, objection.notice):
        raise PermissionDenied("您无权处理该异议。")
    form = ResolveForm(request.POST)
    if form.is_valid():
        try:
            services.resolve_objection(objection, **form.cleaned_data, actor=request.user)
        except ActionRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, "已登记异议处理结果。")
    else:
        messages.error(request, "请选择处理结果并填写核实情况及处理理由。")
    return redirect("notice_detail", pk=objection.notice_id)
