"""Pages of the social organisations registry, its base count per county (摸清底数) and the yearly
selection of gold organisations on the shared nomination workflow."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.shortcuts import redirect, render
from django.utils import timezone

from chuxiong_labor import roles
from chuxiong_labor.access import portal_view
from chuxiong_labor.lib import listing
from chuxiong_labor.lib.concurrency import StaleEdit
from chuxiong_labor.lib.history import history_for
from chuxiong_labor.nominations.views import filter_candidates, year_context
from chuxiong_labor.nominations.workflow import Level
from chuxiong_labor.roles import OFFICE, WRITERS
from chuxiong_labor.search import choices_response
from chuxiong_labor.units import Unit

from . import permissions, selection, services
from .filters import SocialOrgFilter
from .forms import PlaqueForm, SocialOrgForm
from .models import Nomination, Service, SocialOrg


@portal_view()
def org_list(request):
    orgs = SocialOrg.objects.visible_to(request.user).select_related("unit")
    filters = listing.filter_list(request, SocialOrgFilter, orgs)
    page = listing.page_of(request, filters.qs.order_by("unit_id", "name", "pk"))
    unit = listing.value(filters, "unit")
    kind = listing.value(filters, "kind", "")
    service = listing.value(filters, "service", "")
    query = listing.value(filters, "q", "").strip()
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
            "unit_id": unit.pk if unit else None,
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
            org = services.save_org(form.instance, actor=request.user, version=form.cleaned_data["version"])
        except StaleEdit as stale:
            form.add_error(None, str(stale))
        else:
            messages.success(request, f"已保存社会组织“{org}”。")
            return redirect(org)
    return render(request, "social_orgs/org_form.html", {"form": form, "org": org})


# Gold-organisation selection (the candidate, notice, scoring and deadline pages are the shared ones) ----------


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
    own_unit = user.unit if roles.is_unit_scoped(user) else None
    today = timezone.localdate()
    return render(
        request,
        "social_orgs/selection_year.html",
        {
            **year_context(selection.SELECTION, user, round),
            **filter_context,
            "year": year,
            "round": round,
            "page": page,
            "today": today,
            "years": range(today.year + 1, 2020, -1),
            "rows": [(c, results[c.pk]) for c in candidates],
            "quota_rows": selection.quota_rows(year, selection.county_units(user)),
            "progress": selection.plan_progress(year),
            "unit_due_on": round.deadline_for(Level.UNIT, own_unit),
            "can_nominate": selection.SELECTION.can_nominate(user),
        },
    )


@portal_view(model=Nomination, roles=OFFICE, mutation=True)
def nomination_plaque(request, nomination):
    if not permissions.can_award_plaque(request.user, nomination):
        raise PermissionDenied("只有经公示无异议、确定入选的社会组织才能授牌。")
    form = PlaqueForm(request.POST, instance=nomination)
    if form.is_valid():
        services.award_plaque(nomination, actor=request.user, **form.cleaned_data)
        messages.success(request, f"已登记“{nomination}”的授牌。")
    else:
        messages.error(request, "授牌须填写授牌编号和授牌日期。")
    return redirect(nomination)


@portal_view()
def org_choices(request):
    return choices_response(
        request,
        SocialOrg.objects.visible_to(request.user).active().select_related("unit"),
        fields=["name", "credit_code"],
        label=lambda org: f"{org.name}（{org.unit}）",
        order_by=("unit__sort_order", "name", "pk"),
    )
