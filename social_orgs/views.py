"""Pages of the social organisations registry, its base count per county (摸清底数) and the yearly
selection of gold organisations on the shared nomination workflow."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.shortcuts import redirect, render
from django.utils import timezone

from chuxiong_labor import review_panels, roles, workflow
from chuxiong_labor.access import portal_view
from chuxiong_labor.concurrency import StaleEdit
from chuxiong_labor.history import history_for
from chuxiong_labor.nominations import PublicNotice
from chuxiong_labor.pdf import pdf_response, render_pdf
from chuxiong_labor.roles import Role
from chuxiong_labor.units import Unit
from chuxiong_labor.workflow import Action, Level, Status, TransitionRefused, latest_opinions

from . import permissions, selection, services
from .forms import ActionForm, CriterionForm, NominationForm, NoticeForm, PlaqueForm, SocialOrgForm
from .models import Conflict, Criterion, Nomination, PanelScore, Service, SocialOrg

WRITERS = {Role.COUNTY_STAFF, Role.MEMBER_STAFF, Role.REVIEWER, Role.ADMIN}
REVIEWERS = {Role.REVIEWER, Role.ADMIN}


@portal_view()
def org_list(request):
    orgs = SocialOrg.objects.visible_to(request.user).select_related("unit")
    unit_id = request.GET.get("unit", "")
    if unit_id.isdigit():
        orgs = orgs.filter(unit_id=unit_id)
    kind = request.GET.get("kind", "")
    if kind in SocialOrg.Kind.values:
        orgs = orgs.filter(kind=kind)
    service = request.GET.get("service", "")
    query = request.GET.get("q", "").strip()
    if query:
        orgs = orgs.filter(Q(name__icontains=query) | Q(credit_code__icontains=query.upper()))
    if service in Service.values:
        # JSON containment differs between SQLite and PostgreSQL; the registry is small, so filter the ids here.
        ids = [pk for pk, offered in orgs.values_list("pk", "services") if service in (offered or [])]
        orgs = orgs.filter(pk__in=ids)
    page = Paginator(orgs.order_by("unit__sort_order", "name"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "social_orgs/org_list.html",
        {
            "page": page,
            "kinds": SocialOrg.Kind.choices,
            "services": Service.choices,
            "kind": kind,
            "service": service,
            "query": query,
            "unit_id": int(unit_id) if unit_id.isdigit() else None,
            "units": [] if roles.is_unit_scoped(request.user) else Unit.objects.owning_records(),
            "can_add": permissions.can_add_org(request.user),
        },
    )


@portal_view()
def org_summary(request):
    orgs = SocialOrg.objects.visible_to(request.user).active()
    kind_counts = {kind: Count("id", filter=Q(kind=kind)) for kind in SocialOrg.Kind.values}
    rows = {
        row["unit"]: row
        for row in orgs.order_by().values("unit").annotate(total=Count("id"), staff=Sum("staff_count"), **kind_counts)
    }
    units = Unit.objects.owning_records()
    if roles.is_unit_scoped(request.user):
        units = units.filter(pk=request.user.unit_id)
    service_counts = {value: 0 for value in Service.values}
    for offered in orgs.values_list("services", flat=True):
        for value in offered or []:
            if value in service_counts:
                service_counts[value] += 1
    table = [(unit, rows.get(unit.pk)) for unit in units]
    return render(
        request,
        "social_orgs/org_summary.html",
        {
            "table": table,
            "kinds": SocialOrg.Kind.choices,
            "total": sum(row["total"] for row in rows.values()),
            "service_rows": [(label, service_counts[value]) for value, label in Service.choices],
        },
    )


@portal_view(model=SocialOrg)
def org_detail(request, org):
    return render(
        request,
        "social_orgs/org_detail.html",
        {
            "org": org,
            "history": history_for(org)[:50],
            "can_change": permissions.can_change_org(request.user, org),
        },
    )


@portal_view(roles=WRITERS)
def org_create(request):
    if not permissions.can_add_org(request.user):
        raise PermissionDenied("您无权登记社会组织。")
    return _org_form(request, SocialOrg())


@portal_view(model=SocialOrg, roles=WRITERS)
def org_edit(request, org):
    if not permissions.can_change_org(request.user, org):
        raise PermissionDenied("您无权修改该社会组织。")
    return _org_form(request, org)


def _org_form(request, org):
    form = SocialOrgForm(request.POST or None, instance=org, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            org = services.save_org(form, actor=request.user)
        except StaleEdit as stale:
            form.add_error(None, str(stale))
        else:
            messages.success(request, f"已保存社会组织“{org}”。")
            return redirect(org)
    return render(request, "social_orgs/org_form.html", {"form": form, "org": org})


# Gold-organisation selection ---------------------------------------------------------------------------------


@portal_view()
def selection_current(request):
    return redirect("social_orgs:selection_year", year=timezone.localdate().year)


@portal_view()
def selection_year(request, year):
    round = services.open_round(year)
    user = request.user
    candidates = list(
        Nomination.objects.visible_to(user)
        .filter(round=round)
        .select_related("org", "unit")
        .order_by("unit__sort_order", "pk")
    )
    results = review_panels.results_for(candidates, PanelScore, Conflict)
    own_unit = user.unit if roles.is_unit_scoped(user) else None
    today = timezone.localdate()
    return render(
        request,
        "social_orgs/selection_year.html",
        {
            "year": year,
            "round": round,
            "today": today,
            "years": range(today.year + 1, 2020, -1),
            "rows": [(c, results[c.pk]) for c in candidates],
            "quota_rows": selection.quota_rows(year, selection.county_units(user)),
            "progress": selection.plan_progress(year),
            "unit_due_on": round.deadline_for(Level.UNIT, own_unit),
            "notices": PublicNotice.objects.visible_to(user).filter(round=round),
            "can_nominate": permissions.can_nominate(user),
            "can_review": roles.can_review(user),
            "notices_url_name": "coordinators:notice_detail" if "coordinators" in settings.INSTALLED_APPS else "",
        },
    )


@portal_view(roles={Role.COUNTY_STAFF})
def nomination_create(request, year):
    if not permissions.can_nominate(request.user):
        raise PermissionDenied("只有县（市）三方办可以推荐候选对象。")
    round = services.open_round(year)
    return _nomination_form(request, Nomination(), round)


@portal_view(model=Nomination, roles={Role.COUNTY_STAFF})
def nomination_edit(request, nomination):
    if not permissions.can_change_nomination(request.user, nomination):
        raise PermissionDenied("该候选对象已报送，不能修改；如需修改，请联系州三方办退回。")
    return _nomination_form(request, nomination, nomination.round)


def _nomination_form(request, nomination, round):
    form = NominationForm(request.POST or None, instance=nomination, unit=request.user.unit, round=round)
    if request.method == "POST" and form.is_valid():
        try:
            nomination = services.save_nomination(form, actor=request.user)
        except StaleEdit as stale:
            form.add_error(None, str(stale))
        else:
            messages.success(request, f"已保存候选对象“{nomination}”。报送前仍可修改。")
            return redirect(nomination)
    return render(request, "social_orgs/nomination_form.html", {"form": form, "round": round, "nomination": nomination})


@portal_view(model=Nomination)
def nomination_detail(request, nomination):
    user = request.user
    criteria = list(Criterion.objects.filter(is_active=True))
    scores = list(nomination.scores.select_related("member", "criterion"))
    conflicts = list(nomination.conflicts.select_related("member"))
    actions = [
        (action, action.label)
        for action in workflow.allowed_actions(nomination.status)
        if action != Action.PUBLISH and permissions.can_take_action(user, nomination, action)
    ]
    members = {}
    for score in scores:
        members.setdefault(score.member, {})[score.criterion_id] = score.points
    return render(
        request,
        "social_orgs/nomination_detail.html",
        {
            "nomination": nomination,
            "org": nomination.org,
            "criteria": criteria,
            "sheets": [
                (member, [points.get(c.pk) for c in criteria], sum(points.values()))
                for member, points in members.items()
            ],
            "conflicts": conflicts,
            "result": review_panels.panel_result(scores, conflicts),
            "steps": nomination.steps.select_related("actor").order_by("at", "pk"),
            "changes": workflow.changes_since_return(nomination) if nomination.status == Status.RETURNED else [],
            "actions": actions,
            "return_choices": workflow.return_choices(nomination.status),
            "can_change": permissions.can_change_nomination(user, nomination),
            "can_score": permissions.can_score(user, nomination),
            "can_award_plaque": permissions.can_award_plaque(user, nomination),
            "plaque_form": PlaqueForm(instance=nomination),
            "history": history_for(nomination)[:50],
        },
    )


@portal_view(model=Nomination, roles=WRITERS, mutation=True)
def nomination_action(request, nomination):
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择要办理的操作。")
        return redirect(nomination)
    data = form.cleaned_data
    if not permissions.can_take_action(request.user, nomination, data["action"]):
        raise PermissionDenied("您无权办理该操作。")
    try:
        services.act_on_nomination(
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


@portal_view(model=Nomination, roles=review_panels.PANEL_ROLES)
def nomination_score(request, nomination):
    if not permissions.can_score(request.user, nomination):
        raise PermissionDenied("只有评审组成员可以在候选对象待州级审核期间评分。")
    criteria = Criterion.objects.filter(is_active=True)
    form = review_panels.ScoreForm(
        request.POST or None,
        criteria=criteria,
        scores=nomination.scores.filter(member=request.user),
        conflict=nomination.conflicts.filter(member=request.user).first(),
    )
    if request.method == "POST" and form.is_valid():
        review_panels.save_scoresheet(
            nomination, form, member=request.user, score_model=PanelScore, conflict_model=Conflict
        )
        messages.success(request, "已保存您的评分。" if not form.cleaned_data["has_conflict"] else "已登记回避。")
        return redirect(nomination)
    return render(request, "social_orgs/nomination_score.html", {"form": form, "nomination": nomination})


@portal_view(model=Nomination, roles=REVIEWERS, mutation=True)
def nomination_plaque(request, nomination):
    if not permissions.can_award_plaque(request.user, nomination):
        raise PermissionDenied("只有经公示无异议、确定入选的社会组织才能授牌。")
    form = PlaqueForm(request.POST, instance=nomination)
    if form.is_valid():
        services.award_plaque(form, actor=request.user)
        messages.success(request, f"已登记“{nomination}”的授牌。")
    else:
        messages.error(request, "授牌须填写授牌编号和授牌日期。")
    return redirect(nomination)


@portal_view(roles=REVIEWERS)
def notice_create(request, year):
    round = services.open_round(year)
    approved = Nomination.objects.filter(round=round, status=Status.APPROVED).select_related("org", "unit")
    form = NoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        chosen = approved.filter(pk__in=[int(pk) for pk in request.POST.getlist("ids") if pk.isdigit()])
        try:
            services.publish_notice(round, chosen, **form.cleaned_data, actor=request.user)
        except TransitionRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "已发布公示。公示期满且异议处理完毕后，才能确定入选。")
            return redirect("social_orgs:selection_year", year=year)
    return render(request, "social_orgs/notice_form.html", {"form": form, "round": round, "approved": approved})


@portal_view(model=Nomination)
def nomination_pdf(request, nomination):
    content = render_pdf("social_orgs/recommendation_pdf.html", {"forms": [recommendation_context(nomination)]})
    return pdf_response(content, f"金牌协调劳动关系社会组织推荐表_{nomination.org.name}.pdf")


def recommendation_context(nomination):
    """Return what the recommendation form prints for ``nomination``: its fields and each level's opinion."""
    opinions = latest_opinions(nomination.steps.all())
    boxes = []
    for level, label in (
        (Level.UNIT, "县级三方办公室推荐意见"),
        (Level.PREFECTURE, "州(市)级三方办公室推荐意见"),
        (Level.PROVINCE, "省级三方办公室推荐意见"),
    ):
        step = opinions.get(level)
        boxes.append(
            {
                "label": label,
                "text": step.opinion if step else "",
                "on": timezone.localtime(step.at).date() if step else None,
            }
        )
    result = ""
    if nomination.status == Status.AWARDED:
        result = "评定为云南省金牌协调劳动关系社会组织。"
    elif nomination.status == Status.NOT_AWARDED:
        result = "未评定为云南省金牌协调劳动关系社会组织。"
    return {"nomination": nomination, "org": nomination.org, "boxes": boxes, "result": result}


@portal_view()
def criterion_list(request):
    return render(
        request,
        "social_orgs/criterion_list.html",
        {"criteria": Criterion.objects.all(), "can_manage": permissions.can_manage_criteria(request.user)},
    )


@portal_view(roles=REVIEWERS)
def criterion_create(request):
    return _criterion_form(request, Criterion())


@portal_view(model=Criterion, roles=REVIEWERS)
def criterion_edit(request, criterion):
    return _criterion_form(request, criterion)


def _criterion_form(request, criterion):
    form = CriterionForm(request.POST or None, instance=criterion)
    if request.method == "POST" and form.is_valid():
        criterion = services.save_criterion(form, actor=request.user)
        messages.success(request, f"已保存评分项目“{criterion.name}”。")
        return redirect("social_orgs:criterion_list")
    return render(request, "social_orgs/criterion_form.html", {"form": form, "criterion": criterion})
