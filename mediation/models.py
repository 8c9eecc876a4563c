"""Mediation organisations (附件3), their mediators, work rules and inspections, and the case ledger (调解台账)."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse

from chuxiong_labor.lib.concurrency import VersionedModel
from chuxiong_labor.lib.history import track
from chuxiong_labor.lib.uniqueness import NamesTheHolder
from chuxiong_labor.nominations.models import NominationBase
from chuxiong_labor.nominations.review_panels import (
    ConflictBase,
    CriterionBase,
    PanelNominationQuerySet,
    PanelScoreBase,
)
from chuxiong_labor.nominations.workflow import REACHED, Action, Status, YearlyLimit
from chuxiong_labor.scoping import SharedQuerySet, UnitScopedQuerySet

from . import workdays

COLLECTIVE_THRESHOLD = 10  # 劳动争议调解仲裁法 Art. 7: ten or more workers on one claim


class WorkRuleItem(VersionedModel):
    """One item of the prefecture's work-rule checklist (「六规范、五上墙」 and the work systems)."""

    class Group(models.TextChoices):
        SIX_NORMS = "six_norms", "六规范"
        FIVE_ON_WALL = "five_on_wall", "五上墙"
        WORK_SYSTEM = "work_system", "工作制度"
        MECHANISM = "mechanism", "工作机制"

    group = models.CharField("类别", max_length=16, choices=Group.choices)
    name = models.CharField("检查项目", max_length=60)
    description = models.CharField("说明", max_length=200, blank=True)
    source = models.CharField("依据", max_length=120, blank=True)
    is_active = models.BooleanField("启用", default=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    objects = SharedQuerySet.as_manager()

    class Meta:
        verbose_name = "工作规范检查项目"
        verbose_name_plural = "工作规范检查项目"
        ordering = ["sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["group", "name"], name="unique_work_rule_item")]

    def __str__(self):
        return f"{self.get_group_display()}｜{self.name}"


class OrgQuerySet(UnitScopedQuerySet):
    def active(self):
        """Keep the organisations still operating."""
        return self.filter(is_active=True)

    def with_mediator_counts(self):
        """Annotate the number of active full-time and part-time mediators."""
        return self.annotate(
            full_time_count=Count(
                "mediators",
                filter=Q(mediators__is_active=True, mediators__employment=Mediator.Employment.FULL_TIME),
                distinct=True,
            ),
            part_time_count=Count(
                "mediators",
                filter=Q(mediators__is_active=True, mediators__employment=Mediator.Employment.PART_TIME),
                distinct=True,
            ),
        )

    def without_mediators(self):
        """Keep the organisations with no active mediator (the plan wants at least one each)."""
        return self.exclude(mediators__is_active=True)


class MediationOrg(VersionedModel):
    class Kind(models.TextChoices):
        TOWNSHIP = "township", "乡镇劳动人事争议调解中心"
        COUNTY = "county", "县市劳动人事争议调解组织"
        ENTERPRISE = "enterprise", "企业劳动争议调解委员会"
        INDUSTRY = "industry", "行业性区域性劳动人事争议调解组织"
        PUBLIC_INSTITUTION = "institution", "事业单位劳动人事争议调解组织"
        SOCIAL = "social", "开展劳动人事争议调解工作的社会组织"
        OTHER = "other", "法律政策规定的其他类型调解组织"

    unit = models.ForeignKey(
        "chuxiong_labor.Unit", verbose_name="所属县（市）或单位", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("调解组织名称", max_length=120)
    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    township = models.CharField("所在乡镇（街道）", max_length=40, blank=True)
    enterprise = models.ForeignKey(
        "chuxiong_labor.Enterprise",
        verbose_name="所在企业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="企业劳动争议调解委员会请选择所在企业。",
    )
    established_on = models.DateField("成立时间", null=True, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    contact_person = models.CharField("负责人", max_length=40, blank=True)
    contact_phone = models.CharField("联系电话", max_length=40, blank=True)
    has_reception_room = models.BooleanField("有专门的接待场所", default=False)
    has_mediation_room = models.BooleanField("有调解室", default=False)
    has_computer = models.BooleanField("配备电脑", default=False)
    has_printer = models.BooleanField("配备打印机", default=False)
    has_copier = models.BooleanField("配备复印机", default=False)
    other_equipment = models.CharField("其他设施设备", max_length=200, blank=True)
    has_funding = models.BooleanField("落实调解工作经费", default=False)
    has_case_subsidy = models.BooleanField("落实“以案定补”等激励保障", default=False)
    uses_national_platform = models.BooleanField(
        "使用全国劳动人事争议调解管理平台",
        default=False,
        help_text="县市调解组织和乡镇调解中心应当使用（附件3 二（三））。",
    )
    has_electronic_ledger = models.BooleanField("建立电子工作台账", default=False)
    rules = models.ManyToManyField(
        WorkRuleItem, verbose_name="已落实的工作规范", blank=True, related_name="organisations"
    )
    is_active = models.BooleanField("正常运行", default=True)
    note = models.TextField("备注", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = OrgQuerySet.as_manager()

    class Meta:
        verbose_name = "调解组织"
        verbose_name_plural = "调解组织"
        ordering = ["unit__sort_order", "kind", "name"]
        indexes = [models.Index(fields=["unit", "kind", "name", "id"]), models.Index(fields=["unit", "name", "id"])]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="unique_mediation_org_name")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("mediation:org_detail", args=[self.pk])

    def clean(self):
        if self.kind == self.Kind.ENTERPRISE and not self.enterprise_id:
            raise ValidationError({"enterprise": "企业劳动争议调解委员会请选择所在企业。"})

    @property
    def should_use_platform(self):
        return self.kind in (self.Kind.TOWNSHIP, self.Kind.COUNTY)

    def equipment_list(self):
        items = [
            label
            for flag, label in (
                (self.has_computer, "电脑"),
                (self.has_printer, "打印机"),
                (self.has_copier, "复印机"),
            )
            if flag
        ]
        if self.other_equipment:
            items.append(self.other_equipment)
        return items


class MediatorQuerySet(UnitScopedQuerySet):
    unit_path = "org__unit"

    def active(self):
        """Keep the mediators still serving."""
        return self.filter(is_active=True)


class Mediator(VersionedModel):
    class Employment(models.TextChoices):
        FULL_TIME = "full", "专职"
        PART_TIME = "part", "兼职"

    class Background(models.TextChoices):
        STAFF = "staff", "调解组织工作人员"
        LAWYER = "lawyer", "律师"
        JUDGE = "judge", "法官"
        ARBITRATOR = "arbitrator", "劳动人事争议仲裁员"
        SCHOLAR = "scholar", "法学专家"
        UNION = "union", "工会干部"
        HR = "hr", "企业人力资源工作者"
        OTHER = "other", "其他"

    org = models.ForeignKey(MediationOrg, verbose_name="调解组织", on_delete=models.CASCADE, related_name="mediators")
    name = models.CharField("姓名", max_length=40)
    employment = models.CharField("专职或兼职", max_length=4, choices=Employment.choices)
    background = models.CharField("来源", max_length=12, choices=Background.choices, default=Background.STAFF)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    trained_on = models.DateField("最近一次参加培训", null=True, blank=True)
    is_active = models.BooleanField("在岗", default=True)

    objects = MediatorQuerySet.as_manager()

    class Meta:
        verbose_name = "调解员"
        verbose_name_plural = "调解员"
        ordering = ["org", "-is_active", "employment", "name"]

    def __str__(self):
        return f"{self.name}（{self.get_employment_display()}）"

    def get_absolute_url(self):
        return reverse("mediation:mediator_edit", args=[self.pk])


class MediationSettings(models.Model):
    """The prefecture's reading of the 15-day limit (one row): whether a limit ending on an ordinary weekend rolls to
    the next working day (domain-rules §4: yes by default, the reading courts apply to 法定休假日)."""

    weekends_roll = models.BooleanField(
        "普通周末顺延",
        default=True,
        help_text="勾选：期限届满日为星期六、星期日（调休上班日除外）的，顺延至其后第一个工作日；"
        "不勾选：只有法定节假日才顺延。更改后，未结案件的期限会重新计算。",
    )

    class Meta:
        verbose_name = "调解期限计算设置"
        verbose_name_plural = "调解期限计算设置"

    def __str__(self):
        return "普通周末顺延" if self.weekends_roll else "普通周末不顺延"

    @classmethod
    def get(cls):
        """Return the one settings row, creating it with the defaults the first time."""
        return cls.objects.get_or_create(pk=1)[0]

    @property
    def rule_text(self):
        return workdays.rule_text(self.weekends_roll)


class HolidayCorrectionQuerySet(SharedQuerySet):
    def calendar(self, years):
        """Build the ``WorkCalendar`` of ``years`` with the corrections that fall in them and the prefecture's
        weekend reading applied (two queries)."""
        years = sorted(set(years))
        first, last = datetime.date(years[0], 1, 1), datetime.date(years[-1] + 1, 12, 31)
        return workdays.WorkCalendar.for_years(
            years, self.filter(on__range=(first, last)), weekends_roll=MediationSettings.get().weekends_roll
        )

    def calendar_for(self, received_dates):
        """Build the calendar that the limits of applications received on ``received_dates`` need."""
        return self.calendar(workdays.years_around(received_dates))


class HolidayCorrection(NamesTheHolder, models.Model):
    """A date the prefecture corrects against the library's calendar of China's holidays."""

    on = models.DateField("日期", unique=True)
    is_working_day = models.BooleanField(
        "是工作日", help_text="勾选：该日上班（调休上班日，或撤销日历中的假日）；不勾选：该日为法定节假日。"
    )
    name = models.CharField("节日或说明", max_length=60, blank=True)
    source = models.CharField("依据（国务院办公厅通知等）", max_length=120, blank=True)

    objects = HolidayCorrectionQuerySet.as_manager()

    class Meta:
        verbose_name = "节假日更正"
        verbose_name_plural = "节假日更正"
        ordering = ["-on"]

    def __str__(self):
        return f"{self.on:%Y-%m-%d} {'上班' if self.is_working_day else '放假'}"


class CaseQuerySet(UnitScopedQuerySet):
    unit_path = "org__unit"

    def open(self):
        """Keep the cases still being mediated."""
        return self.filter(outcome=Case.Outcome.PENDING)

    def closed(self):
        """Keep the cases with an outcome."""
        return self.exclude(outcome=Case.Outcome.PENDING)

    def past_limit(self, today):
        """Keep the open cases whose 15-day limit has passed."""
        return self.open().filter(limit_on__lt=today)

    def approaching_limit(self, today, days=workdays.APPROACHING_DAYS):
        """Keep the open cases whose limit falls within the next ``days`` days."""
        return self.open().filter(limit_on__gte=today, limit_on__lte=today + datetime.timedelta(days=days))

    def limit_counts(self, today, days=workdays.APPROACHING_DAYS):
        """Return ``{"past": n, "approaching": m}``: the open cases past their limit and near it, in one query."""
        soon = today + datetime.timedelta(days=days)
        return (
            self.open()
            .filter(limit_on__lte=soon)
            .aggregate(
                past=models.Count("id", filter=models.Q(limit_on__lt=today)),
                approaching=models.Count("id", filter=models.Q(limit_on__gte=today)),
            )
        )

    def received_in(self, year):
        """Keep the cases received in ``year``."""
        return self.filter(received_on__year=year)

    def collective(self):
        """Keep the collective disputes (ten or more workers)."""
        return self.filter(worker_count__gte=COLLECTIVE_THRESHOLD)


class Case(VersionedModel):
    class Form(models.TextChoices):
        WRITTEN = "written", "书面申请"
        ORAL = "oral", "口头申请（当场记录）"

    class ApplicantSide(models.TextChoices):
        EMPLOYEE = "employee", "劳动者"
        EMPLOYER = "employer", "用人单位"
        BOTH = "both", "双方共同申请"

    class ClaimKind(models.TextChoices):
        PAY = "pay", "劳动报酬"
        CONTRACT = "contract", "劳动合同订立、履行、变更、解除和终止"
        DISMISSAL = "dismissal", "除名、辞退、辞职、离职"
        SOCIAL_INSURANCE = "insurance", "社会保险"
        INJURY = "injury", "工伤医疗费"
        COMPENSATION = "compensation", "经济补偿或者赔偿金"
        WORKING_TIME = "working_time", "工作时间、休息休假"
        WELFARE = "welfare", "福利、培训、劳动保护"
        RELATIONSHIP = "relationship", "确认劳动关系"
        OTHER = "other", "其他"

    class Outcome(models.TextChoices):
        PENDING = "pending", "调解中"
        AGREEMENT = "agreement", "达成调解协议"
        COURT_CONFIRMED = "confirmed", "达成协议并经司法确认或仲裁审查确认"
        NO_AGREEMENT = "no_agreement", "未达成协议（调解不成）"
        WITHDRAWN = "withdrawn", "申请人撤回"
        ARBITRATION = "arbitration", "转仲裁"

    class Performance(models.TextChoices):
        NOT_DUE = "not_due", "未到履行期"
        PERFORMED = "performed", "已履行"
        PARTIAL = "partial", "部分履行"
        NOT_PERFORMED = "not_performed", "未履行"
        PAYMENT_ORDER = "payment_order", "已申请支付令"

    AGREEMENT_OUTCOMES = (Outcome.AGREEMENT, Outcome.COURT_CONFIRMED)

    org = models.ForeignKey(MediationOrg, verbose_name="调解组织", on_delete=models.PROTECT, related_name="cases")
    number = models.CharField("案号", max_length=40, blank=True)
    received_on = models.DateField("收到申请日期")
    form = models.CharField("申请方式", max_length=8, choices=Form.choices, default=Form.WRITTEN)
    is_accepted = models.BooleanField("已受理", default=True)
    applicant_side = models.CharField(
        "申请方", max_length=8, choices=ApplicantSide.choices, default=ApplicantSide.EMPLOYEE
    )
    employee_party = models.CharField("劳动者一方", max_length=120, help_text="姓名；人数较多时写代表人和“等N人”。")
    employee_phone = models.CharField("劳动者联系电话", max_length=40, blank=True)
    employer_party = models.CharField("用人单位一方", max_length=120)
    enterprise = models.ForeignKey(
        "chuxiong_labor.Enterprise",
        verbose_name="企业库中的用人单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    claim = models.TextField("请求事项")
    claim_kind = models.CharField("争议类型", max_length=14, choices=ClaimKind.choices)
    worker_count = models.PositiveIntegerField("涉及劳动者人数", default=1, validators=[MinValueValidator(1)])
    claimed_yuan = models.DecimalField("请求金额（元）", max_digits=12, decimal_places=2, null=True, blank=True)
    mediator = models.ForeignKey(
        Mediator, verbose_name="调解员", null=True, blank=True, on_delete=models.SET_NULL, related_name="cases"
    )
    limit_on = models.DateField("15日期限届满日", editable=False)
    outcome = models.CharField("调解结果", max_length=14, choices=Outcome.choices, default=Outcome.PENDING)
    closed_on = models.DateField("结案日期", null=True, blank=True)
    agreement_on = models.DateField("调解协议签订日期", null=True, blank=True)
    agreement_yuan = models.DecimalField("协议金额（元）", max_digits=12, decimal_places=2, null=True, blank=True)
    performance = models.CharField(
        "协议履行情况", max_length=14, choices=Performance.choices, default=Performance.NOT_DUE, blank=True
    )
    followed_up_on = models.DateField("回访日期", null=True, blank=True)
    performance_note = models.CharField("履行和回访说明", max_length=200, blank=True)
    note = models.TextField("备注", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = "调解案件"
        verbose_name_plural = "调解台账"
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["org", "received_on"]),
            models.Index(fields=["outcome", "limit_on"]),
            # The ledger's newest-first pages and the year's figures (received or closed in a year).
            models.Index(fields=["received_on", "id"], name="case_received_on_id"),
            models.Index(fields=["closed_on"], name="case_closed_on"),
        ]

    def __str__(self):
        return self.number or f"{self.employee_party}与{self.employer_party}（{self.received_on:%Y-%m-%d}）"

    def get_absolute_url(self):
        return reverse("mediation:case_detail", args=[self.pk])

    def clean(self):
        errors = {}
        closed = self.outcome != self.Outcome.PENDING
        if closed and not self.closed_on:
            errors["closed_on"] = "已有调解结果的案件请填写结案日期。"
        if not closed and self.closed_on:
            errors["closed_on"] = "调解中的案件不应填写结案日期；如已结案，请选择调解结果。"
        if self.closed_on and self.received_on and self.closed_on < self.received_on:
            errors["closed_on"] = "结案日期不能早于收到申请日期，请核对。"
        if self.is_agreement:
            if not self.agreement_on:
                errors["agreement_on"] = "达成调解协议的案件请填写协议签订日期。"
            elif self.received_on and self.agreement_on < self.received_on:
                errors["agreement_on"] = "协议签订日期不能早于收到申请日期，请核对。"
        elif self.agreement_on or self.agreement_yuan:
            errors["agreement_on"] = "未达成调解协议的案件不应填写协议日期和金额；如已达成协议，请选择相应的调解结果。"
        if self.mediator_id and self.org_id and self.mediator.org_id != self.org_id:
            errors["mediator"] = (
                f"调解员“{self.mediator.name}”属于“{self.mediator.org}”，不是“{self.org}”的调解员。"
                "请从所选调解组织的调解员中选择，或先改选调解组织。"
            )
        if errors:
            raise ValidationError(errors)

    def limit(self, calendar):
        """Return the 15-day ``Limit`` of this case (Art. 14), read from ``calendar``."""
        return workdays.mediation_limit(self.received_on, calendar=calendar)

    @property
    def is_open(self):
        return self.outcome == self.Outcome.PENDING

    @property
    def is_agreement(self):
        return self.outcome in self.AGREEMENT_OUTCOMES

    @property
    def is_collective(self):
        return self.worker_count >= COLLECTIVE_THRESHOLD

    def limit_state(self, today):
        """Return ``"past"``, ``"approaching"`` or ``""`` for an open case; closed cases have none."""
        if not self.is_open:
            return ""
        if today > self.limit_on:
            return "past"
        if (self.limit_on - today).days <= workdays.APPROACHING_DAYS:
            return "approaching"
        return ""

    def days_left(self, today):
        return (self.limit_on - today).days


class InspectionQuerySet(UnitScopedQuerySet):
    unit_path = "org__unit"

    def awaiting_rectification(self):
        """Keep inspections that asked for rectification not yet done."""
        return self.filter(needs_rectification=True, rectified_on__isnull=True)


class Inspection(VersionedModel):
    org = models.ForeignKey(MediationOrg, verbose_name="调解组织", on_delete=models.CASCADE, related_name="inspections")
    inspected_on = models.DateField("检查日期")
    inspectors = models.CharField("检查人员", max_length=200)
    summary = models.TextField("检查情况", blank=True)
    needs_rectification = models.BooleanField("需要整改", default=False)
    rectification = models.TextField("整改要求", blank=True)
    rectify_by = models.DateField("整改期限", null=True, blank=True)
    rectified_on = models.DateField("整改完成日期", null=True, blank=True)
    rectification_result = models.CharField("整改情况", max_length=200, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = "监督检查"
        verbose_name_plural = "监督检查"
        ordering = ["-inspected_on", "-id"]
        indexes = [models.Index(fields=["inspected_on", "id"])]

    def __str__(self):
        return f"{self.org}｜{self.inspected_on:%Y-%m-%d} 监督检查"

    def get_absolute_url(self):
        return reverse("mediation:inspection_detail", args=[self.pk])

    def clean(self):
        if self.needs_rectification and not (self.rectification.strip() and self.rectify_by):
            raise ValidationError({"rectify_by": "需要整改的，请写明整改要求并填写整改期限。"})
        if self.rectify_by and self.inspected_on and self.rectify_by < self.inspected_on:
            raise ValidationError({"rectify_by": "整改期限不能早于检查日期。"})

    @property
    def quarter(self):
        return f"{self.inspected_on.year}年第{(self.inspected_on.month - 1) // 3 + 1}季度"

    def rectification_overdue(self, today):
        return bool(self.needs_rectification and not self.rectified_on and self.rectify_by and today > self.rectify_by)


class FindingQuerySet(UnitScopedQuerySet):
    unit_path = "inspection__org__unit"


class Finding(NamesTheHolder, models.Model):
    class Result(models.TextChoices):
        MEETS = "meets", "符合"
        PARTLY = "partly", "部分符合"
        FAILS = "fails", "不符合"
        NOT_APPLICABLE = "na", "不适用"

    inspection = models.ForeignKey(
        Inspection, verbose_name="监督检查", on_delete=models.CASCADE, related_name="findings"
    )
    item = models.ForeignKey(WorkRuleItem, verbose_name="检查项目", on_delete=models.PROTECT, related_name="+")
    result = models.CharField("检查结果", max_length=8, choices=Result.choices)
    note = models.CharField("问题说明", max_length=200, blank=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = "检查结果"
        verbose_name_plural = "检查结果"
        ordering = ["item__sort_order", "item_id"]
        constraints = [models.UniqueConstraint(fields=["inspection", "item"], name="unique_finding_per_item")]

    def __str__(self):
        return f"{self.item.name}：{self.get_result_display()}"


# Gold selection ----------------------------------------------------------------------------------------------

GOLD_CODE = "mediation_gold"
MAX_PER_COUNTY = 2  # 附件3 三（四）：各县（市）每轮推荐1-2个候选对象


class Criterion(CriterionBase):
    """A scoring dimension of the gold selection (制度机制, 专业程度, 服务能力, 基础保障 by default)."""

    class Meta(CriterionBase.Meta):
        verbose_name = "调解组织评价标准"
        verbose_name_plural = "调解组织评价标准"


class Nomination(NominationBase, VersionedModel):
    STR_RELATED = ("org",)  # what __str__ reads (the 待办 fetches it with the records)
    org = models.ForeignKey(MediationOrg, verbose_name="调解组织", on_delete=models.PROTECT, related_name="nominations")
    achievements = models.TextField("主要工作成效", help_text="按制度机制、专业程度、服务能力、基础保障逐项填写。")
    entered_at = models.DateTimeField("录入时间", auto_now_add=True)

    objects = PanelNominationQuerySet.as_manager()

    # 附件3 三（四）：评选出楚雄州10家……并从中择优推荐3类2-3家上报省. Read as: 2 to 3 organisations a year, each
    # of a different kind (so at most three kinds, one organisation each); the kinds rule is below.
    yearly_limits = (
        YearlyLimit(Action.SELECT, fewest=10, most=10, text="每年评选出楚雄州10家金牌劳动人事争议调解组织"),
        YearlyLimit(Action.RECOMMEND, fewest=2, most=3, text="择优推荐3类2—3家上报省"),
    )

    class Meta:
        verbose_name = "金牌调解组织候选对象"
        verbose_name_plural = "金牌调解组织候选对象"
        ordering = ["unit__sort_order", "pk"]
        indexes = [models.Index(fields=["round", "unit", "id"])]
        constraints = [models.UniqueConstraint(fields=["round", "org"], name="unique_mediation_org_per_round")]

    def __str__(self):
        return self.org.name

    def get_absolute_url(self):
        return reverse("mediation:nomination_detail", args=[self.pk])

    def snapshot(self):
        org = self.org
        return {
            "调解组织": org.name,
            "类型": org.get_kind_display(),
            "所属": str(org.unit),
            "主要工作成效": self.achievements,
        }

    def transition_problems(self, action, *, today):
        problems = super().transition_problems(action, today=today)
        if action == Action.RECOMMEND:
            same_kind = (
                Nomination.objects.filter(
                    round=self.round, status__in=REACHED[Action.RECOMMEND], org__kind=self.org.kind
                )
                .exclude(pk=self.pk)
                .select_related("org")
                .first()
            )
            if same_kind is not None:
                problems.append(
                    f"按方案“择优推荐3类2—3家上报省”，每类调解组织每年推荐1家：{self.round.year}年度已推荐"
                    f"{self.org.get_kind_display()}“{same_kind}”，请从其他类别中推荐。"
                )
        if action == Action.SUBMIT:
            if not self.org.is_active:
                problems.append(f"“{self.org}”已停止运行，不能推荐。")
            if not self.org.mediators.filter(is_active=True).exists():
                problems.append(f"“{self.org}”尚未配备在岗调解员，不符合基本条件，请先登记调解员。")
            others = (
                Nomination.objects.filter(round=self.round, unit=self.unit)
                .exclude(pk=self.pk)
                .exclude(status__in=[Status.DRAFT, Status.RETURNED])
                .count()
            )
            if others >= MAX_PER_COUNTY:
                problems.append(f"每个县（市）每轮推荐1—{MAX_PER_COUNTY}个候选对象，本轮已报送{others}个。")
        return problems

    def notice_line(self):
        return f"{self.org.name}（{self.org.get_kind_display()}，{self.unit}推荐）"


class PanelScore(PanelScoreBase):
    nomination = models.ForeignKey(Nomination, verbose_name="候选对象", on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, verbose_name="评分项目", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "评审评分"
        verbose_name_plural = "评审评分"
        constraints = [
            models.UniqueConstraint(fields=["nomination", "member", "criterion"], name="unique_mediation_score")
        ]


class Conflict(ConflictBase):
    nomination = models.ForeignKey(
        Nomination, verbose_name="候选对象", on_delete=models.CASCADE, related_name="conflicts"
    )

    class Meta:
        verbose_name = "评审回避"
        verbose_name_plural = "评审回避"
        constraints = [models.UniqueConstraint(fields=["nomination", "member"], name="unique_mediation_conflict")]


# Reverse relations are left out of each history entry: they hold other rows' changes, not this row's.
track(WorkRuleItem, exclude_fields=["organisations"])
track(MediationOrg, exclude_fields=["cases", "mediators", "inspections", "nominations"], m2m_fields={"rules"})
track(Mediator, exclude_fields=["cases"])
track(HolidayCorrection)
track(MediationSettings)
track(Case)
track(Inspection, exclude_fields=["findings"])
track(Finding)
track(Criterion)
track(Nomination, exclude_fields=["scores", "conflicts", "steps"])
track(PanelScore)
track(Conflict)
