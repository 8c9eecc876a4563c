"""The gold mediation-organisation selection (附件3) on the shared selection pages of ``chuxiong_labor.nominations.selection``,
and its figures: each county's candidates against the 1—2 a round the seed asks, the plan's numbers (30 over
2021—2023, 10 a year, 2—3 of three kinds to the province), and each candidate's ledger figures as evidence beside
the panel's scores."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from chuxiong_labor import roles
from chuxiong_labor.lib.dates import written
from chuxiong_labor.lib.pdf import render_pdf
from chuxiong_labor.nominations.models import NominationProgramme
from chuxiong_labor.nominations.selection import Panel, Selection, award_result, opinion_boxes, register
from chuxiong_labor.nominations.workflow import Status
from chuxiong_labor.quotas import PlanCycle, Target

from . import figures as ledger
from .forms import NominationForm
from .models import GOLD_CODE, MAX_PER_COUNTY, Case, Conflict, Criterion, MediationOrg, Nomination, PanelScore
from .services import open_round

GOLD = [Status.SELECTED, Status.RECOMMENDED, Status.AWARDED, Status.NOT_AWARDED]
PROVINCE = [Status.RECOMMENDED, Status.AWARDED, Status.NOT_AWARDED]


def county_rows(year, units):
    """Return ``[(unit, submitted, over)]``: candidates each county submitted in ``year``'s round."""
    submitted = dict(
        Nomination.objects.filter(round__year=year).submitted().order_by().values_list("unit").annotate(n=Count("id"))
    )
    return [(unit, submitted.get(unit.pk, 0), submitted.get(unit.pk, 0) > MAX_PER_COUNTY) for unit in units]


def _stated(label_start, year, *, per_year):
    # The cycle-wide figure is the one not counted per year (its period label moves with copied cycles).
    return (
        Target.objects.filter(programme__code=GOLD_CODE, unit_label__startswith=label_start, per_year=per_year)
        .exclude(period="每轮")
        .for_year(year)
        .order_by("-programme__cycle__start_year")
        .first()
    )


def plan_progress(year):
    """Return the plan's figures for the cycle holding ``year``, with what the selections reached so far."""
    cycle = PlanCycle.objects.filter(start_year__lte=year, end_year__gte=year).first()
    years = cycle.years if cycle else [year]
    counts = Nomination.objects.filter(round__year__in=years).aggregate(
        gold=Count("id", filter=Q(status__in=GOLD)),
        gold_year=Count("id", filter=Q(status__in=GOLD, round__year=year)),
        province_year=Count("id", filter=Q(status__in=PROVINCE, round__year=year)),
    )
    kinds = (
        Nomination.objects.filter(round__year=year, status__in=PROVINCE)
        .order_by()
        .values_list("org__kind", flat=True)
        .distinct()
    )
    return {
        "cycle": cycle,
        "whole": _stated("全州打造", year, per_year=False),
        "per_year": _stated("全州打造", year, per_year=True),
        "province": _stated("向省推荐", year, per_year=True),
        "province_kinds": len(kinds),
        **counts,
    }


def evidence(nominations, year):
    """Return ``{nomination pk: Figures}``: each candidate organisation's ledger figures of the year before the
    round (a whole year of cases), in two queries."""
    orgs = [n.org_id for n in nominations]
    figures = ledger.ledger_figures(Case.objects.filter(org_id__in=orgs), year - 1, by="org")
    return {n.pk: figures.get(n.org_id, ledger.Figures()) for n in nominations}


@dataclass(frozen=True)
class Period:
    """The days a row of figures covers: a page shows it with ISO dates, a printed form writes it out."""

    start: datetime.date
    end: datetime.date

    def __str__(self):
        if (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31):
            return f"{self.start.year}年全年"
        return f"{self.start}至{self.end}"

    @property
    def written(self):
        """The period as a form writes it: 2024年1月1日至4月20日 (the year once, when both ends share it)."""
        if self.start.year != self.end.year:
            return f"{written(self.start)}至{written(self.end)}"
        return str(self) if "全年" in str(self) else f"{written(self.start)}至{self.end.month}月{self.end.day}日"


def scoring_figures(nomination, today=None):
    """Return ``[(period, Figures)]``: the ledger figures the panel scores ``nomination`` with, each with the
    period it covers — the whole year before the round, and the round's year up to its submission deadline (or
    today, before it). The candidate page, the scoring form and the 推荐表 all print these, so the form shows
    what the panel saw."""
    today = today or timezone.localdate()
    year = nomination.round.year
    cases = Case.objects.filter(org=nomination.org)
    until = min(d for d in (today, nomination.round.unit_due_on, datetime.date(year, 12, 31)) if d is not None)
    last_year = Period(datetime.date(year - 1, 1, 1), datetime.date(year - 1, 12, 31))
    rows = [(last_year, ledger.ledger_figures(cases, year - 1)[None])]
    if until.year == year:
        rows.append((Period(datetime.date(year, 1, 1), until), ledger.ledger_figures(cases, year, until=until)[None]))
    return rows


def scoring_evidence(nomination):
    """Return what the scoring form shows beside the criteria: the ledger figures and the success line."""
    return {
        "evidence_template": "mediation/_scoring_evidence.html",
        "figures": scoring_figures(nomination),
        "line": ledger.success_line(nomination.round.year - 1),
    }


def detail_context(nomination, *, user):
    """Return what the candidate page adds to the shared one: the organisation and the ledger figures the panel
    scores with, beside the panel's scores as evidence."""
    return {
        "org": nomination.org,
        # A panel member of a member unit reads the candidate, not the county's organisation record.
        "org_visible": MediationOrg.objects.visible_to(user).filter(pk=nomination.org_id).exists(),
        "figures": scoring_figures(nomination),
        "line": ledger.success_line(nomination.round.year - 1),
        "active_mediators": nomination.org.mediators.filter(is_active=True).count(),
    }


def render_forms(nominations):
    """Return the recommendation forms of ``nominations`` as one PDF, each with its organisation's mediators and
    the ledger figures the panel scored with, each with its period."""
    forms = [
        {
            "nomination": nomination,
            "org": nomination.org,
            "boxes": opinion_boxes(nomination),
            "result": award_result(nomination, "金牌劳动人事争议调解组织"),
            "figures": scoring_figures(nomination),
            "mediators": nomination.org.mediators.filter(is_active=True),
        }
        for nomination in nominations
    ]
    return render_pdf("mediation/recommendation_pdf.html", {"forms": forms})


SELECTION = register(
    Selection(
        app="mediation",
        programme=NominationProgramme.MEDIATION_ORG,
        title="金牌劳动人事争议调解组织",
        annex=3,
        subject="org",
        model=Nomination,
        form=NominationForm,
        open_round=open_round,
        nominators=roles.COUNTY_STAFF,
        panel=Panel(
            criterion=Criterion,
            score=PanelScore,
            conflict=Conflict,
            criteria_title="评价标准（评分维度）",
            criteria_note=(
                "方案要求按《云南省金牌劳动人事争议调解组织评价标准》评选，该标准未随文件印发。默认按制度机制、"
                "专业程度、服务能力、基础保障四个维度各25分评分，州三方办可按省标准修改。"
            ),
        ),
        detail_context=detail_context,
        render_forms=render_forms,
        search_fields=("org__name",),
        search_label="调解组织名称",
        scoring_evidence=scoring_evidence,
        deadline_sources=("附件3 三（四）：各县（市）分别于2021年8月、2022年6月、2023年4月20日前推荐1-2个候选对象", ""),
    )
)
