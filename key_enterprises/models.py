"""Annex 5, 重点企业用工指导计划: the monitoring list, monthly monitoring, the guidance ledger, layoff plans,
early-warning rules with the leads they open, tripartite risk meetings and collective-bargaining records."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from chuxiong_labor.lib.concurrency import VersionedModel
from chuxiong_labor.lib.history import track
from chuxiong_labor.lib.uniqueness import NamesTheHolder
from chuxiong_labor.scoping import SharedQuerySet, UnitScopedQuerySet
from chuxiong_labor.units import Unit

from .compensation import art41_applies

PROGRAMME_CODE = "key_enterprise_monitoring"
STATED_CODE = "key_enterprise_stated"


class Reason(models.TextChoices):
    KEY_AREA = "key_area", "重点地区"
    EPIDEMIC_INDUSTRY = "epidemic_industry", "受疫情影响较大的重点行业"
    LARGE_WORKFORCE = "large_workforce", "用工规模较大"
    DIFFICULTY = "difficulty", "生产经营困难"
    NEW_FORM = "new_form", "新业态用工"
    ABOVE_SCALE = "above_scale", "规模（限额）以上"


class Source(models.TextChoices):
    """The information ledgers the seed names as the sources of the monitoring figures, and 企业报送 (the enterprise's
    own report), which the seed does not name: the portal adds it, and says so in its label."""

    SOCIAL_INSURANCE = "insurance", "社会保险登记"
    EMPLOYMENT = "employment", "就业失业登记"
    FILING = "filing", "用工备案"
    UNEMPLOYMENT = "unemployment", "失业动态监测"
    DISPUTES = "disputes", "劳动争议和投诉举报"
    ENTERPRISE = "enterprise", "企业报送（本门户增设）"


class Level(models.TextChoices):
    RED = "red", "红色"
    ORANGE = "orange", "橙色"
    YELLOW = "yellow", "黄色"


LEVEL_ORDER = {Level.RED: 0, Level.ORANGE: 1, Level.YELLOW: 2}
# The same rank in SQL: the lead list orders by it, through an index on it (``Lead.Meta.indexes``).
LEVEL_RANK = models.Case(
    models.When(level=Level.RED, then=models.Value(0)),
    models.When(level=Level.ORANGE, then=models.Value(1)),
    default=models.Value(2),
    output_field=models.IntegerField(),
)


class MonitoredQuerySet(UnitScopedQuerySet):
    def in_year(self, year):
        """Keep the entries of the monitoring list of ``year``."""
        return self.filter(year=year)

    def current(self):
        """Keep the entries not removed from the list."""
        return self.filter(removed_on__isnull=True)

    def claiming(self, enterprises, year):
        """Keep the entries that hold ``enterprises`` for ``year``: that year's, on any list, and a county's of the
        year before still on its list (a county adjusts its list once a year, so an enterprise it has not taken
        off stays the county's)."""
        return self.filter(enterprise__in=enterprises).filter(
            models.Q(year=year) | models.Q(year=year - 1, removed_on__isnull=True, unit__kind=Unit.Kind.COUNTY_OFFICE)
        )


class MonitoredEnterprise(VersionedModel):
    """One enterprise on one unit's monitoring list for one year (重点企业清单), with its ledger columns."""

    unit = models.ForeignKey(Unit, verbose_name="监测单位", on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey(
        "chuxiong_labor.Enterprise", verbose_name="企业", on_delete=models.PROTECT, related_name="key_monitoring"
    )
    year = models.PositiveSmallIntegerField("监测年度")
    reasons = models.JSONField("纳入监测原因", default=list)
    added_on = models.DateField("纳入日期", default=timezone.localdate)
    removed_on = models.DateField("调出日期", null=True, blank=True)
    removal_reason = models.CharField("调出原因", max_length=200, blank=True)
    headcount_last_year_end = models.PositiveIntegerField("上年底职工数量", default=0)
    job_policies = models.CharField("已享受的稳岗政策", max_length=300, blank=True)
    liaison_officer = models.CharField("人社服务企业联络员", max_length=40, blank=True)
    liaison_phone = models.CharField("联络员电话", max_length=40, blank=True)

    objects = MonitoredQuerySet.as_manager()
    history_choices = {"reasons": Reason}  # the history shows the reasons' names, not their codes

    class Meta:
        verbose_name = "监测企业"
        verbose_name_plural = "监测企业"
        ordering = ["-year", "unit__sort_order", "enterprise__name"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "year"], name="unique_monitoring_per_year")]
        indexes = [models.Index(fields=["unit", "year"]), models.Index(fields=["year", "unit", "id"])]

    def __str__(self):
        return f"{self.enterprise}（{self.year}年监测）"

    def get_absolute_url(self):
        return reverse("key_enterprises:monitored_detail", args=[self.pk])

    def reason_labels(self):
        """Return the Chinese labels of the reasons the enterprise is monitored."""
        labels = dict(Reason.choices)
        return [labels.get(code, code) for code in self.reasons]


class MonitoringConfig(VersionedModel):
    """The prefecture's settings of the monitoring (one row)."""

    class Period(models.IntegerChoices):
        MONTHLY = 1, "每月"
        QUARTERLY = 3, "每季度"

    period_months = models.PositiveSmallIntegerField("监测周期", choices=Period.choices, default=Period.MONTHLY)

    objects = SharedQuerySet.as_manager()

    class Meta:
        verbose_name = "监测设置"
        verbose_name_plural = "监测设置"

    def __str__(self):
        return f"监测周期：{self.get_period_months_display()}"

    @classmethod
    def get(cls):
        """Return the settings, creating the default row the first time."""
        config, _ = cls.objects.get_or_create(pk=1)
        return config

    def period_months_of_year(self):
        """Return the months that close a period (every month, or 3, 6, 9, 12)."""
        return list(range(self.period_months, 13, self.period_months))


class BatchQuerySet(UnitScopedQuerySet):
    def submitted(self):
        """Keep the batches submitted to or accepted by the prefecture."""
        return self.filter(status__in=[MonthlyBatch.Status.SUBMITTED, MonthlyBatch.Status.ACCEPTED])

    def awaiting_review(self):
        """Keep the batches waiting for the prefecture's check."""
        return self.filter(status=MonthlyBatch.Status.SUBMITTED)


class MonthlyBatch(VersionedModel):
    """One unit's monitoring figures of one period (用工动态监测), submitted and checked as a whole."""

    class Status(models.TextChoices):
        DRAFT = "draft", "填报中"
        SUBMITTED = "submitted", "已报送待审核"
        ACCEPTED = "accepted", "已审核通过"
        RETURNED = "returned", "已退回修改"

    # Who may move a batch where: the unit submits (again after a return); the prefecture checks the data
    # ("对数据进行认真审核") and accepts it or returns it with a reason.
    TRANSITIONS = {
        Status.DRAFT: {"submit": Status.SUBMITTED},
        Status.RETURNED: {"submit": Status.SUBMITTED},
        Status.SUBMITTED: {"accept": Status.ACCEPTED, "return": Status.RETURNED},
        Status.ACCEPTED: {},
    }

    unit = models.ForeignKey(Unit, verbose_name="填报单位", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    month = models.PositiveSmallIntegerField("月份", validators=[MinValueValidator(1), MaxValueValidator(12)])
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报送人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    return_reason = models.TextField("退回原因", blank=True)
    # The county's registered unemployment rate of the period (失业率, which the plan's ledger watches): one figure
    # per county and period, from its employment and unemployment registration.
    unemployment_rate = models.DecimalField(
        "城镇登记失业率（%）",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text="本县（市）本期城镇登记失业率，取自就业失业登记。",
    )
    # The unit's answer to a return, written when it submits again; the reason is cleared then, so the page shows
    # the answer, and the history keeps both.
    reply = models.TextField("对退回意见的答复", blank=True)

    objects = BatchQuerySet.as_manager()

    class Meta:
        verbose_name = "月度监测数据"
        verbose_name_plural = "月度监测数据"
        ordering = ["-year", "-month", "unit__sort_order"]
        constraints = [models.UniqueConstraint(fields=["unit", "year", "month"], name="unique_monitoring_batch")]

    def __str__(self):
        return f"{self.unit}{self.year}年{self.month}月用工监测数据"

    def get_absolute_url(self):
        return reverse("key_enterprises:batch_detail", args=[self.pk])

    @property
    def is_editable(self):
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class FiguresQuerySet(UnitScopedQuerySet):
    unit_path = "batch__unit"

    def submitted(self):
        """Keep the figures of submitted or accepted batches."""
        return self.filter(batch__status__in=[MonthlyBatch.Status.SUBMITTED, MonthlyBatch.Status.ACCEPTED])


class MonthlyFigures(VersionedModel):
    """One monitored enterprise's figures for one period. Rates are derived, never typed."""

    batch = models.ForeignKey(MonthlyBatch, verbose_name="月度数据", on_delete=models.CASCADE, related_name="figures")
    monitored = models.ForeignKey(
        MonitoredEnterprise, verbose_name="监测企业", on_delete=models.CASCADE, related_name="figures"
    )
    headcount = models.PositiveIntegerField("期末职工人数")
    headcount_last_year_end = models.PositiveIntegerField("上年底职工人数")
    hires = models.PositiveIntegerField("本期新招用人数", default=0)
    separations = models.PositiveIntegerField("本期减员人数", default=0)
    layoffs = models.PositiveIntegerField("其中裁减人数", default=0)
    wages_owed_yuan = models.DecimalField("拖欠工资金额（元）", max_digits=14, decimal_places=2, default=Decimal("0"))
    wages_owed_people = models.PositiveIntegerField("拖欠工资人数", default=0)
    wages_owed_months = models.PositiveSmallIntegerField("拖欠工资月数", default=0)
    insurance_owed_yuan = models.DecimalField(
        "欠缴社会保险费（元）", max_digits=14, decimal_places=2, default=Decimal("0")
    )
    insurance_owed_months = models.PositiveSmallIntegerField("欠缴社会保险月数", default=0)
    stoppage_days = models.PositiveSmallIntegerField("停工停产天数", default=0)
    disputes = models.PositiveIntegerField("劳动争议（件）", default=0)
    dispute_people = models.PositiveIntegerField("劳动争议涉及人数", default=0)
    largest_dispute_people = models.PositiveIntegerField("其中单起争议最多涉及人数", default=0)
    complaints = models.PositiveIntegerField("投诉举报（件）", default=0)
    complaint_people = models.PositiveIntegerField("投诉举报涉及人数", default=0)
    # 经济运行 and 经济效益, which the plan's ledger watches ("重点关注企业经济运行……经济效益").
    revenue_yuan = models.DecimalField(
        "本期产值或营业收入（元）", max_digits=16, decimal_places=2, null=True, blank=True
    )
    revenue_last_year_yuan = models.DecimalField(
        "上年同期产值或营业收入（元）",
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="不填时取本企业上年同期已填报的数；都没有则不计同比。",
    )
    profit_yuan = models.DecimalField(
        "本期利润总额（元，亏损填负数）", max_digits=16, decimal_places=2, null=True, blank=True
    )
    source_headcount = models.CharField(
        "职工人数来源", max_length=12, choices=Source.choices, default=Source.SOCIAL_INSURANCE
    )
    source_flows = models.CharField("招用和减员来源", max_length=12, choices=Source.choices, default=Source.FILING)
    source_arrears = models.CharField("欠薪欠保来源", max_length=12, choices=Source.choices, default=Source.DISPUTES)
    source_disputes = models.CharField("争议投诉来源", max_length=12, choices=Source.choices, default=Source.DISPUTES)

    objects = FiguresQuerySet.as_manager()

    class Meta:
        verbose_name = "企业月度监测数据"
        verbose_name_plural = "企业月度监测数据"
        ordering = ["batch", "monitored__enterprise__name"]
        constraints = [models.UniqueConstraint(fields=["batch", "monitored"], name="unique_figures_per_batch")]

    def __str__(self):
        return f"{self.monitored.enterprise}（{self.batch.year}年{self.batch.month}月）"

    @property
    def headcount_at_start(self):
        """Headcount at the period's start: the end, less hires, plus separations."""
        return max(self.headcount - self.hires + self.separations, 0)

    @property
    def separation_rate(self):
        """岗位流失率: separations ÷ the period's average headcount, in percent with one place (None when empty)."""
        average = Decimal(self.headcount_at_start + self.headcount) / 2
        if not average:
            return None
        return (Decimal(self.separations) * 100 / average).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def change_against_last_year(self):
        """Headcount change against last year's end, in percent with one place (None without a base)."""
        if not self.headcount_last_year_end:
            return None
        change = Decimal(self.headcount - self.headcount_last_year_end) * 100 / self.headcount_last_year_end
        return change.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def revenue_change(self):
        """经济运行's change on the same period last year: (this period − last year's) ÷ last year's, in percent with
        one place, half up (None without both figures or with a zero base)."""
        if self.revenue_yuan is None or not self.revenue_last_year_yuan:
            return None
        change = (self.revenue_yuan - self.revenue_last_year_yuan) * 100 / self.revenue_last_year_yuan
        return change.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


class WarningRule(VersionedModel):
    """An early-warning rule the prefecture edits: a measure, a threshold it must reach, a level and a text."""

    class Metric(models.TextChoices):
        HEADCOUNT_DROP = "headcount_drop", "职工人数较上年底下降（%）"
        ART41_LAYOFF = "art41_layoff", "近期累计裁员达到规模裁员标准（人；或占窗口期初职工10%以上）"
        WAGES_OWED = "wages_owed", "拖欠工资（月）"
        INSURANCE_OWED = "insurance_owed", "欠缴社会保险（月）"
        COLLECTIVE_DISPUTE = "collective_dispute", "集体劳动争议（单起涉及人数）"
        STOPPAGE = "stoppage", "停工停产（天）"
        SEPARATION_RATE = "separation_rate", "岗位流失率（%）"

    code = models.SlugField("代码", max_length=40, unique=True)
    metric = models.CharField("监测指标", max_length=20, choices=Metric.choices)
    threshold = models.DecimalField("阈值（达到即预警）", max_digits=10, decimal_places=2)
    level = models.CharField("预警等级", max_length=8, choices=Level.choices)
    text = models.CharField("预警说明", max_length=200)
    days_to_close = models.PositiveSmallIntegerField("线索办结时限（天）", default=15)
    is_active = models.BooleanField("启用", default=True)

    objects = SharedQuerySet.as_manager()

    class Meta:
        verbose_name = "预警规则"
        verbose_name_plural = "预警规则"
        ordering = ["level", "code"]

    def __str__(self):
        return f"{self.get_level_display()}预警：{self.text}"

    def get_absolute_url(self):
        return reverse("key_enterprises:rule_edit", args=[self.pk])


class AlertQuerySet(UnitScopedQuerySet):
    unit_path = "figures__batch__unit"


class Alert(NamesTheHolder, models.Model):
    """A rule met by one enterprise's figures of one period."""

    figures = models.ForeignKey(
        MonthlyFigures, verbose_name="监测数据", on_delete=models.CASCADE, related_name="alerts"
    )
    rule = models.ForeignKey(WarningRule, verbose_name="规则", on_delete=models.PROTECT, related_name="alerts")
    level = models.CharField("预警等级", max_length=8, choices=Level.choices)
    value = models.DecimalField("指标值", max_digits=14, decimal_places=2)
    created_at = models.DateTimeField("预警时间", auto_now_add=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        verbose_name = "预警"
        verbose_name_plural = "预警"
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["figures", "rule"], name="unique_alert_per_rule")]

    def __str__(self):
        return f"{self.get_level_display()}预警：{self.rule.text}"


class LeadQuerySet(UnitScopedQuerySet):
    def open(self):
        """Keep the leads not yet closed."""
        return self.exclude(status=Lead.Status.CLOSED)

    def overdue(self, today=None):
        """Keep the open leads past their time limit."""
        return self.open().filter(due_on__lt=today or timezone.localdate())

    def for_prefecture(self, today=None):
        """Keep the open leads the prefecture must watch: red ones, escalated ones and overdue ones."""
        today = today or timezone.localdate()
        return self.open().filter(
            models.Q(level=Level.RED) | models.Q(status=Lead.Status.ESCALATED) | models.Q(due_on__lt=today)
        )


class Lead(VersionedModel):
    """A lead (重点问题线索) opened by a warning, followed until it is closed with an outcome."""

    STR_RELATED = ("monitored__enterprise",)  # what __str__ reads (the 待办 fetches it with the records)

    class Status(models.TextChoices):
        OPEN = "open", "待处置"
        HANDLING = "handling", "处置中"
        ESCALATED = "escalated", "已提交州三方办"
        CLOSED = "closed", "已办结"

    # A lead is handled by its unit ("一对一指导和服务"); it goes to the prefecture when the unit asks or the
    # lead is red; it is closed with an outcome once someone has guided the enterprise.
    TRANSITIONS = {
        Status.OPEN: {"guide": Status.HANDLING, "escalate": Status.ESCALATED},
        Status.HANDLING: {"guide": Status.HANDLING, "escalate": Status.ESCALATED, "close": Status.CLOSED},
        Status.ESCALATED: {"guide": Status.ESCALATED, "close": Status.CLOSED},
        Status.CLOSED: {},
    }

    unit = models.ForeignKey(Unit, verbose_name="责任单位", on_delete=models.PROTECT, related_name="+")
    monitored = models.ForeignKey(
        MonitoredEnterprise, verbose_name="监测企业", on_delete=models.PROTECT, related_name="leads"
    )
    alerts = models.ManyToManyField(Alert, verbose_name="触发预警", related_name="leads", blank=True)
    level = models.CharField("等级", max_length=8, choices=Level.choices)
    summary = models.CharField("线索摘要", max_length=300)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_on = models.DateField("发现日期")
    due_on = models.DateField("办结时限")
    assignee = models.CharField("责任人", max_length=40, blank=True)
    assignee_phone = models.CharField("责任人电话", max_length=40, blank=True)
    escalated_at = models.DateTimeField("提交州三方办时间", null=True, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    outcome = models.TextField("办结情况", blank=True)
    cases = models.ManyToManyField(
        "mediation.Case", verbose_name="关联调解案件", related_name="key_enterprise_leads", blank=True
    )

    objects = LeadQuerySet.as_manager()

    class Meta:
        verbose_name = "重点问题线索"
        verbose_name_plural = "重点问题线索"
        ordering = ["status", "due_on", "pk"]
        indexes = [
            models.Index(fields=["unit", "status"]),
            # Each order of the lead list (风险预警与线索), ending with the key: by level, time limit, date, unit.
            models.Index(LEVEL_RANK, models.F("due_on"), models.F("id"), name="lead_level_due_idx"),
            models.Index(fields=["due_on", "id"]),
            models.Index(fields=["opened_on", "id"]),
            models.Index(fields=["unit", "id"]),
        ]

    def __str__(self):
        return f"{self.monitored.enterprise}：{self.summary}"

    def get_absolute_url(self):
        return reverse("key_enterprises:lead_detail", args=[self.pk])

    def is_overdue(self, today=None):
        return self.status != self.Status.CLOSED and self.due_on < (today or timezone.localdate())


class LeadActionQuerySet(UnitScopedQuerySet):
    unit_path = "lead__unit"


class LeadAction(models.Model):
    """One step taken on a lead: one-to-one guidance, escalation, closing, or the prefecture's instruction."""

    lead = models.ForeignKey(Lead, verbose_name="线索", on_delete=models.CASCADE, related_name="actions")
    action = models.CharField("操作", max_length=10)
    acted_on = models.DateField("日期")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField("内容")
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    objects = LeadActionQuerySet.as_manager()

    class Meta:
        verbose_name = "线索处置记录"
        verbose_name_plural = "线索处置记录"
        ordering = ["acted_on", "pk"]

    def __str__(self):
        return f"{self.acted_on:%Y-%m-%d} {self.action_label}"

    ACTION_LABELS = {"guide": "一对一指导服务", "escalate": "提交州三方办", "close": "办结", "open": "建立线索"}

    @property
    def action_label(self):
        return self.ACTION_LABELS.get(self.action, self.action)


class GuidanceVisitQuerySet(UnitScopedQuerySet):
    unit_path = "monitored__unit"


class GuidanceVisit(VersionedModel):
    """A guidance visit to a monitored enterprise (跟踪指导情况 of the service ledger)."""

    monitored = models.ForeignKey(
        MonitoredEnterprise, verbose_name="监测企业", on_delete=models.CASCADE, related_name="visits"
    )
    visited_on = models.DateField("指导日期")
    visitors = models.CharField("指导人员", max_length=100)
    content = models.TextField("指导内容")
    next_step = models.CharField("下一步措施", max_length=300, blank=True)
    follow_up_on = models.DateField("跟踪回访日期", null=True, blank=True)

    objects = GuidanceVisitQuerySet.as_manager()

    class Meta:
        verbose_name = "跟踪指导记录"
        verbose_name_plural = "跟踪指导记录"
        ordering = ["visited_on", "pk"]

    def __str__(self):
        return f"{self.visited_on:%Y-%m-%d} {self.visitors}"

    def get_absolute_url(self):
        return reverse("key_enterprises:visit_edit", args=[self.pk])


class WageSetting(VersionedModel):
    """A dated local wage figure with its source: the average monthly wage of a year. The minimum wage is not kept
    here: it is the county's tier in annex 6's table (``pay_guidance.MinimumWage``), one table for the portal."""

    class Kind(models.TextChoices):
        AVERAGE = "average", "上年度职工月平均工资"

    kind = models.CharField("类别", max_length=8, choices=Kind.choices)
    year = models.PositiveSmallIntegerField("适用年度", help_text="平均工资填统计年度；最低工资填执行年度")
    amount_yuan = models.DecimalField("金额（元/月）", max_digits=10, decimal_places=2)
    effective_on = models.DateField("执行日期")
    source = models.CharField("来源", max_length=200)

    objects = SharedQuerySet.as_manager()

    class Meta:
        verbose_name = "工资标准"
        verbose_name_plural = "工资标准"
        ordering = ["kind", "-year"]
        constraints = [models.UniqueConstraint(fields=["kind", "year"], name="unique_wage_setting")]

    def __str__(self):
        return f"{self.year}年{self.get_kind_display()}：{self.amount_yuan}元"

    def get_absolute_url(self):
        return reverse("key_enterprises:wage_edit", args=[self.pk])


class Ground(models.TextChoices):
    """劳动合同法 Art. 41 ¶1: the four grounds on which an employer may cut staff."""

    REORGANISATION = "1", "（一）依照企业破产法规定进行重整"
    HARDSHIP = "2", "（二）生产经营发生严重困难"
    CONVERSION = "3", "（三）企业转产、重大技术革新或者经营方式调整，经变更劳动合同后，仍需裁减人员"
    CHANGED_CIRCUMSTANCES = "4", "（四）其他因劳动合同订立时所依据的客观经济情况发生重大变化，致使劳动合同无法履行"


class RetainReason(models.TextChoices):
    """劳动合同法 Art. 41 ¶2: the people to retain first (优先留用)."""

    LONGER_FIXED_TERM = "1", "与本单位订立较长期限的固定期限劳动合同"
    OPEN_ENDED = "2", "与本单位订立无固定期限劳动合同"
    SOLE_EARNER = "3", "家庭无其他就业人员，有需要扶养的老人或者未成年人"


class Protection(models.TextChoices):
    """劳动合同法 Art. 42: a person in one of these situations may not be laid off under Art. 40 or 41."""

    HAZARD_UNCHECKED = (
        "1",
        "第四十二条第（一）项：从事接触职业病危害作业未进行离岗前职业健康检查，或者疑似职业病病人在诊断或者医学观察期间",
    )
    INJURY = "2", "第四十二条第（二）项：在本单位患职业病或者因工负伤并被确认丧失或者部分丧失劳动能力"
    MEDICAL = "3", "第四十二条第（三）项：患病或者非因工负伤，在规定的医疗期内"
    MATERNITY = "4", "第四十二条第（四）项：女职工在孕期、产期、哺乳期"
    NEAR_RETIREMENT = "5", "第四十二条第（五）项：在本单位连续工作满十五年，且距法定退休年龄不足五年"
    OTHER = "6", "第四十二条第（六）项：法律、行政法规规定的其他情形"


class LayoffQuerySet(UnitScopedQuerySet):
    unit_path = "monitored__unit"

    def carried_out_since(self, day):
        """Keep the plans whose layoff date lies between ``day`` and today and that cut someone."""
        return self.filter(planned_on__gte=day, planned_on__lte=timezone.localdate(), actual_cut__gt=0)


class LayoffPlan(VersionedModel):
    """A layoff an enterprise plans or has carried out (规模裁员), with the steps of Art. 41; Art. 42 is checked per
    person (``LayoffPerson.protection``)."""

    class State(models.TextChoices):
        PLANNED = "planned", "计划中"
        CARRIED_OUT = "carried_out", "已实施"

    REHIRE_MONTHS = 6  # Art. 41 ¶3: whoever rehires within six months notifies and prefers those laid off
    NOTICE_DAYS = 30  # Art. 41: the explanation at least thirty days before the layoff

    monitored = models.ForeignKey(
        MonitoredEnterprise, verbose_name="监测企业", on_delete=models.PROTECT, related_name="layoff_plans"
    )
    ground = models.CharField("裁员法定情形（劳动合同法第四十一条第一款）", max_length=1, choices=Ground.choices)
    workforce = models.PositiveIntegerField("职工总数")
    planned_cut = models.PositiveIntegerField("计划裁减人数")
    actual_cut = models.PositiveIntegerField("已裁员人数", default=0)
    posts = models.CharField("裁员岗位", max_length=300)
    planned_on = models.DateField("裁员日期")
    explained_on = models.DateField(
        "向工会或全体职工说明情况日期", null=True, blank=True, help_text="须提前三十日说明情况，听取意见"
    )
    opinions_heard = models.TextField("听取的工会或职工意见", blank=True)
    reported_on = models.DateField(
        "向劳动行政部门报告日期", null=True, blank=True, help_text="听取意见后、裁员前报告（报告，不是审批）"
    )
    funds_stated_yuan = models.DecimalField(
        "企业可用于支付经济补偿的资金（元）", max_digits=14, decimal_places=2, default=Decimal("0")
    )
    compensation_total_yuan = models.DecimalField(
        "经济补偿合计（元）", max_digits=14, decimal_places=2, default=Decimal("0"), editable=False
    )
    note = models.TextField("备注", blank=True)

    objects = LayoffQuerySet.as_manager()

    class Meta:
        verbose_name = "裁员计划"
        verbose_name_plural = "裁员计划"
        ordering = ["-planned_on", "pk"]
        indexes = [models.Index(fields=["planned_on", "id"])]

    def __str__(self):
        return f"{self.monitored.enterprise}裁员计划（{self.planned_on:%Y-%m-%d}）"

    def get_absolute_url(self):
        return reverse("key_enterprises:layoff_detail", args=[self.pk])

    @property
    def cut(self):
        return max(self.planned_cut, self.actual_cut)

    @property
    def art41_applies(self):
        return art41_applies(self.cut, self.workforce)

    @property
    def state(self):
        """计划中 until the layoff date has passed with someone cut, then 已实施."""
        if self.actual_cut and self.planned_on <= timezone.localdate():
            return self.State.CARRIED_OUT
        return self.State.PLANNED

    def get_state_display(self):
        return self.State(self.state).label

    @property
    def explained_in_time(self):
        """Whether the explanation came at least 30 days before the layoff (None when not yet recorded)."""
        if self.explained_on is None:
            return None
        return (self.planned_on - self.explained_on).days >= self.NOTICE_DAYS

    @property
    def funding_gap_yuan(self):
        """The compensation needed less the funds stated (positive: short of money)."""
        return self.compensation_total_yuan - self.funds_stated_yuan

    def payment_verdict(self):
        """支付能力评估 as a sentence: withheld, with the count missing, until every person cut is entered (people
        Art. 42 protects are not counted: they may not be cut); reads the prefetched ``people``."""
        people = list(self.people.all())
        blocked = sum(1 for person in people if person.protection)
        eligible = len(people) - blocked
        if eligible < self.cut:
            held = f"，另有{blocked}人属于第四十二条不得裁减的情形" if blocked else ""
            return (
                f"暂不评估：计划裁减{self.cut}人，已登记可裁减人员{eligible}人{held}，尚缺{self.cut - eligible}人；"
                "请登记全部被裁减人员后再评估支付能力。"
            )
        gap = self.funding_gap_yuan
        verdict = "资金充足" if gap <= 0 else f"缺口{gap:.2f}元"
        return (
            f"{eligible}人需支付{self.compensation_total_yuan:.2f}元，企业可用资金{self.funds_stated_yuan:.2f}元，"
            f"{verdict}"
        )

    @property
    def is_assessed(self):
        """Whether every person cut is entered, so the payment-capacity verdict can be given."""
        return sum(1 for person in self.people.all() if not person.protection) >= self.cut


class LayoffPersonQuerySet(UnitScopedQuerySet):
    unit_path = "plan__monitored__unit"


class LayoffPerson(models.Model):
    """One worker in a layoff plan: service from dates, the Art. 42 situation that protects them (if any), and the
    compensation computed by ``compensation.compensation_from_dates`` with its working."""

    plan = models.ForeignKey(LayoffPlan, verbose_name="裁员计划", on_delete=models.CASCADE, related_name="people")
    name = models.CharField("姓名或编号", max_length=40)
    post = models.CharField("岗位", max_length=60, blank=True)
    started_on = models.DateField("入职日期")
    ended_on = models.DateField("解除劳动合同日期")
    base_wage_yuan = models.DecimalField("前十二个月平均工资（元/月）", max_digits=10, decimal_places=2)
    protection = models.CharField(
        "第四十二条不得裁减情形", max_length=1, choices=Protection.choices, blank=True, help_text="无则不选"
    )
    compensation_yuan = models.DecimalField("经济补偿（元）", max_digits=12, decimal_places=2, editable=False)
    working = models.TextField("计算过程", blank=True, editable=False)

    objects = LayoffPersonQuerySet.as_manager()

    class Meta:
        verbose_name = "被裁减人员"
        verbose_name_plural = "被裁减人员"
        ordering = ["pk"]

    def __str__(self):
        return self.name

    def working_lines(self):
        return self.working.splitlines()


class RetainedPersonQuerySet(UnitScopedQuerySet):
    unit_path = "plan__monitored__unit"


class RetainedPerson(models.Model):
    """One person a layoff plan retains first (劳动合同法 Art. 41 ¶2), with the reason."""

    plan = models.ForeignKey(LayoffPlan, verbose_name="裁员计划", on_delete=models.CASCADE, related_name="retained")
    name = models.CharField("姓名或编号", max_length=40)
    reason = models.CharField("优先留用理由", max_length=1, choices=RetainReason.choices)

    objects = RetainedPersonQuerySet.as_manager()

    class Meta:
        verbose_name = "优先留用人员"
        verbose_name_plural = "优先留用人员"
        ordering = ["pk"]

    def __str__(self):
        return self.name


class RehireNoticeQuerySet(UnitScopedQuerySet):
    unit_path = "plan__monitored__unit"


class RehireNotice(NamesTheHolder, models.Model):
    """What the unit did about one month's hires within six months after a layoff (劳动合同法 Art. 41 ¶3): the
    people laid off were notified (when and how), or the hires were no rehire the paragraph covers (and why). Once
    recorded, the month's reminder leaves the unit's 待办."""

    class Outcome(models.TextChoices):
        NOTIFIED = "notified", "已通知被裁减人员，同等条件下优先招用"
        NOT_APPLICABLE = "not_applicable", "不属于重新招用人员，无需通知"

    class Means(models.TextChoices):
        WRITTEN = "written", "书面通知"
        PHONE = "phone", "电话或短信通知"
        POSTED = "posted", "公告或张贴通知"
        OTHER = "other", "其他方式（见说明）"

    plan = models.ForeignKey(
        LayoffPlan, verbose_name="裁员计划", on_delete=models.CASCADE, related_name="rehire_notices"
    )
    year = models.PositiveSmallIntegerField("新招用年度")
    month = models.PositiveSmallIntegerField("新招用月份", validators=[MinValueValidator(1), MaxValueValidator(12)])
    outcome = models.CharField("处理结果", max_length=16, choices=Outcome.choices)
    acted_on = models.DateField("通知或核实日期")
    means = models.CharField("通知方式", max_length=8, choices=Means.choices, blank=True)
    note = models.TextField("说明", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    objects = RehireNoticeQuerySet.as_manager()

    class Meta:
        verbose_name = "再录用通知记录"
        verbose_name_plural = "再录用通知记录"
        ordering = ["year", "month", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year", "month"], name="one_rehire_notice_per_plan_month")
        ]

    def __str__(self):
        return f"{self.plan}：{self.year}年{self.month}月新招用的处理"


class MeetingQuerySet(UnitScopedQuerySet):
    pass


class RiskMeeting(VersionedModel):
    """A tripartite risk meeting (三方会商研判): who attended, the leads discussed and the measures decided."""

    unit = models.ForeignKey(Unit, verbose_name="召集单位", on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField("会商日期")
    attendees = models.TextField("参会单位和人员")
    analysis = models.TextField("风险分析研判", blank=True)
    measures = models.TextField("确定的解决方案和措施")
    leads = models.ManyToManyField(Lead, verbose_name="研判的线索", related_name="meetings", blank=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = "三方会商研判"
        verbose_name_plural = "三方会商研判"
        ordering = ["-held_on", "pk"]
        indexes = [models.Index(fields=["held_on", "id"])]

    def __str__(self):
        return f"{self.unit}{self.held_on:%Y-%m-%d}三方会商研判"

    def get_absolute_url(self):
        return reverse("key_enterprises:meeting_edit", args=[self.pk])


class Topic(models.TextChoices):
    PAY = "pay", "工资待遇"
    SAFETY = "safety", "安全卫生"
    PROTECTION = "protection", "劳动保障"
    HOURS = "hours", "工作时间"
    WORK_MODE = "work_mode", "工作方式"


class BargainingQuerySet(UnitScopedQuerySet):
    def in_year(self, year):
        """Keep the records of ``year``."""
        return self.filter(year=year)


class BargainingRecord(VersionedModel):
    """An enterprise's collective bargaining in one year (集体协商)."""

    unit = models.ForeignKey(Unit, verbose_name="填报单位", on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey(
        "chuxiong_labor.Enterprise", verbose_name="企业", on_delete=models.PROTECT, related_name="bargaining"
    )
    year = models.PositiveSmallIntegerField("年度")
    has_system = models.BooleanField("已建立集体协商制度", default=False)
    held_annual = models.BooleanField("开展年度集体协商", default=False)
    wage_contract_signed_on = models.DateField("工资专项集体合同签订日期", null=True, blank=True)
    wage_contract_term_months = models.PositiveSmallIntegerField("合同期限（月）", null=True, blank=True)
    wage_contract_filed_on = models.DateField("报送审查（备案）日期", null=True, blank=True)
    has_women_provisions = models.BooleanField("含女职工权益保护专项内容", default=False)
    topics = models.JSONField("协商内容", default=list)

    objects = BargainingQuerySet.as_manager()
    history_choices = {"topics": Topic}  # the history shows the topics' names, not their codes

    class Meta:
        verbose_name = "集体协商情况"
        verbose_name_plural = "集体协商情况"
        ordering = ["-year", "unit__sort_order", "enterprise__name"]
        indexes = [models.Index(fields=["year", "unit", "id"])]
        constraints = [models.UniqueConstraint(fields=["enterprise", "year"], name="unique_bargaining_per_year")]

    def __str__(self):
        return f"{self.enterprise}{self.year}年集体协商情况"

    def get_absolute_url(self):
        return reverse("key_enterprises:bargaining_edit", args=[self.pk])

    @property
    def has_wage_contract(self):
        return self.wage_contract_signed_on is not None

    def topic_labels(self):
        labels = dict(Topic.choices)
        return [labels.get(code, code) for code in self.topics]


class ExperienceQuerySet(UnitScopedQuerySet):
    def submitted(self):
        """Keep the summaries reported to the prefecture."""
        return self.filter(submitted_on__isnull=False)


class ExperienceReport(VersionedModel):
    """A unit's summary of its monitoring and bargaining practice (总结经验), which the prefecture may pick for
    promotion across the prefecture (在全州范围推广)."""

    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("题目", max_length=120)
    monitoring_practice = models.TextField("企业用工监测机制的做法")
    bargaining_practice = models.TextField("集体协商机制的做法", blank=True)
    submitted_on = models.DateField("报送日期", null=True, blank=True)
    promoted_on = models.DateField("选为全州推广经验的日期", null=True, blank=True)

    objects = ExperienceQuerySet.as_manager()

    class Meta:
        verbose_name = "经验做法总结"
        verbose_name_plural = "经验做法总结"
        ordering = ["-year", "unit__sort_order", "pk"]
        indexes = [models.Index(fields=["-year", "unit", "id"])]

    def __str__(self):
        return f"{self.unit}：{self.title}"

    def get_absolute_url(self):
        return reverse("key_enterprises:experience_edit", args=[self.pk])


for _model in (
    ExperienceReport,
    MonitoredEnterprise,
    MonitoringConfig,
    MonthlyBatch,
    MonthlyFigures,
    WarningRule,
    Lead,
    LeadAction,
    GuidanceVisit,
    WageSetting,
    LayoffPlan,
    LayoffPerson,
    RetainedPerson,
    RehireNotice,
    RiskMeeting,
    BargainingRecord,
):
    track(_model)
