"""The gold-organisation selection (附件2) on the shared selection pages of ``chuxiong_labor.nominations.selection``, and its
figures: each county's quota against its candidates, and the plan's own numbers (10 gold organisations over
2021—2023, 3—4 selected a year, 2 recommended to the province a year)."""

from django.db.models import Count, Q

from chuxiong_labor import roles
from chuxiong_labor.lib.pdf import render_pdf
from chuxiong_labor.nominations.models import NominationProgramme
from chuxiong_labor.nominations.selection import Panel, Selection, award_result, opinion_boxes, register
from chuxiong_labor.nominations.workflow import Status
from chuxiong_labor.quotas import PlanCycle, Target
from chuxiong_labor.units import Unit

from . import permissions
from .forms import NominationForm, PlaqueForm
from .models import GOLD_CODE, QUOTA_CODE, Conflict, Criterion, Nomination, PanelScore, SocialOrg
from .services import open_round


def detail_context(nomination, *, user):
    """Return what the candidate page adds to the shared one: the organisation and its plaque."""
    return {
        "org": nomination.org,
        # A panel member of a member unit reads the candidate, not the county's organisation record.
        "org_visible": SocialOrg.objects.visible_to(user).filter(pk=nomination.org_id).exists(),
        "can_award_plaque": permissions.can_award_plaque(user, nomination),
        "plaque_form": PlaqueForm(instance=nomination),
    }


def render_forms(nominations):
    """Return the recommendation forms of ``nominations`` as one PDF: each organisation's fields and each
    level's opinion."""
    forms = [
        {
            "nomination": nomination,
            "org": nomination.org,
            "boxes": opinion_boxes(nomination),
            "result": award_result(nomination, "金牌协调劳动关系社会组织"),
        }
        for nomination in nominations
    ]
    return render_pdf("social_orgs/recommendation_pdf.html", {"forms": forms})


SELECTION = register(
    Selection(
        app="social_orgs",
        programme=NominationProgramme.SOCIAL_ORG,
        title="金牌协调劳动关系社会组织",
        annex=2,
        subject="org",
        model=Nomination,
        form=NominationForm,
        open_round=open_round,
        nominators=roles.COUNTY_STAFF,
        panel=Panel(
            criterion=Criterion,
            score=PanelScore,
            conflict=Conflict,
            criteria_title="评选标准（评分项目）",
            criteria_note=(
                "方案要求按《云南省金牌协调劳动关系社会组织评选标准》评选，该标准未随文件印发。"
                "以下为推定的默认项目，州三方办可按省标准增删修改。"
            ),
        ),
        detail_context=detail_context,
        render_forms=render_forms,
        search_fields=("org__name",),
        search_label="社会组织名称",
        deadline_sources=("附件2 三（三）：每年7月10日前，由各县市协调劳动关系三方联席会议办公室推荐候选名单", ""),
    )
)

GOLD = [Status.SELECTED, Status.RECOMMENDED, Status.AWARDED, Status.NOT_AWARDED]
PROVINCE = [Status.RECOMMENDED, Status.AWARDED, Status.NOT_AWARDED]


def quota_rows(year, units):
    """Return ``[(unit, quota, recommended)]``: the seed's quota of ``year`` and the candidates submitted."""
    quotas = {
        target.unit_id: target.value
        for target in Target.objects.cells()
        .filter(programme__code=QUOTA_CODE, unit__isnull=False)
        .for_year(year)
        .order_by("programme__cycle__start_year")
    }
    submitted = dict(
        Nomination.objects.filter(round__year=year)
        .submitted()
        .order_by()
        .values_list("unit")
        .annotate(count=Count("id"))
    )
    return [(unit, quotas.get(unit.pk), submitted.get(unit.pk, 0)) for unit in units]


def _stated(label_start, year):
    target = (
        Target.objects.filter(programme__code=GOLD_CODE, unit_label__startswith=label_start)
        .for_year(year)
        .order_by("-programme__cycle__start_year")
        .first()
    )
    return target


def plan_progress(year):
    """Return the plan's figures for the cycle holding ``year``, with what the selections reached so far."""
    cycle = PlanCycle.objects.filter(start_year__lte=year, end_year__gte=year).first()
    years = cycle.years if cycle else [year]
    counts = Nomination.objects.filter(round__year__in=years).aggregate(
        gold=Count("id", filter=Q(status__in=GOLD)),
        gold_year=Count("id", filter=Q(status__in=GOLD, round__year=year)),
        province_year=Count("id", filter=Q(status__in=PROVINCE, round__year=year)),
    )
    return {
        "cycle": cycle,
        "whole": _stated("全州打造", year),
        "per_year": _stated("每年选树", year),
        "province": _stated("每年向省推荐", year),
        **counts,
    }


def county_units(user):
    """Return the counties whose quota rows ``user`` sees (their own county, or every county)."""
    units = Unit.objects.counties()
    if roles.is_unit_scoped(user):
        units = units.filter(pk=user.unit_id)
    return units
