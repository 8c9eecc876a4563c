"""The kernel's pages: home, targets, enterprise registry and history."""

from decimal import Decimal, InvalidOperation

from auditlog.models import LogEntry
from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from . import panels, permissions, roles, todo
from .access import portal_view
from .enterprises import Enterprise
from .filters import EnterpriseFilter, HistoryFilter, SecurityEventFilter
from .forms import EnterpriseForm, PlanCycleForm, UnitContactForm
from .lib import generation, listing
from .lib.concurrency import STALE_MESSAGE, StaleEdit
from .lib.errors import ActionRefused
from .lib.history import history_for
from .lib.security import SecurityEvent, record_security_event
from .progress import progress_for
from .quotas import TOTAL_LABEL, PlanCycle, Programme, differences, programme_grid
from .roles import ADMINS, WRITERS, Role
from .services import create_plan_cycle, save_contacts, save_enterprise, set_target_values
from .units import Unit


def _current_cycle(year):
    return PlanCycle.objects.filter(start_year__lte=year, end_year__gte=year).first() or PlanCycle.objects.last()


def _with_todo(request, rendered):
    """Put the user's 待办 (nothing for a role that acts on nothing) first in the home page's main column."""
    first = todo.panel(request)
    rendered["main"] = [first, *rendered["main"]] if first else rendered["main"]
    return rendered


# What a home page shows from the data (targets and progress, the 待办 and every panel) is read once, rendered, and
# the HTML kept until the data changes (``lib/generation``): reading it costs 30–46 queries, a page from the cache 3,
# and keeping the HTML rather than the data spares unpickling and rendering it on every visit. Kept per user (the 待办
# holds a panel member's own items) and per day (coming and overdue dates move with it). The part kept holds no
# form, so no page's CSRF token is kept with it.
HOME_CACHE_SECONDS = 300


def _unit_home_body(request, context, unit, year, today):
    return {
        **context,
        "progress": progress_for([unit], year)[unit.pk],
        "panels": _with_todo(request, panels.render("unit", request, unit, today)),
        "contact_units": list(Unit.objects.member_units().exclude(contact_person="")),
    }


def _prefecture_home_body(request, context, cycle, year, today):
    units = list(Unit.objects.in_table_order().select_related("region"))
    progress = progress_for(units, year)
    programmes = []
    for rows in progress.values():
        for row in rows:
            if row.programme not in programmes:
                programmes.append(row.programme)
    grid = [
        (unit, [next((r for r in progress[unit.pk] if r.programme == p), None) for p in programmes]) for unit in units
    ]
    return {
        **context,
        "programmes": programmes,
        "grid": grid,
        "panels": _with_todo(request, panels.render("prefecture", request, today)),
        "difference_count": len(differences(cycle)) if cycle else 0,
        "contact_units": [unit for unit in units if unit.kind == Unit.Kind.MEMBER_UNIT and unit.contact_person],
    }


@portal_view()
def home(request):
    today = timezone.localdate()
    year = today.year
    cycle = _current_cycle(year)
    if cycle and year > cycle.end_year:
        year = cycle.end_year
    context = {"today": today, "year": year, "cycle": cycle}
    user = request.user
    key = f"home-html:{user.pk}:{today.isoformat()}:{year}"
    if roles.is_unit_scoped(user):
        page, template = "home_unit.html", "includes/home_unit_body.html"
        unit = user.unit
        context["unit"] = unit

        def body():
            return _unit_home_body(request, context, unit, year, today)

    else:
        page, template = "home_prefecture.html", "includes/home_prefecture_body.html"

        def body():
            return _prefecture_home_body(request, context, cycle, year, today)

    html = generation.cached(
        key, lambda: render_to_string(template, body(), request=request), timeout=HOME_CACHE_SECONDS
    )
    return render(request, page, {**context, "body": html})


@portal_view()
def targets(request):
    cycles = list(PlanCycle.objects.all())
    chosen = forms.ModelChoiceField(PlanCycle.objects.all(), label="计划周期")
    cycle = listing.query_value(request, "cycle", chosen) or _current_cycle(timezone.localdate().year)
    tables = []
    if cycle:
        for programme in cycle.programmes.all():
            periods, rows = programme_grid(programme)
            body = [cells for label, _unit, cells in rows if label != TOTAL_LABEL]
            column_sums = [
                sum((cells[i].value for cells in body if cells[i] is not None), Decimal(0)) for i in range(len(periods))
            ]
            tables.append({"programme": programme, "periods": periods, "rows": rows, "column_sums": column_sums})
    return render(
        request,
        "chuxiong_labor/targets.html",
        {
            "cycles": cycles,
            "cycle": cycle,
            "tables": tables,
            "differences": differences(cycle) if cycle else [],
            "can_manage": permissions.can_manage_targets(request.user),
        },
    )


@portal_view(roles=ADMINS)
def cycle_create(request):
    form = PlanCycleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cycle = create_plan_cycle(
            form.instance,
            actor=request.user,
            copy_from=form.cleaned_data["copy_from"],
            copy_values=form.cleaned_data["copy_values"],
        )
        messages.success(request, f"已建立计划周期“{cycle}”，请逐表填写目标数值。")
        return redirect(f"{_targets_url()}?cycle={cycle.pk}")
    return render(request, "chuxiong_labor/cycle_form.html", {"form": form})


@portal_view(model=Programme, roles=ADMINS)
def programme_edit(request, programme):
    periods, rows = programme_grid(programme)
    errors = []
    for _label, _unit, cells in rows:
        for cell in cells:
            if cell is not None:  # what the page shows: what was typed, once posted
                cell.shown = (
                    request.POST.get(f"cell-{cell.pk}", "") if request.method == "POST" else cell.value.normalize()
                )
    if request.method == "POST":
        version = request.POST.get("version", "")
        if not version.isdigit() or int(version) != programme.version:
            errors.append(STALE_MESSAGE)
        values = {}
        for _label, _unit, cells in rows:
            for cell in cells:
                if cell is None:
                    continue
                raw = request.POST.get(f"cell-{cell.pk}", "").strip()
                try:
                    value = Decimal(raw)
                    if value < 0:
                        raise InvalidOperation
                except InvalidOperation:
                    errors.append(f"“{cell.unit_label}｜{cell.period}”的数值“{raw}”不是非负数字，请改正。")
                    continue
                values[cell.pk] = value
        if not errors:
            try:
                set_target_values(programme, values, actor=request.user, version=int(version))
            except ActionRefused as refused:
                errors.append(str(refused))
            else:
                messages.success(request, f"已保存“{programme.title}”的目标数值。")
                return redirect(f"{_targets_url()}?cycle={programme.cycle_id}")
    return render(
        request,
        "chuxiong_labor/programme_form.html",
        {
            "programme": programme,
            "periods": periods,
            "rows": rows,
            "errors": errors,
            "version": request.POST.get("version", "") if request.method == "POST" else programme.version,
        },
    )


def _targets_url():
    return reverse("targets")


@portal_view()
def enterprise_list(request):
    enterprises = Enterprise.objects.visible_to(request.user).select_related("region")
    filters = listing.filter_list(request, EnterpriseFilter, enterprises)
    # The counties in the seed's order (their keys were loaded in it), each by name: the index's order.
    page = listing.page_of(request, filters.qs.order_by("region_id", "name", "pk"))
    query = listing.value(filters, "q", "").strip()
    return render(
        request,
        "chuxiong_labor/enterprise_list.html",
        {
            "page": page,
            "query": query,
            "can_add": permissions.can_add_enterprise(request.user),
        },
    )


@portal_view(model=Enterprise)
def enterprise_detail(request, enterprise):
    return render(
        request,
        "chuxiong_labor/enterprise_detail.html",
        {
            "enterprise": enterprise,
            "history": history_for(enterprise)[:50],
            "can_change": permissions.can_change_enterprise(request.user, enterprise),
        },
    )


@portal_view(roles=WRITERS)
def enterprise_create(request):
    return _enterprise_form(request, Enterprise())


@portal_view(model=Enterprise, roles=WRITERS)
def enterprise_edit(request, enterprise):
    if not permissions.can_change_enterprise(request.user, enterprise):
        raise PermissionDenied("您无权修改该企业的信息。")
    return _enterprise_form(request, enterprise)


def _enterprise_form(request, enterprise):
    form = EnterpriseForm(request.POST or None, instance=enterprise, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            enterprise = save_enterprise(
                form.instance,
                actor=request.user,
                version=form.cleaned_data["version"],
                accept_failing_check=form.cleaned_data.get("accept_failing_check", False),
            )
        except StaleEdit as stale:
            form.add_error(None, str(stale))
        else:
            messages.success(request, f"已保存企业“{enterprise}”。")
            return redirect(enterprise)
    return render(request, "chuxiong_labor/enterprise_form.html", {"form": form, "enterprise": enterprise})


@portal_view(roles=ADMINS)
def history_list(request):
    entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-pk")
    filters = listing.filter_list(request, HistoryFilter, entries)
    page = listing.page_of(request, filters.qs)
    content_type = listing.value(filters, "model")
    model = str(content_type.pk) if content_type else ""
    actor = listing.value(filters, "actor", "").strip()
    content_types = ContentType.objects.filter(pk__in=LogEntry.objects.values("content_type").distinct()).order_by(
        "app_label", "model"
    )
    return render(
        request,
        "chuxiong_labor/history_list.html",
        {
            "page": page,
            "content_types": content_types,
            "model": model,
            "actor": actor,
        },
    )


@portal_view(roles=ADMINS)
def security_list(request):
    filters = listing.filter_list(request, SecurityEventFilter, SecurityEvent.objects.select_related("user"))
    page = listing.page_of(request, filters.qs.order_by("-at", "-pk"))
    kind = listing.value(filters, "kind", "")
    return render(
        request,
        "chuxiong_labor/security_list.html",
        {
            "page": page,
            "kinds": SecurityEvent.Kind.choices,
            "kind": kind,
        },
    )


@portal_view()
def contact_list(request):
    units = Unit.objects.in_table_order()
    return render(
        request,
        "chuxiong_labor/contact_list.html",
        {
            "units": units,
            "can_edit": permissions.can_edit_contacts(request.user),
        },
    )


@portal_view(model=Unit, roles={Role.REVIEWER, Role.ADMIN})
def contact_edit(request, unit):
    form = UnitContactForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        try:
            save_contacts(form.instance, actor=request.user, version=form.cleaned_data["version"])
        except StaleEdit as stale:
            form.add_error(None, str(stale))
        else:
            messages.success(request, f"已更新{unit.label}的联系人。")
            return redirect("contact_list")
    return render(
        request,
        "chuxiong_labor/contact_form.html",
        {
            "form": form,
            "unit": unit,
            "history": history_for(unit)[:30],
        },
    )


def permission_denied(request, exception=None):
    """Render 403 in Chinese and record the refusal."""
    record_security_event(SecurityEvent.Kind.ACCESS_DENIED, request=request, detail=str(exception or "")[:300])
    return render(request, "403.html", {"message": str(exception or "")}, status=403)


def csrf_failure(request, reason=""):
    """Render a refused form submission (an expired or missing CSRF token) as the portal's 403 page."""
    record_security_event(SecurityEvent.Kind.ACCESS_DENIED, request=request, detail=f"CSRF：{reason}"[:300])
    message = "页面已过期或提交不完整（安全校验未通过）。请返回上一页，刷新后重新提交。"
    return render(request, "403.html", {"message": message}, status=403)


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without the request: the menu and the user come from the database, which may be what failed.
    return HttpResponseServerError(loader.get_template("500.html").render())


class MethodNotAllowedPage:
    """Give a 405 (a page opened that only takes a form submission) the portal's Chinese page instead of
    Django's empty answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            page = render(request, "405.html", status=405)
            page["Allow"] = response.get("Allow", "")
            return page
        return response
