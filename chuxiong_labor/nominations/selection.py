"""The pages of a gold selection, written once for every nominating app (annexes 1, 2 and 3).

An app describes its selection with a ``Selection`` (its candidate model and form, who nominates, its review
panel if it scores, its templates' namespace) and mounts ``selection_urls(selection)`` in its ``urls.py``. That
gives it, under its own namespace, the candidate pages (enter, change, detail, one action, bulk actions), the
prefecture's notice form, the round's deadlines and extensions, and for panel apps the scoring sheet and the
editable criteria. The notice page with its objections is one kernel page (``notice_detail``) for every
programme: it finds the programme's ``Selection`` to link back to the right year page.

The year page and the recommendation PDF stay in each app: what they show is the app's own. Each app's
``nomination_detail.html`` composes the shared pieces in ``templates/includes/selection/``.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone

from .. import roles
from ..access import portal_view
from ..lib.concurrency import StaleEdit, VersionedModelForm
from ..lib.errors import ActionRefused
from ..lib.history import acting_as, history_for
from ..lib.jobs import job, start_job
from ..lib.pdf import pdf_response, render_in_parts
from ..roles import Role
from ..units import Unit
from . import review_panels, services, workflow
from .models import DeadlineExtension, NominationRound, Objection, PublicNotice
from .workflow import ACTING_LEVEL, Action, Level, Status, TransitionRefused

WRITERS = frozenset({Role.COUNTY_STAFF, Role.MEMBER_STAFF, Role.REVIEWER, Role.ADMIN})
REVIEWERS = frozenset({Role.REVIEWER, Role.ADMIN})
DATE = {"type": "date"}

# The actions the prefecture takes on many candidates at once from a year page (a submission is the unit's, a
# notice has its own form, and the province's award needs each certificate).
BULK_ACTIONS = [Action.APPROVE, Action.SELECT, Action.REJECT, Action.RECOMMEND, Action.NOT_AWARD, Action.RETURN]


@dataclass(frozen=True)
class Panel:
    """The models of an app's review panel (see ``review_panels``)."""

    criterion: type
    score: type
    conflict: type
    criteria_title: str = "评选标准"
    criteria_note: str = ""


@dataclass(frozen=True)
class Selection:
    """What differs between the gold selections; everything else is written once in this module."""

    app: str  # the URL namespace and template folder
    programme: str  # a ``NominationProgramme``
    title: str  # 金牌……, as it reads after “年度”
    model: type  # the candidate model, a ``NominationBase``
    form: type  # the candidate's entry form: ``form(data, instance=, unit=, round=)``
    open_round: object  # ``open_round(year) -> NominationRound``, with the programme's default deadlines
    nominators: frozenset  # the roles that enter and submit candidates for their own unit
    noun: str = "候选对象"
    measure: str = "个"  # the measure word counting candidates: 名 for people, 个 for organisations
    panel: Panel | None = None
    action_form: type | None = None  # an ``ActionForm`` subclass when the app needs more fields
    extra_action_fields: str = ""  # a template with those fields, included in the action panel
    act: object = None  # ``act(selection, nomination, data, *, actor)``, when an action needs more than a step
    detail_context: object = None  # ``detail_context(nomination, user=) -> dict`` for the app's detail page
    render_forms: object = None  # ``render_forms(nominations) -> bytes``: the recommendation forms as one PDF

    def url(self, name):
        return f"{self.app}:{name}"

    @property
    def tabs(self):
        return f"{self.app}/_tabs.html"

    def year_url(self, year):
        return reverse(self.url("selection_year"), args=[year])

    # Who may do what: one answer for the views (403) and for the templates.

    def can_nominate(self, user, unit=None):
        """Return whether ``user`` enters and submits candidates (for ``unit``, when given)."""
        if not (user.is_authenticated and user.is_active and user.role in self.nominators and user.unit_id):
            return False
        return unit is None or user.unit_id == unit.pk

    def can_change(self, user, nomination):
        """Return whether ``user`` may change ``nomination``: its unit, before submission or after a return."""
        return self.can_nominate(user, nomination.unit) and nomination.is_editable

    def can_take_action(self, user, nomination, action):
        """Return whether ``user`` may take ``action`` on ``nomination``: the unit submits, the prefecture
        office takes every later step (the province's result included)."""
        if ACTING_LEVEL[Action(action)] == Level.UNIT:
            return self.can_nominate(user, nomination.unit)
        return roles.can_review(user)

    def can_score(self, user, nomination):
        """Return whether ``user`` may fill in a scoring sheet for ``nomination`` (panel members, under review)."""
        return self.panel is not None and review_panels.is_panel_member(user) and nomination.status == Status.SUBMITTED


_REGISTRY = {}


def register(selection):
    """Make ``selection`` known to the shared notice pages; return it."""
    _REGISTRY[selection.programme] = selection
    return selection


def selection_for(programme):
    """Return the registered ``Selection`` of ``programme``, or ``None`` when its app is not installed."""
    return _REGISTRY.get(programme)


# ---------------------------------------------------------------- the batch of recommendation forms, as a job

BATCH_FORMS_JOB = "nominations.recommendation_forms"


def _batch_filters(query):
    """Return the unit and status a batch of forms is limited to, from the year page's query string."""
    unit, status = query.get("unit", ""), query.get("status", "")
    return {"unit": int(unit) if unit.isdigit() else None, "status": status if status in Status.values else ""}


@job(BATCH_FORMS_JOB)
def recommendation_forms(run, *, app, year, unit=None, status=""):
    """Render every recommendation form of ``app``'s year that the job's owner may see, as one PDF."""
    selection = next(each for each in _REGISTRY.values() if each.app == app)
    nominations = selection.model.objects.visible_to(run.owner).in_year(year).select_related("unit", "round")
    if unit:
        nominations = nominations.filter(unit_id=unit)
    if status:
        nominations = nominations.filter(status=status)
    nominations = list(nominations)
    if not nominations:
        raise ActionRefused(f"{year}年度没有符合条件的{selection.noun}，无法生成推荐表。")
    content = render_in_parts(nominations, selection.render_forms, progress=run.progress)
    return f"{year}年度{selection.title}推荐表.pdf", content


# ---------------------------------------------------------------- forms


class ActionForm(forms.Form):
    action = forms.ChoiceField(label="操作", choices=Action.choices)
    opinion = forms.CharField(label="意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label="退回原因", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    return_to = forms.ChoiceField(
        label="退回至",
        required=False,
        choices=[("", "—"), (Status.RETURNED, Level.UNIT.label), (Status.SUBMITTED, "州三方办重新审核")],
    )


class NoticeForm(forms.Form):
    starts_on = forms.DateField(label="公示开始日期", widget=forms.DateInput(attrs=DATE))
    ends_on = forms.DateField(label="公示结束日期", widget=forms.DateInput(attrs=DATE))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("starts_on") and cleaned.get("ends_on") and cleaned["ends_on"] < cleaned["starts_on"]:
            raise forms.ValidationError("公示结束日期不能早于开始日期，请改正。")
        return cleaned


class ObjectionForm(forms.ModelForm):
    class Meta:
        model = Objection
        fields = ["entry", "received_on", "objector", "contact", "content"]
        widgets = {"received_on": forms.DateInput(attrs=DATE), "content": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, notice, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = notice.entries.all()
        self.fields["entry"].empty_label = "针对整个公示"


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(
        label="处理结果", choices=[(o.value, o.label) for o in Objection.Outcome if o != Objection.Outcome.PENDING]
    )
    resolution = forms.CharField(label="核实情况及处理理由", widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionForm(forms.ModelForm):
    class Meta:
        model = DeadlineExtension
        fields = ["level", "unit", "new_due_on", "reason"]
        widgets = {"new_due_on": forms.DateInput(attrs=DATE), "reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [(Level.UNIT, "县（市）或成员单位报送"), (Level.PREFECTURE, "州级推荐至省")]
        self.fields["unit"].queryset = Unit.objects.owning_records()


class RoundForm(forms.ModelForm):
    class Meta:
        model = NominationRound
        fields = ["unit_due_on", "prefecture_due_on", "note"]
        widgets = {
            "unit_due_on": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "prefecture_due_on": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
        }


class OrgNominationForm(VersionedModelForm):
    """The entry form of an organisation put forward (annexes 2 and 3): one of the unit's own active
    organisations that is not already a candidate of the round. Apps set ``Meta.model`` and ``org_noun``."""

    org_noun = "组织"

    def __init__(self, *args, unit, round, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.unit, self.instance.round = unit, round
        taken = self._meta.model.objects.filter(round=round).exclude(pk=self.instance.pk).values("org")
        orgs = self.fields["org"].queryset.model.objects.filter(unit=unit).active()
        self.fields["org"].queryset = orgs.exclude(pk__in=taken)
        self.fields["org"].empty_label = f"请选择本县（市）登记的{self.org_noun}"


def criterion_form(criterion_model):
    """Return the edit form of a panel's criteria."""
    return forms.modelform_factory(
        criterion_model, fields=["name", "description", "max_points", "source", "sort_order", "is_active"]
    )


# ---------------------------------------------------------------- writes


def save_form(form, *, actor):
    """Save a validated model form (a candidate, a round's deadlines, a criterion) with ``actor`` recorded."""
    with transaction.atomic(), acting_as(actor):
        return form.save()


def award_result(nomination, title):
    """Return what the form's 评定结果 box says once the province has decided on ``nomination``."""
    if nomination.status == Status.AWARDED:
        return f"评定为云南省{title}。"
    if nomination.status == Status.NOT_AWARDED:
        return f"未评定为云南省{title}。"
    return ""


def opinion_boxes(nomination):
    """Return the opinion boxes of a recommendation form: each level's latest opinion and the date it was given."""
    opinions = workflow.latest_opinions(nomination.steps.all())
    boxes = []
    for level, label in (
        (Level.UNIT, "县级三方办公室推荐意见"),
        (Level.PREFECTURE, "州(市)级三方办公室推荐意见"),
        (Level.PROVINCE, "省级三方办公室推荐意见"),
    ):
        step = opinions.get(level)
        on = timezone.localtime(step.at).date() if step else None
        boxes.append({"label": label, "text": step.opinion if step else "", "on": on})
    return boxes


# ---------------------------------------------------------------- reads for the pages


def limit_rows(model, round):
    """Return ``[(limit, count)]``: each yearly limit of ``model`` and how many candidates of ``round`` reached it."""
    rows = []
    for limit in model.yearly_limits:
        count = model.objects.filter(round=round, status__in=workflow.REACHED[limit.action]).count()
        rows.append((limit, count))
    return rows


def panel_context(selection, nomination):
    """Return the scoring table of ``nomination``: each member's points per criterion, the mean and the median."""
    criteria = list(selection.panel.criterion.objects.filter(is_active=True))
    scores = list(nomination.scores.select_related("member", "criterion"))
    conflicts = list(nomination.conflicts.select_related("member"))
    sheets = {}
    for score in scores:
        sheets.setdefault(score.member, {})[score.criterion_id] = score.points
    return {
        "criteria": criteria,
        "sheets": [(m, [p.get(c.pk) for c in criteria], sum(p.values())) for m, p in sheets.items()],
        "conflicts": conflicts,
        "result": review_panels.panel_result(scores, conflicts),
    }


def year_context(selection, user, round):
    """Return what every year page shows besides its own table: the bulk panel, notices, limits and rights."""
    return {
        "selection": selection,
        "can_review": roles.can_review(user),
        "bulk_actions": [(action, action.label) for action in BULK_ACTIONS],
        "notices": PublicNotice.objects.visible_to(user).filter(round=round),
        "limits": limit_rows(selection.model, round),
    }


# ---------------------------------------------------------------- the views, made for each app


def _ids(request):
    return [int(pk) for pk in request.POST.getlist("ids") if pk.isdigit()]


def selection_urls(selection):
    """Return the URL patterns of ``selection``'s shared pages, to be listed in the app's ``urlpatterns``."""
    model, app = selection.model, selection.app
    action_form = selection.action_form or ActionForm

    @portal_view()
    def selection_current(request):
        return redirect(selection.url("selection_year"), year=timezone.localdate().year)

    def nomination_form(request, nomination, round):
        form = selection.form(request.POST or None, instance=nomination, unit=request.user.unit, round=round)
        if request.method == "POST" and form.is_valid():
            try:
                nomination = save_form(form, actor=request.user)
            except StaleEdit as stale:
                form.add_error(None, str(stale))
            else:
                messages.success(request, f"已保存{selection.noun}“{nomination}”。报送前仍可修改。")
                return redirect(nomination)
        context = {"form": form, "round": round, "nomination": nomination, "selection": selection}
        return render(request, f"{app}/nomination_form.html", context)

    @portal_view(roles=selection.nominators)
    def nomination_create(request, year):
        if not selection.can_nominate(request.user):
            raise PermissionDenied(f"您无权推荐{selection.noun}。")
        return nomination_form(request, model(), selection.open_round(year))

    @portal_view(model=model, roles=selection.nominators)
    def nomination_edit(request, nomination):
        if not selection.can_change(request.user, nomination):
            raise PermissionDenied(f"该{selection.noun}已报送，不能修改；如需修改，请联系州三方办退回。")
        return nomination_form(request, nomination, nomination.round)

    @portal_view(model=model)
    def nomination_detail(request, nomination):
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
            context.update(panel_context(selection, nomination))
        if selection.detail_context is not None:
            context.update(selection.detail_context(nomination, user=user))
        return render(request, f"{app}/nomination_detail.html", context)

    @portal_view(model=model, roles=WRITERS, mutation=True)
    def nomination_action(request, nomination):
        form = action_form(request.POST)
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
        except TransitionRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, f"已对“{nomination}”办理“{Action(data['action']).label}”。")
        return redirect(nomination)

    @portal_view(roles=REVIEWERS, mutation=True)
    def nomination_bulk(request, year):
        round = selection.open_round(year)
        form = ActionForm(request.POST)
        ids = _ids(request)
        if not form.is_valid() or not ids:
            messages.error(request, f"请勾选{selection.noun}并选择要办理的操作。")
            return redirect(selection.url("selection_year"), year=year)
        data = form.cleaned_data
        chosen = model.objects.visible_to(request.user).filter(round=round, pk__in=ids).select_related("unit")
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
        except TransitionRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request, f"已对{len(steps)}{selection.measure}{selection.noun}办理“{Action(data['action']).label}”。"
            )
        return redirect(selection.url("selection_year"), year=year)

    @portal_view(roles=REVIEWERS)
    def notice_create(request, year):
        round = selection.open_round(year)
        approved = model.objects.filter(round=round, status=Status.APPROVED).select_related("unit")
        form = NoticeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            chosen = approved.filter(pk__in=_ids(request))
            try:
                notice = services.publish_prefecture_notice(round, chosen, **form.cleaned_data, actor=request.user)
            except TransitionRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, "已发布公示。公示期满且异议处理完毕后，才能确定是否入选。")
                return redirect("notice_detail", pk=notice.pk)
        context = {"form": form, "round": round, "approved": approved, "selection": selection}
        return render(request, "chuxiong_labor/selection_notice_form.html", context)

    @portal_view(roles=REVIEWERS)
    def round_edit(request, year):
        round = selection.open_round(year)
        form = RoundForm(request.POST or None, instance=round, prefix="round")
        if request.method == "POST" and form.is_valid():
            save_form(form, actor=request.user)
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

    @portal_view(roles=REVIEWERS, mutation=True)
    def extension_create(request, year):
        round = selection.open_round(year)
        form = ExtensionForm(request.POST, prefix="ext")
        if form.is_valid():
            try:
                services.grant_extension(round, **form.cleaned_data, actor=request.user)
            except TransitionRefused as refused:
                messages.error(request, str(refused))
            else:
                messages.success(request, "已批准延期并记录。")
        else:
            messages.error(request, "请选择延期的环节和单位，填写新的截止日期和延期理由。")
        return redirect(selection.url("round_edit"), year=year)

    @portal_view(model=model)
    def nomination_pdf(request, nomination):
        content = selection.render_forms([nomination])
        return pdf_response(content, f"{selection.title}推荐表_{nomination}.pdf")

    @portal_view()
    def batch_pdf(request, year):
        params = {"app": selection.app, "year": year, **_batch_filters(request.GET)}
        title = f"{year}年度{selection.title}推荐表（批量）"
        started = start_job(
            BATCH_FORMS_JOB, owner=request.user, title=title, params=params, source_url=request.get_full_path()
        )
        return redirect(started)

    patterns = [
        path("selection/", selection_current, name="selection_current"),
        path("selection/<int:year>/forms.pdf", batch_pdf, name="batch_pdf"),
        path("candidates/<int:pk>/form.pdf", nomination_pdf, name="nomination_pdf"),
        path("selection/<int:year>/round/", round_edit, name="round_edit"),
        path("selection/<int:year>/extensions/new/", extension_create, name="extension_create"),
        path("selection/<int:year>/candidates/new/", nomination_create, name="nomination_create"),
        path("selection/<int:year>/bulk/", nomination_bulk, name="nomination_bulk"),
        path("selection/<int:year>/notices/new/", notice_create, name="notice_create"),
        path("candidates/<int:pk>/", nomination_detail, name="nomination_detail"),
        path("candidates/<int:pk>/edit/", nomination_edit, name="nomination_edit"),
        path("candidates/<int:pk>/action/", nomination_action, name="nomination_action"),
    ]
    if selection.panel is not None:
        patterns += _panel_urls(selection)
    return patterns


def _panel_urls(selection):
    panel, app = selection.panel, selection.app
    edit_form = criterion_form(panel.criterion)

    @portal_view(model=selection.model, roles=review_panels.PANEL_ROLES)
    def nomination_score(request, nomination):
        if not selection.can_score(request.user, nomination):
            raise PermissionDenied(f"只有评审组成员可以在{selection.noun}待州级审核期间评分。")
        form = review_panels.ScoreForm(
            request.POST or None,
            criteria=panel.criterion.objects.filter(is_active=True),
            scores=nomination.scores.filter(member=request.user),
            conflict=nomination.conflicts.filter(member=request.user).first(),
        )
        if request.method == "POST" and form.is_valid():
            review_panels.save_scoresheet(
                nomination, form, member=request.user, score_model=panel.score, conflict_model=panel.conflict
            )
            messages.success(request, "已登记回避。" if form.cleaned_data["has_conflict"] else "已保存您的评分。")
            return redirect(nomination)
        context = {"form": form, "nomination": nomination, "selection": selection}
        return render(request, "chuxiong_labor/selection_score_form.html", context)

    @portal_view()
    def criterion_list(request):
        context = {
            "selection": selection,
            "panel": panel,
            "criteria": panel.criterion.objects.all(),
            "can_manage": roles.can_review(request.user),
        }
        return render(request, "chuxiong_labor/selection_criterion_list.html", context)

    def criterion_form_page(request, criterion):
        form = edit_form(request.POST or None, instance=criterion)
        if request.method == "POST" and form.is_valid():
            criterion = save_form(form, actor=request.user)
            messages.success(request, f"已保存评分项目“{criterion.name}”。")
            return redirect(f"{app}:criterion_list")
        context = {"form": form, "criterion": criterion, "selection": selection}
        return render(request, "chuxiong_labor/selection_criterion_form.html", context)

    @portal_view(roles=REVIEWERS)
    def criterion_create(request):
        return criterion_form_page(request, panel.criterion())

    @portal_view(model=panel.criterion, roles=REVIEWERS)
    def criterion_edit(request, criterion):
        return criterion_form_page(request, criterion)

    return [
        path("candidates/<int:pk>/score/", nomination_score, name="nomination_score"),
        path("criteria/", criterion_list, name="criterion_list"),
        path("criteria/new/", criterion_create, name="criterion_create"),
        path("criteria/<int:pk>/edit/", criterion_edit, name="criterion_edit"),
    ]


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
    return render(
        request,
        "chuxiong_labor/notice_detail.html",
        {
            "notice": notice,
            "selection": selection,
            "back_url": selection.year_url(notice.round.year) if selection else reverse("home"),
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
        except TransitionRefused as refused:
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
        except TransitionRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, "已登记异议处理结果。")
    else:
        messages.error(request, "请选择处理结果并填写核实情况及处理理由。")
    return redirect("notice_detail", pk=objection.notice_id)
