"""Annex 4, 服务万户新企用工计划: enterprises included in the plan, the services given to them (服务台账), the
expert service team, the yearly roster submissions and the yearly summaries."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from chuxiong_labor.lib.concurrency import VersionedModel
from chuxiong_labor.lib.history import track
from chuxiong_labor.lib.uniqueness import NamesTheHolder
from chuxiong_labor.quotas import PlanCycle
from chuxiong_labor.scoping import UnitScopedQuerySet
from chuxiong_labor.units import Unit

PROGRAMME_CODE = "new_enterprise_service"
DEMO_POINTS_CODE = "new_enterprise_demo_points"
STATED_CODE = "new_enterprise_stated"
ROSTER_DUTY_CODE = "new_enterprise_roster"
SUMMARY_DUTY_CODE = "new_enterprise_summary"


class Level(models.TextChoices):
    PREFECTURE = "prefecture", "州本级"
    COUNTY = "county", "县（市）"


class ServiceKind(models.TextChoices):
    POLICY = "policy", "政策宣讲"
    CONTRACT = "contract", "劳动合同指导"
    SOCIAL_INSURANCE = "insurance", "社会保险"
    RECRUITMENT = "recruitment", "招聘用工"
    DISPUTE = "dispute", "劳动纠纷预防"
    JOB_STABILISATION = "stabilisation", "稳岗扶持"
    TRAINING = "training", "职业技能培训"
    TALENT = "talent", "人才引进"
    OTHER = "other", "其他"


class ExpertKind(models.TextChoices):
    COORDINATOR = "coordinator", "劳动关系协调员"
    MEDIATOR = "mediator", "劳动争议调解员"
    ARBITRATOR = "arbitrator", "劳动人事争议仲裁员"
    INSPECTOR = "inspector", "劳动保障监察员"
    UNION_CADRE = "union", "工会干部"
    LAWYER = "lawyer", "律师"
    JUDGE = "judge", "法官"
    EXPERT = "expert", "专家"


def plan_years(year):
    """Return the years of the plan cycle that covers ``year`` (only ``year`` when none does)."""
    cycle = PlanCycle.objects.filter(start_year__lte=year, end_year__gte=year).order_by("-start_year").first()
    return list(range(cycle.start_year, cycle.end_year + 1)) if cycle else [year]


def earlier_inclusion(enterprise, year, *, exclude_pk=None):
    """Return the inclusion of ``enterprise`` in another year of ``year``'s plan cycle, or ``None``: an enterprise
    counts once across the plan's stages (the 700 are 700 enterprises)."""
    others = Inclusion.objects.filter(enterprise=enterprise, year__in=plan_years(year)).exclude(year=year)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    return others.select_related("unit").order_by("year").first()


def registration_warning(enterprise, year):
    """Return a sentence saying why ``enterprise`` may not be newly registered for ``year``'s plan, or ``None``.

    New means registered within the plan cycle or ``NEW_ENTERPRISE_YEARS_BEFORE_CYCLE`` years before it."""
    first_year = plan_years(year)[0] - settings.NEW_ENTERPRISE_YEARS_BEFORE_CYCLE
    if enterprise.registered_on is None:
        return "企业库中没有该企业的注册时间，无法确认是否为新注册企业；请在企业库中补充注册时间。"
    if enterprise.registered_on.year < first_year:
        return (
            f"该企业注册于{enterprise.registered_on}，早于{first_year}年，不属于本轮计划的新注册企业"
            f"（本平台按计划期内及前{settings.NEW_ENTERPRISE_YEARS_BEFORE_CYCLE}年注册计为新注册企业）。"
        )
    return None


def level_for(unit):
    """Return the plan level a unit's inclusions count at: member units act for 州本级."""
    return Level.COUNTY if unit.kind == Unit.Kind.COUNTY_OFFICE else Level.PREFECTURE


class InclusionQuerySet(UnitScopedQuerySet):
    def in_year(self, year):
        """Keep the inclusions of plan year ``year``."""
        return self.filter(year=year)

    def with_service_figures(self):
        """Annotate each inclusion with its number of services, its last service date and its next follow-up.

        Each figure is a subquery of the inclusion's own services, not a join grouped over every inclusion, so a
        list page's ordering and slice are served by the index before any service is read (at ×100 the
        prefecture's first page took 174 ms aggregating all 10,054 inclusions)."""
        services = ServiceRecord.objects.filter(inclusion=models.OuterRef("pk")).order_by().values("inclusion")

        def first(rows, figure):
            return models.Subquery(rows.annotate(figure=figure).values("figure"))

        return self.annotate(
            service_count=Coalesce(first(services, models.Count("pk")), 0),
            last_served_on=first(services, models.Max("served_on")),
            next_follow_up_on=first(
                services.filter(follow_up_on__gte=timezone.localdate()), models.Min("follow_up_on")
            ),
        )

    def unserved(self):
        """Keep the inclusions without any service recorded."""
        return self.filter(services__isnull=True)


class Inclusion(VersionedModel):
    """One enterprise included in one unit's plan for one year (纳入)."""

    unit = models.ForeignKey(Unit, verbose_name="纳入单位", on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey(
        "chuxiong_labor.Enterprise", verbose_name="企业", on_delete=models.PROTECT, related_name="new_inclusions"
    )
    year = models.PositiveSmallIntegerField("纳入年度")
    level = models.CharField("层级", max_length=12, choices=Level.choices, editable=False)
    department = models.CharField("负责部门", max_length=80)
    contact_person = models.CharField("联系人", max_length=40, blank=True)
    contact_phone = models.CharField("联系电话", max_length=40, blank=True)
    is_demonstration = models.BooleanField("示范点", default=False, help_text="州级成员单位每年建立的联系点（示范点）")
    note = models.CharField("备注", max_length=200, blank=True)
    created_at = models.DateTimeField("纳入时间", auto_now_add=True)

    objects = InclusionQuerySet.as_manager()

    class Meta:
        verbose_name = "纳入计划企业"
        verbose_name_plural = "纳入计划企业"
        ordering = ["-year", "unit__sort_order", "enterprise__name"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "year"], name="unique_inclusion_per_year")]
        indexes = [models.Index(fields=["unit", "year"]), models.Index(fields=["-year", "unit", "id"])]

    def __str__(self):
        return f"{self.enterprise}（{self.year}年纳入）"

    def save(self, *args, **kwargs):
        self.level = level_for(self.unit)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("new_enterprises:inclusion_detail", args=[self.pk])

    @property
    def registration_warning(self):
        return registration_warning(self.enterprise, self.year)


class ServiceRecordQuerySet(UnitScopedQuerySet):
    unit_path = "inclusion__unit"

    def follow_ups_between(self, start, end):
        """Keep the services whose follow-up date falls between ``start`` and ``end`` inclusive."""
        return self.filter(follow_up_on__gte=start, follow_up_on__lte=end)


class ServiceRecord(VersionedModel):
    """One service given to an included enterprise (服务台账)."""

    inclusion = models.ForeignKey(Inclusion, verbose_name="纳入记录", on_delete=models.CASCADE, related_name="services")
    served_on = models.DateField("服务时间")
    kind = models.CharField("服务类别", max_length=16, choices=ServiceKind.choices)
    content = models.TextField("服务内容")
    experts = models.ManyToManyField(
        "ExpertMember", verbose_name="服务人员（专家服务团队）", blank=True, through="ServiceExpert"
    )
    other_servers = models.CharField("其他服务人员", max_length=200, blank=True)
    difficulties = models.TextField("发现的困难和问题", blank=True)
    resolution = models.TextField("破解和解决情况", blank=True)
    follow_up_on = models.DateField("回访日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    objects = ServiceRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "服务记录"
        verbose_name_plural = "服务记录"
        ordering = ["served_on", "pk"]

    def __str__(self):
        return f"{self.served_on:%Y-%m-%d} {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("new_enterprises:service_edit", args=[self.pk])


class ServiceExpert(NamesTheHolder, models.Model):
    """A member of the expert team who took part in a service: the rows behind ``ServiceRecord.experts``, named
    so that a deletion in the admin lists them in words (「参与服务的专家：张三（法律专家）」)."""

    servicerecord = models.ForeignKey(ServiceRecord, verbose_name="服务记录", on_delete=models.CASCADE)
    expertmember = models.ForeignKey("ExpertMember", verbose_name="专家", on_delete=models.CASCADE)

    class Meta:
        db_table = "new_enterprises_servicerecord_experts"  # the table Django made for the field before
        verbose_name = "参与服务的专家"
        verbose_name_plural = "参与服务的专家"
        unique_together = [("servicerecord", "expertmember")]

    def __str__(self):
        return str(self.expertmember)


class ExpertMemberQuerySet(UnitScopedQuerySet):
    def active(self):
        """Keep the members still serving on the team."""
        return self.filter(is_active=True)


class ExpertMember(VersionedModel):
    """A member of a unit's expert service team (专家服务团队)."""

    unit = models.ForeignKey(Unit, verbose_name="所属单位", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("姓名", max_length=40)
    kind = models.CharField("类别", max_length=12, choices=ExpertKind.choices)
    organisation = models.CharField("工作单位", max_length=100, blank=True)
    position = models.CharField("职务或职称", max_length=60, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    speciality = models.CharField("擅长领域", max_length=200, blank=True)
    is_active = models.BooleanField("在册", default=True)

    objects = ExpertMemberQuerySet.as_manager()

    class Meta:
        verbose_name = "专家服务团队成员"
        verbose_name_plural = "专家服务团队成员"
        ordering = ["unit__sort_order", "kind", "name"]
        indexes = [models.Index(fields=["unit", "kind", "name", "id"])]

    def __str__(self):
        return f"{self.name}（{self.get_kind_display()}）"

    def get_absolute_url(self):
        return reverse("new_enterprises:expert_edit", args=[self.pk])


class RosterSubmission(NamesTheHolder, models.Model):
    """A unit's report of its yearly roster to the prefecture office (due before June)."""

    unit = models.ForeignKey(Unit, verbose_name="报送单位", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    submitted_at = models.DateTimeField("报送时间")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="报送人", on_delete=models.PROTECT, related_name="+"
    )
    enterprise_count = models.PositiveIntegerField("名册企业数")

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "名册报送"
        verbose_name_plural = "名册报送"
        ordering = ["-year", "unit__sort_order"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="unique_roster_submission")]

    def __str__(self):
        return f"{self.unit}{self.year}年服务企业名册"


class AnnualSummary(VersionedModel):
    """A unit's yearly summary of the plan (due by 31 August): figures drafted from the ledger, text its own."""

    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    work_done = models.TextField("工作开展情况", blank=True)
    good_practices = models.TextField("经验和做法", blank=True)
    problems = models.TextField("存在的问题", blank=True)
    next_steps = models.TextField("下一步打算", blank=True)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "年度工作总结"
        verbose_name_plural = "年度工作总结"
        ordering = ["-year", "unit__sort_order"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="unique_annual_summary")]

    def __str__(self):
        return f"{self.unit}{self.year}年服务新企用工计划工作总结"

    def get_absolute_url(self):
        return reverse("new_enterprises:summary_detail", args=[self.pk])


for _model in (Inclusion, ServiceRecord, ExpertMember, RosterSubmission, AnnualSummary):
    track(_model)
