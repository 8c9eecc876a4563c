"""Annex 6, 企业薪酬指引计划: the enterprise pay survey, the wage price levels and labour-cost figures published
from it, feedback and targeted services to surveyed enterprises, skill-talent pay guidance with its quarterly
thematic reports, the market-based pay demonstration registers, and the dated reference data (工资指导线,
minimum-wage tiers).

A survey is identified by its *data year* (``year``): the survey run in 2026 collects the pay of 2025 and its
tables are published in the second quarter of 2026 ("于每年第二季度…发布上一年度…").
"""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse

from chuxiong_labor.enterprises import Industry
from chuxiong_labor.lib.concurrency import VersionedModel
from chuxiong_labor.lib.history import track
from chuxiong_labor.lib.uniqueness import NamesTheHolder
from chuxiong_labor.scoping import SharedQuerySet, UnitScopedQuerySet
from chuxiong_labor.units import Unit

PUBLICATION_DUTY_CODE = "pay_publication"
SKILL_REPORT_DUTY_CODE = "pay_skill_guidance_report"
STATE_DEMO_DUTY_CODE = "pay_state_owned_demo"
STATE_REPORT_DUTY_CODE = "pay_state_owned_report"
PRIVATE_DEMO_DUTY_CODE = "pay_private_demo"
PRIVATE_REPORT_DUTY_CODE = "pay_private_report"

MONEY = {"max_digits": 16, "decimal_places": 2}
PAY_PARTS = ("basic_yuan", "bonus_yuan", "allowance_yuan", "overtime_yuan", "special_yuan")
COST_PARTS = (
    "wages_yuan",
    "social_insurance_yuan",
    "welfare_yuan",
    "education_yuan",
    "protection_yuan",
    "housing_yuan",
    "other_cost_yuan",
)


class SurveyStatus(models.TextChoices):
    NOT_STARTED = "not_started", "未填报"
    SUBMITTED = "submitted", "已填报"
    CHECKED = "checked", "县（市）已审核"
    ACCEPTED = "accepted", "州级已验收"
    RETURNED = "returned", "已退回"


class SurveyEnterpriseQuerySet(UnitScopedQuerySet):
    def in_year(self, year):
        """Keep the sample of data year ``year``."""
        return self.filter(year=year)

    def accepted(self):
        """Keep the enterprises whose survey the prefecture has accepted."""
        return self.filter(status=SurveyStatus.ACCEPTED)


class SurveyEnterprise(VersionedModel):
    """One sampled enterprise of one unit's survey of one data year, with its enterprise sheet (企业基本情况表)."""

    STR_RELATED = ("enterprise",)  # what __str__ reads (the 待办 fetches it with the records)

    unit = models.ForeignKey(Unit, verbose_name="调查单位", on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey(
        "chuxiong_labor.Enterprise", verbose_name="企业", on_delete=models.PROTECT, related_name="pay_surveys"
    )
    year = models.PositiveSmallIntegerField("数据年度")
    status = models.CharField("状态", max_length=12, choices=SurveyStatus.choices, default=SurveyStatus.NOT_STARTED)
    return_reason = models.CharField("退回原因", max_length=300, blank=True)
    employee_count = models.PositiveIntegerField("职工表人数", default=0, editable=False)
    average_headcount = models.DecimalField("从业人员平均人数", max_digits=10, decimal_places=1, null=True, blank=True)
    wages_yuan = models.DecimalField("从业人员工资总额（元）", **MONEY, null=True, blank=True)
    social_insurance_yuan = models.DecimalField("社会保险费用（元）", **MONEY, null=True, blank=True)
    welfare_yuan = models.DecimalField("福利费用（元）", **MONEY, null=True, blank=True)
    education_yuan = models.DecimalField("教育经费（元）", **MONEY, null=True, blank=True)
    protection_yuan = models.DecimalField("劳动保护费用（元）", **MONEY, null=True, blank=True)
    housing_yuan = models.DecimalField("住房费用（元）", **MONEY, null=True, blank=True)
    other_cost_yuan = models.DecimalField("其他人工成本（元）", **MONEY, null=True, blank=True)
    total_cost_yuan = models.DecimalField("成本费用总额（元）", **MONEY, null=True, blank=True)
    revenue_yuan = models.DecimalField("营业收入（元）", **MONEY, null=True, blank=True)
    value_added_yuan = models.DecimalField("增加值（元）", **MONEY, null=True, blank=True)
    profit_yuan = models.DecimalField("利润总额（元）", **MONEY, null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = SurveyEnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = "调查企业"
        verbose_name_plural = "调查企业"
        ordering = ["-year", "unit__sort_order", "enterprise__name"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "year"], name="unique_pay_survey_per_year")]
        indexes = [models.Index(fields=["unit", "year"]), models.Index(fields=["year", "unit", "id"])]

    def __str__(self):
        return f"{self.enterprise}（{self.year}年度薪酬调查）"

    def get_absolute_url(self):
        return reverse("pay_guidance:survey_detail", args=[self.pk])

    @property
    def labour_cost_yuan(self):
        """人工成本总额: the sum of the seven parts, or ``None`` before the enterprise sheet is in."""
        parts = [getattr(self, name) for name in COST_PARTS]
        return None if all(part is None for part in parts) else sum(part or 0 for part in parts)


class SurveyChildQuerySet(UnitScopedQuerySet):
    """Rows belonging to a surveyed enterprise, scoped by the survey's unit."""

    unit_path = "survey__unit"


class Employee(models.Model):
    """One employee row of an enterprise's employee sheet (职工薪酬表); pay parts are yearly amounts in yuan.

    ``year`` and ``unit`` repeat the survey's so that the wage table reads one table per scope.
    """

    survey = models.ForeignKey(
        SurveyEnterprise, verbose_name="被调查企业", on_delete=models.CASCADE, related_name="employees"
    )
    year = models.PositiveSmallIntegerField("数据年度")
    unit = models.ForeignKey(Unit, verbose_name="调查单位", on_delete=models.PROTECT, related_name="+")
    industry = models.CharField("行业门类", max_length=1, choices=Industry.choices, blank=True)
    staff_number = models.CharField("员工编号", max_length=40, blank=True)
    occupation_code = models.CharField("职业编码", max_length=12)
    management_grade = models.CharField("管理岗位层级", max_length=20, blank=True)
    title = models.CharField("职称", max_length=20, blank=True)
    skill_grade = models.CharField("技能等级", max_length=20, blank=True)
    education = models.CharField("学历", max_length=20, blank=True)
    months_worked = models.PositiveSmallIntegerField("工作月数")
    basic_yuan = models.DecimalField("基本工资（元）", **MONEY)
    bonus_yuan = models.DecimalField("奖金（元）", **MONEY)
    allowance_yuan = models.DecimalField("津贴补贴（元）", **MONEY)
    overtime_yuan = models.DecimalField("加班工资（元）", **MONEY)
    special_yuan = models.DecimalField("特殊情况工资（元）", **MONEY)
    annual_pay_yuan = models.DecimalField("年工资（元）", **MONEY)

    objects = SurveyChildQuerySet.as_manager()

    class Meta:
        verbose_name = "职工薪酬记录"
        verbose_name_plural = "职工薪酬记录"
        indexes = [models.Index(fields=["year", "unit"]), models.Index(fields=["survey", "occupation_code", "id"])]

    def __str__(self):
        return f"{self.occupation_code} {self.annual_pay_yuan}元"


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    APPROVED = "approved", "州级已审核"
    ISSUED = "issued", "已发布"


class PublicationQuerySet(UnitScopedQuerySet):
    def issued(self):
        """Keep the issued publications (the only ones the public page shows)."""
        return self.filter(status=PublicationStatus.ISSUED)

    def in_year(self, year):
        """Keep the publications of data year ``year``."""
        return self.filter(year=year)

    def covering_prefecture(self):
        """Keep the publications of the whole prefecture (the prefecture office's, not a county's)."""
        return self.exclude(unit__kind=Unit.Kind.COUNTY_OFFICE)


class Publication(VersionedModel):
    """A unit's publication of the wage price levels and labour-cost figures of one data year.

    The tables are a snapshot taken when the draft is made (or refreshed); once issued the row is frozen, and a
    later correction is a new version beside it. A publication of the prefecture office covers the whole
    prefecture.
    """

    unit = models.ForeignKey(Unit, verbose_name="发布单位", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("数据年度")
    number = models.PositiveSmallIntegerField("版次", default=1)
    status = models.CharField("状态", max_length=10, choices=PublicationStatus.choices, default="draft")
    title = models.CharField("标题", max_length=120)
    note = models.TextField("说明", blank=True)
    correction_reason = models.CharField("更正原因", max_length=300, blank=True)
    return_reason = models.CharField("退回原因", max_length=300, blank=True)
    cells = models.JSONField("工资价位表", default=list, editable=False)
    cost_figures = models.JSONField("人工成本指标", default=list, editable=False)
    computed_at = models.DateTimeField("数据计算时间", null=True, editable=False)
    # The settings the tables were computed with (method.Method): every page, download and booklet states these.
    method = models.JSONField("计算口径", default=dict, editable=False)
    # False for publications drafted before secondary suppression: shown with it applied to their own tables.
    has_disclosure_control = models.BooleanField("已做推算保护", default=False, editable=False)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="起草人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField("审核时间", null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发布人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField("发布时间", null=True, blank=True)

    objects = PublicationQuerySet.as_manager()

    TABLES = ("cells", "cost_figures", "method")  # the stored tables, which lists leave unread (``defer``)

    class Meta:
        verbose_name = "工资价位发布"
        verbose_name_plural = "工资价位发布"
        ordering = ["-year", "unit__sort_order", "-number"]
        indexes = [models.Index(fields=["-year", "unit", "-number"])]
        constraints = [models.UniqueConstraint(fields=["unit", "year", "number"], name="unique_publication_version")]

    def __str__(self):
        return f"{self.title}（第{self.number}版）"

    def get_absolute_url(self):
        return reverse("pay_guidance:publication_detail", args=[self.pk])

    @property
    def is_frozen(self):
        return self.status == PublicationStatus.ISSUED

    @property
    def scope(self):
        """The area the tables cover, as the public reads it: the county, or 全州 for the prefecture office's."""
        return self.unit.short_name if self.unit.is_county else "全州"

    @property
    def publisher(self):
        """Who drafts and issues it: the county, or 州三方办 for the prefecture-wide publication."""
        return self.unit.short_name if self.unit.is_county else "州三方办"


class PublicationBasis(models.Model):
    """What a publication was computed from, kept for disclosure control of later drafts (never shown): the
    year's suppression pattern in every scope as drafted, and what each enterprise put into each cell, so that a
    correction (or another scope's publication) is checked against it. Apart from ``Publication``, whose pages
    need none of it."""

    publication = models.OneToOneField(
        Publication, verbose_name="发布稿", on_delete=models.CASCADE, primary_key=True, related_name="basis"
    )
    withheld = models.JSONField("不予公布的分组", default=list)
    contributions = models.JSONField("各企业贡献", default=dict)

    class Meta:
        verbose_name = "工资价位发布依据"
        verbose_name_plural = "工资价位发布依据"

    def __str__(self):
        return f"{self.publication}的计算依据"


class ServiceTopic(models.TextChoices):
    FEEDBACK = "feedback", "薪酬数据反馈解读"
    PAY_SYSTEM = "pay_system", "薪酬制度设计"
    LABOUR_COST = "labour_cost", "人工成本分析"
    COLLECTIVE = "collective", "工资集体协商"
    SKILL = "skill", "技能人才薪酬"
    OTHER = "other", "其他"


class Delivery(models.TextChoices):
    IN_PERSON = "in_person", "当面送达"
    POST = "post", "邮寄"
    EMAIL = "email", "电子邮件"
    OTHER = "other", "其他方式"


class TargetedService(VersionedModel):
    """One targeted, individual service given to a surveyed enterprise ("针对性、个性化服务"). Handing the
    enterprise its feedback report is one (topic 薪酬数据反馈解读, with how it was delivered), and counts towards
    the 10% coverage like any other."""

    survey = models.ForeignKey(
        SurveyEnterprise, verbose_name="调查企业", on_delete=models.PROTECT, related_name="services"
    )
    served_on = models.DateField("服务日期")
    topic = models.CharField("服务主题", max_length=12, choices=ServiceTopic.choices)
    content = models.TextField("服务内容", blank=True)
    served_by = models.CharField("服务人员", max_length=100)
    delivery = models.CharField("反馈报告送达方式", max_length=10, choices=Delivery.choices, blank=True)

    objects = SurveyChildQuerySet.as_manager()

    class Meta:
        verbose_name = "针对性薪酬服务"
        verbose_name_plural = "针对性薪酬服务"
        ordering = ["-served_on", "pk"]
        indexes = [models.Index(fields=["served_on", "id"])]

    def __str__(self):
        return f"{self.served_on:%Y-%m-%d} {self.survey.enterprise}｜{self.get_topic_display()}"

    def get_absolute_url(self):
        return reverse("pay_guidance:service_edit", args=[self.pk])


class GuidanceKind(models.TextChoices):
    GUIDANCE = "guidance", "企业指导"
    TRAINING = "training", "宣传培训"
    CASE = "case", "典型案例"


class GuidanceTopic(models.TextChoices):
    CAREER = "career", "技能人才职业发展通道"
    PAY_SYSTEM = "pay_system", "技能人才薪酬分配制度"
    RELATION = "relation", "技能人才与其他人才工资分配关系"
    LEADERS = "leaders", "高技能领军人才薪酬待遇制度"


class SkillGuidance(VersionedModel):
    """Skill-talent pay guidance (人社厅发〔2021〕7号): a guided enterprise, a training or publicity event, or a
    typical case."""

    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类别", max_length=10, choices=GuidanceKind.choices)
    enterprise = models.ForeignKey(
        "chuxiong_labor.Enterprise", verbose_name="企业", null=True, blank=True, on_delete=models.PROTECT
    )
    topic = models.CharField("指导内容", max_length=12, choices=GuidanceTopic.choices)
    held_on = models.DateField("日期")
    summary = models.TextField("情况说明")
    participants = models.PositiveIntegerField("参加人数", null=True, blank=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "技能人才薪酬指导"
        verbose_name_plural = "技能人才薪酬指导"
        ordering = ["-held_on", "pk"]
        indexes = [models.Index(fields=["held_on", "id"])]

    def __str__(self):
        target = self.enterprise or self.get_kind_display()
        return f"{self.held_on:%Y-%m-%d} {target}｜{self.get_topic_display()}"

    def get_absolute_url(self):
        return reverse("pay_guidance:guidance_edit", args=[self.pk])


class ThematicReport(VersionedModel):
    """A county's quarterly thematic report on skill-talent pay guidance ("专题于季末25日前报州级…办公室")."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已报送"
        ACCEPTED = "accepted", "已采用"
        RETURNED = "returned", "已退回"

    unit = models.ForeignKey(Unit, verbose_name="报送单位", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    quarter = models.PositiveSmallIntegerField("季度")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    content = models.TextField("指导情况")
    return_reason = models.CharField("退回原因", max_length=300, blank=True)
    first_submitted_at = models.DateTimeField("首次报送时间", null=True, blank=True)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "技能人才薪酬指导专题报告"
        verbose_name_plural = "技能人才薪酬指导专题报告"
        ordering = ["-year", "-quarter", "unit__sort_order"]
        constraints = [models.UniqueConstraint(fields=["unit", "year", "quarter"], name="unique_thematic_report")]

    def __str__(self):
        return f"{self.unit}{self.year}年第{self.quarter}季度技能人才薪酬指导专题报告"

    def get_absolute_url(self):
        return reverse("pay_guidance:report_detail", args=[self.pk])


class DemonstrationKind(models.TextChoices):
    STATE = "state", "国有企业市场化薪酬分配示范"
    PRIVATE = "private", "民营企业薪酬分配示范"


class Demonstration(VersionedModel):
    """An enterprise in a unit's market-based pay demonstration register, with what it did."""

    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("示范类别", max_length=8, choices=DemonstrationKind.choices)
    enterprise = models.ForeignKey("chuxiong_labor.Enterprise", verbose_name="企业", on_delete=models.PROTECT)
    selected_on = models.DateField("选定日期")
    key_talent_pay = models.BooleanField("核心关键人才薪酬制度", default=False)
    performance_pay = models.BooleanField("按业绩贡献决定薪酬", default=False)
    long_term_incentives = models.BooleanField("股权、期权等中长期激励", default=False)
    practice = models.TextField("创新做法和经验", blank=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "薪酬分配示范企业"
        verbose_name_plural = "薪酬分配示范企业"
        ordering = ["kind", "unit__sort_order", "selected_on"]
        constraints = [models.UniqueConstraint(fields=["kind", "enterprise"], name="unique_demonstration")]

    def __str__(self):
        return f"{self.enterprise}（{self.get_kind_display()}）"

    def get_absolute_url(self):
        return reverse("pay_guidance:demonstration_edit", args=[self.pk])


class DemonstrationEventQuerySet(UnitScopedQuerySet):
    unit_path = "demonstration__unit"


class DemonstrationEvent(VersionedModel):
    """A write-up reported to the prefecture office, or a promotion event (报告会, 交流座谈会) of a demonstration."""

    class Kind(models.TextChoices):
        WRITE_UP = "write_up", "经验做法报送"
        REPORT_MEETING = "report_meeting", "报告会"
        SEMINAR = "seminar", "交流座谈会"

    demonstration = models.ForeignKey(
        Demonstration, verbose_name="示范企业", on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField("类别", max_length=16, choices=Kind.choices)
    held_on = models.DateField("日期")
    title = models.CharField("标题", max_length=120)
    summary = models.TextField("内容", blank=True)

    objects = DemonstrationEventQuerySet.as_manager()

    class Meta:
        verbose_name = "示范推广记录"
        verbose_name_plural = "示范推广记录"
        ordering = ["-held_on", "pk"]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.title}"


class WageGuideline(NamesTheHolder, models.Model):
    """The province's yearly 工资指导线 (growth rates of average pay), as dated reference data with its source."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    baseline_pct = models.DecimalField("基准线（%）", max_digits=5, decimal_places=1)
    upper_pct = models.DecimalField("上线（%）", max_digits=5, decimal_places=1)
    lower_pct = models.DecimalField("下线（%）", max_digits=5, decimal_places=1)
    source = models.CharField("依据", max_length=200)
    is_confirmed = models.BooleanField("已核实", default=False)

    objects = SharedQuerySet.as_manager()

    class Meta:
        verbose_name = "工资指导线"
        verbose_name_plural = "工资指导线"
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}年工资指导线"


class MinimumWageQuerySet(SharedQuerySet):
    def in_force(self, region, on):
        """Return the tier in force in ``region`` on date ``on``, or ``None``."""
        return self.filter(region=region, effective_from__lte=on).order_by("-effective_from").first()

    def monthly(self, year):
        """Return ``{region id: [12 monthly figures]}``: each month of ``year`` at the tier in force on its first
        day (``None`` before any tier), for every region, in one query."""
        tiers = {}
        for region_id, start, monthly in self.filter(effective_from__lte=datetime.date(year, 12, 1)).values_list(
            "region_id", "effective_from", "monthly_yuan"
        ):
            tiers.setdefault(region_id, []).append((start, monthly))
        months = [datetime.date(year, month, 1) for month in range(1, 13)]
        return {
            region_id: [max(((s, m) for s, m in found if s <= first), default=(None, None))[1] for first in months]
            for region_id, found in tiers.items()
        }


class MinimumWage(NamesTheHolder, models.Model):
    """A county's monthly minimum-wage tier from a date, as dated reference data with its source."""

    region = models.ForeignKey("chuxiong_labor.Region", verbose_name="县（市）", on_delete=models.PROTECT)
    tier = models.PositiveSmallIntegerField("档次")
    monthly_yuan = models.DecimalField("月最低工资标准（元）", max_digits=8, decimal_places=2)
    effective_from = models.DateField("执行日期")
    source = models.CharField("依据", max_length=200)
    is_confirmed = models.BooleanField("已核实", default=False)

    objects = MinimumWageQuerySet.as_manager()

    class Meta:
        verbose_name = "最低工资标准"
        verbose_name_plural = "最低工资标准"
        ordering = ["region__code", "-effective_from"]
        constraints = [models.UniqueConstraint(fields=["region", "effective_from"], name="unique_minimum_wage")]

    def __str__(self):
        return f"{self.region}第{self.tier}档 {self.monthly_yuan}元（{self.effective_from:%Y-%m-%d}起）"


class FlagStatus(models.TextChoices):
    OPEN = "open", "待核实"
    CONFIRMED = "confirmed", "已核实属实"
    CORRECTED = "corrected", "已更正"


class MinimumWageFlagQuerySet(UnitScopedQuerySet):
    def open(self):
        """Keep the flags the county has yet to confirm or correct."""
        return self.filter(status=FlagStatus.OPEN)


class MinimumWageFlagManager(models.Manager.from_queryset(MinimumWageFlagQuerySet)):
    def get_queryset(self):
        # A flag is named by its enterprise and row (待办 lists them by name): read them with it.
        return super().get_queryset().select_related("survey__enterprise", "employee")


class MinimumWageFlag(VersionedModel):
    """A verification prompt on an imported employee row paid below the minimum wage (``minimum_wage.check``):
    imported and flagged, then confirmed with a reason or corrected by the county; the survey is not passed on
    while one is open. ``unit`` repeats the survey's for scoping and 待办."""

    survey = models.ForeignKey(
        SurveyEnterprise, verbose_name="调查企业", on_delete=models.CASCADE, related_name="flags"
    )
    unit = models.ForeignKey(Unit, verbose_name="调查单位", on_delete=models.PROTECT, related_name="+")
    employee = models.OneToOneField(
        Employee, verbose_name="职工薪酬记录", on_delete=models.CASCADE, related_name="minimum_wage_flag"
    )
    status = models.CharField("状态", max_length=10, choices=FlagStatus.choices, default=FlagStatus.OPEN)
    normal_yuan = models.DecimalField("正常工作时间工资（元）", **MONEY)
    floor_yuan = models.DecimalField("最低工资标准累计（元）", **MONEY)
    message = models.CharField("提示", max_length=400)
    reason = models.CharField("核实说明", max_length=300, blank=True)
    correction = models.CharField("更正内容", max_length=400, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="核实人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField("核实时间", null=True, blank=True)
    created_at = models.DateTimeField("标记时间", auto_now_add=True)

    objects = MinimumWageFlagManager()

    class Meta:
        verbose_name = "最低工资核实提示"
        verbose_name_plural = "最低工资核实提示"
        ordering = ["survey", "pk"]

    def __str__(self):
        return f"{self.survey.enterprise}职工（{self.employee.occupation_code}）低于最低工资"

    def get_absolute_url(self):
        return reverse("pay_guidance:flag_detail", args=[self.pk])


for _model in (
    SurveyEnterprise,
    MinimumWageFlag,
    Publication,
    TargetedService,
    SkillGuidance,
    ThematicReport,
    Demonstration,
    DemonstrationEvent,
    WageGuideline,
    MinimumWage,
):
    track(_model)
