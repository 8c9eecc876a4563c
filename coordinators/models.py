"""Annex 1: the coordinator database, the enterprises they serve, training batches, analysis meetings and the
yearly gold-coordinator nominations (on the shared workflow of ``chuxiong_labor.nominations.workflow``)."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse

from chuxiong_labor import quotas, resident_id
from chuxiong_labor.lib.concurrency import VersionedModel
from chuxiong_labor.lib.dates import written
from chuxiong_labor.lib.history import track
from chuxiong_labor.lib.uniqueness import NamesTheHolder
from chuxiong_labor.nominations.models import NominationBase, NominationQuerySet, PublicNotice, track_nomination
from chuxiong_labor.nominations.workflow import Action, Level, Status, YearlyLimit
from chuxiong_labor.scoping import UnitScopedQuerySet
from chuxiong_labor.units import Unit

MIN_YEARS_IN_OCCUPATION = 5
SLATE_FACTOR = Decimal("1.5")
QUOTA_CODE = "coordinator_quota"
SHARE_CODE = "coordinator_selection"  # 正文: 15 a year; 州本级、楚雄市、禄丰市、大姚县各2名, the others at least 1

# The statuses of a candidate the prefecture office has approved and not since turned down: what counts against a
# unit's 推荐名额. A submitted candidate is not yet counted (the prefecture has not reviewed it), and one the joint
# meeting did not select no longer is.
APPROVED_OR_LATER = (
    Status.APPROVED,
    Status.IN_NOTICE,
    Status.SELECTED,
    Status.RECOMMENDED,
    Status.AWARDED,
    Status.NOT_AWARDED,
)


class Gender(models.TextChoices):
    MALE = "male", "男"
    FEMALE = "female", "女"


class Source(models.TextChoices):
    ENTERPRISE_HR = "enterprise_hr", "用人单位人力资源管理部门"
    ENTERPRISE_UNION = "enterprise_union", "用人单位工会"
    ENTERPRISE_LEGAL = "enterprise_legal", "用人单位法务部门"
    MEDIATION_BODY = "mediation_body", "区域性调解机构"
    INDUSTRY_UNION = "industry_union", "地方行业工会"
    INDUSTRY_ASSOCIATION = "industry_association", "行业协会"
    ENTERPRISE_CONFEDERATION = "confederation", "企业联合会/企业家协会"
    BARGAINING_INSTRUCTOR = "bargaining_instructor", "工会选聘的集体协商专职指导员"
    SOCIAL_UNION_WORKER = "social_union_worker", "社会化工会工作者"
    GOVERNMENT = "government", "人社等政府部门"
    OTHER = "other", "其他"


class SkillLevel(models.TextChoices):
    """The 2019 national occupational skill standard for labour-relations coordinators."""

    LEVEL_4 = "4", "四级/中级工"
    LEVEL_3 = "3", "三级/高级工"
    LEVEL_2 = "2", "二级/技师"
    LEVEL_1 = "1", "一级/高级技师"


class CoordinatorStatus(models.TextChoices):
    ACTIVE = "active", "在岗"
    LEFT = "left", "已离岗"


class CoordinatorQuerySet(UnitScopedQuerySet):
    def active(self):
        """Keep the coordinators currently in post."""
        return self.filter(status=CoordinatorStatus.ACTIVE)

    def search(self, text):
        """Keep the coordinators whose name, employer or post contains ``text``."""
        return self.filter(
            Q(name__icontains=text) | Q(employer_name__icontains=text) | Q(employer__name__icontains=text)
        )


class Coordinator(VersionedModel):
    unit = models.ForeignKey("chuxiong_labor.Unit", verbose_name="管理单位", on_delete=models.PROTECT)
    name = models.CharField("姓名", max_length=40)
    gender = models.CharField("性别", max_length=6, choices=Gender.choices)
    born_on = models.DateField("出生年月", help_text="只记年月，日按1日保存")
    resident_id = models.CharField(
        "公民身份号码", max_length=18, blank=True, validators=[resident_id.validate_resident_id]
    )
    employer = models.ForeignKey(
        "chuxiong_labor.Enterprise",
        verbose_name="从业单位（企业库）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="coordinators",
    )
    employer_name = models.CharField(
        "从业单位（其他机构）", max_length=120, blank=True, help_text="不在企业库中的机构（如调解中心、行业工会）"
    )
    post = models.CharField("岗位", max_length=60, blank=True)
    occupation = models.CharField("从事职业", max_length=60, default="劳动关系协调员")
    source = models.CharField("来源", max_length=24, choices=Source.choices)
    skill_level = models.CharField("职业技能等级", max_length=2, choices=SkillLevel.choices, blank=True)
    certificate_no = models.CharField("证书编号", max_length=40, blank=True)
    certified_on = models.DateField("取证日期", null=True, blank=True)
    occupation_since = models.DateField(
        "从事本职业或相关职业起始日期", help_text="人力资源管理、劳动保障事务处理、工会、群团、党建、社会工作等"
    )
    phone = models.CharField("联系电话", max_length=40, blank=True)
    status = models.CharField("状态", max_length=8, choices=CoordinatorStatus.choices, default=CoordinatorStatus.ACTIVE)
    status_since = models.DateField("状态起始日期", default=date.today)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = CoordinatorQuerySet.as_manager()

    class Meta:
        verbose_name = "劳动关系协调员"
        verbose_name_plural = "劳动关系协调员"
        ordering = ["unit__sort_order", "name", "pk"]
        indexes = [models.Index(fields=["unit", "name", "id"]), models.Index(fields=["resident_id"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("coordinators:coordinator_detail", args=[self.pk])

    def clean(self):
        self.resident_id = resident_id.normalize(self.resident_id)
        self.born_on = self.born_on.replace(day=1) if self.born_on else self.born_on
        if not self.employer_id and not self.employer_name.strip():
            raise ValidationError({"employer_name": "请从企业库选择从业单位，或填写其他机构的名称。"})
        if self.occupation_since and self.occupation_since > date.today():
            raise ValidationError({"occupation_since": "从事本职业的起始日期不能晚于今天，请核对。"})

    @property
    def employer_display(self):
        return self.employer.name if self.employer_id else self.employer_name

    @property
    def masked_resident_id(self):
        return resident_id.mask(self.resident_id) if self.resident_id else ""

    def years_in_occupation(self, on=None):
        """Return the whole years from ``occupation_since`` to ``on`` (today by default)."""
        on = on or date.today()
        since = self.occupation_since
        years = on.year - since.year - ((on.month, on.day) < (since.month, since.day))
        return max(years, 0)


class StatusChange(models.Model):
    coordinator = models.ForeignKey(
        Coordinator, verbose_name="协调员", on_delete=models.CASCADE, related_name="status_changes"
    )
    status = models.CharField("状态", max_length=8, choices=CoordinatorStatus.choices)
    changed_on = models.DateField("变更日期")
    note = models.CharField("说明", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "协调员状态变更"
        verbose_name_plural = "协调员状态变更"
        ordering = ["-changed_on", "-pk"]

    def __str__(self):
        return f"{self.coordinator}：{self.changed_on:%Y-%m-%d}起{self.get_status_display()}"


class ServiceQuerySet(UnitScopedQuerySet):
    unit_path = "coordinator__unit"


class Service(NamesTheHolder, models.Model):
    """An enterprise a coordinator serves."""

    coordinator = models.ForeignKey(
        Coordinator, verbose_name="协调员", on_delete=models.CASCADE, related_name="services"
    )
    enterprise = models.ForeignKey(
        "chuxiong_labor.Enterprise", verbose_name="服务企业", on_delete=models.PROTECT, related_name="+"
    )
    since = models.DateField("开始服务日期", null=True, blank=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = "服务企业"
        verbose_name_plural = "服务企业"
        ordering = ["enterprise__name"]
        constraints = [models.UniqueConstraint(fields=["coordinator", "enterprise"], name="unique_service")]

    def __str__(self):
        return f"{self.coordinator}服务{self.enterprise}"


class TrainingBatchQuerySet(UnitScopedQuerySet):
    def in_year(self, year):
        """Keep the batches held in ``year``."""
        return self.filter(held_on__year=year)


class TrainingBatch(VersionedModel):
    unit = models.ForeignKey("chuxiong_labor.Unit", verbose_name="组织单位", on_delete=models.PROTECT)
    held_on = models.DateField("培训日期")
    title = models.CharField("培训名称", max_length=120)
    organiser = models.CharField("承办机构", max_length=120)
    participants = models.PositiveIntegerField("参训人数")
    certified_level_4 = models.PositiveIntegerField("取得四级证书人数", default=0)
    certified_level_3 = models.PositiveIntegerField("取得三级证书人数", default=0)
    certified_level_2 = models.PositiveIntegerField("取得二级证书人数", default=0)
    certified_level_1 = models.PositiveIntegerField("取得一级证书人数", default=0)

    objects = TrainingBatchQuerySet.as_manager()

    class Meta:
        verbose_name = "培训认定批次"
        verbose_name_plural = "培训认定批次"
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["held_on", "id"])]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.title}"

    def get_absolute_url(self):
        return reverse("coordinators:training_list")

    @property
    def certified_total(self):
        return self.certified_level_4 + self.certified_level_3 + self.certified_level_2 + self.certified_level_1


class MeetingQuerySet(UnitScopedQuerySet):
    def in_year(self, year):
        """Keep the meetings held in ``year``."""
        return self.filter(held_on__year=year)


class Meeting(VersionedModel):
    """A yearly analysis and exchange meeting (分析研判/经验交流)."""

    unit = models.ForeignKey("chuxiong_labor.Unit", verbose_name="组织单位", on_delete=models.PROTECT)
    held_on = models.DateField("日期")
    topic = models.CharField("主题", max_length=120)
    outcome = models.TextField("研判结果及转化措施")

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = "分析研判会议"
        verbose_name_plural = "分析研判会议"
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["held_on", "id"])]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.topic}"


class SlateStepQuerySet(UnitScopedQuerySet):
    def for_slate(self, round, unit):
        """Keep the steps ``unit`` recorded for its slate of ``round``."""
        return self.filter(round=round, unit=unit)


class SlateStep(NamesTheHolder, models.Model):
    """One dated step a unit takes before it submits its slate (附件1 三（三）: 单位推荐、部门审定、县市三方联席会议评选、
    社会公示). The public notice is the workflow's own unit notice; the other three are recorded here, each with the
    meeting's minutes as an optional attachment."""

    class Kind(models.TextChoices):
        UNIT_RECOMMENDATION = "unit_recommendation", "单位推荐"
        DEPARTMENT_REVIEW = "department_review", "部门审定"
        TRIPARTITE_MEETING = "tripartite_meeting", "县市协调劳动关系三方联席会议评选"

    round = models.ForeignKey(
        "chuxiong_labor.NominationRound", verbose_name="选树年度", on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey("chuxiong_labor.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("程序", max_length=24, choices=Kind.choices)
    held_on = models.DateField("日期")
    note = models.CharField("情况说明", max_length=300, blank=True)
    minutes = models.FileField("会议纪要（可选）", upload_to="slate_minutes/%Y/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = SlateStepQuerySet.as_manager()

    class Meta:
        verbose_name = "推荐程序"
        verbose_name_plural = "推荐程序"
        ordering = ["round", "unit__sort_order", "held_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["round", "unit", "kind"], name="one_step_of_each_kind")]

    def __str__(self):
        return f"{self.unit} {self.get_kind_display()}（{self.held_on:%Y-%m-%d}）"


class ProgressReportQuerySet(UnitScopedQuerySet):
    def in_year(self, year):
        """Keep the progress reports of ``year``."""
        return self.filter(year=year)


class ProgressReport(VersionedModel):
    """A unit's yearly report on its gold-coordinator work (附件1 三（四）: 每年8月底，各县市协调劳动关系三方办公室将工作
    推进情况报州级协调劳动关系三方办公室): the unit submits it, the prefecture office accepts or returns it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已报送（待审核）"
        RETURNED = "returned", "已退回"
        ACCEPTED = "accepted", "已审核通过"

    # status → the statuses it may move to: the unit submits (again after a return), the prefecture decides.
    TRANSITIONS = {
        Status.DRAFT: (Status.SUBMITTED,),
        Status.RETURNED: (Status.SUBMITTED,),
        Status.SUBMITTED: (Status.ACCEPTED, Status.RETURNED),
        Status.ACCEPTED: (),
    }

    unit = models.ForeignKey("chuxiong_labor.Unit", verbose_name="报送单位", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    progress = models.TextField("工作推进情况")
    problems = models.TextField("存在问题", blank=True)
    practices = models.TextField("经验做法", blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    first_submitted_at = models.DateTimeField("首次报送时间", null=True, blank=True)
    submitted_at = models.DateTimeField("最近报送时间", null=True, blank=True)
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

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        verbose_name = "工作推进情况报告"
        verbose_name_plural = "工作推进情况报告"
        ordering = ["-year", "unit__sort_order"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="one_progress_report_per_unit_year")]

    def __str__(self):
        return f"{self.unit}{self.year}年打造金牌劳动关系协调员工作推进情况"

    def get_absolute_url(self):
        return reverse("coordinators:progress_report_detail", args=[self.pk])

    @property
    def is_editable(self):
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


def slate_steps(round, units):
    """Return ``{unit pk: [(kind label, step or notice or None)]}``: each of ``units``' four steps before its slate
    of ``round`` — the three recorded ``SlateStep``s and its own public notice (社会公示), in the text's order."""
    steps = {(s.unit_id, s.kind): s for s in SlateStep.objects.filter(round=round, unit__in=units)}
    notices = {}
    for notice in PublicNotice.objects.filter(round=round, level=Level.UNIT, unit__in=units).order_by("starts_on"):
        notices.setdefault(notice.unit_id, notice)
    return {
        unit.pk: [(label, steps.get((unit.pk, kind))) for kind, label in SlateStep.Kind.choices]
        + [("社会公示", notices.get(unit.pk))]
        for unit in units
    }


class CandidateQuerySet(NominationQuerySet):
    def with_people(self):
        """Load the coordinator, employer and unit with each candidate."""
        return self.select_related("coordinator", "coordinator__employer", "unit", "round")

    def counts_by_unit(self, year):
        """Return ``{unit pk: {"candidates", "submitted", "approved", "selected", "awarded"}}`` for ``year``."""
        picked = [Status.SELECTED, Status.RECOMMENDED, Status.AWARDED, Status.NOT_AWARDED]
        rows = (
            self.in_year(year)
            .values("unit")
            .annotate(
                candidates=Count("pk"),
                submitted=Count("pk", filter=~Q(status=Status.DRAFT)),
                approved=Count("pk", filter=Q(status__in=APPROVED_OR_LATER)),
                selected=Count("pk", filter=Q(status__in=picked)),
                awarded=Count("pk", filter=Q(status=Status.AWARDED)),
            )
        )
        return {row.pop("unit"): row for row in rows}


class Nomination(VersionedModel, NominationBase):
    """A coordinator put forward for the gold-coordinator title in one year's round."""

    STR_RELATED = ("coordinator",)  # what __str__ reads (the 待办 fetches it with the records)

    measure = "名"

    coordinator = models.ForeignKey(
        Coordinator, verbose_name="协调员", on_delete=models.PROTECT, related_name="nominations"
    )
    achievements = models.TextField(
        "主要业绩评价", help_text="请按照评价标准有关内容填写；内容较多时，推荐表会自动续印在附页上。"
    )
    certificate_no = models.CharField("省级证书编号", max_length=40, blank=True)
    years_at_submission = models.PositiveSmallIntegerField(
        "报送时从事本职业或相关职业年限", null=True, blank=True, editable=False
    )
    entered_at = models.DateTimeField("录入时间", auto_now_add=True)

    objects = CandidateQuerySet.as_manager()

    yearly_limits = (YearlyLimit(Action.SELECT, fewest=15, most=15, text="每年在全州范围内选树金牌劳动关系协调员15名"),)

    class Meta:
        verbose_name = "金牌协调员候选人"
        verbose_name_plural = "金牌协调员候选人"
        ordering = ["unit__sort_order", "pk"]
        indexes = [models.Index(fields=["round", "unit", "id"])]
        constraints = [
            models.UniqueConstraint(fields=["round", "coordinator"], name="unique_coordinator_per_round"),
        ]

    def __str__(self):
        return self.coordinator.name

    def get_absolute_url(self):
        return reverse("coordinators:nomination_detail", args=[self.pk])

    def snapshot(self):
        person = self.coordinator
        return {
            "姓名": person.name,
            "性别": person.get_gender_display(),
            "出生年月": f"{person.born_on:%Y年%m月}",
            "单位及岗位": f"{person.employer_display} {person.post}".strip(),
            "从事职业": person.occupation,
            "从事本职业或相关职业起始日期": f"{written(person.occupation_since)}",
            "主要业绩评价": self.achievements,
        }

    def record_step(self, action, *, today):
        """Keep the years in the occupation as of the unit's submission: the form prints them, whenever printed."""
        if action != Action.SUBMIT:
            return []
        self.years_at_submission = self.coordinator.years_in_occupation(today)
        return ["years_at_submission"]

    def transition_problems(self, action, *, today):
        problems = super().transition_problems(action, today=today)
        if action == Action.SUBMIT:
            problems += self.eligibility_problems(today)
        if action == Action.AWARD and not self.certificate_no.strip():
            problems.append(f"请先填写{self.coordinator.name}的“云南省金牌劳动关系协调员”证书编号，再登记评定通过。")
        return problems

    def eligibility_problems(self, today=None):
        """Return Chinese sentences saying why the candidate does not meet annex 1's conditions."""
        today = today or date.today()
        years = self.coordinator.years_in_occupation(today)
        if years < MIN_YEARS_IN_OCCUPATION:
            return [
                f"{self.coordinator.name}累计从事本职业或相关职业{years}年，不满{MIN_YEARS_IN_OCCUPATION}年，"
                "不符合评选条件；请核对“从事本职业或相关职业起始日期”。"
            ]
        return []

    def notice_line(self):
        person = self.coordinator
        return (
            f"{person.name}，{person.get_gender_display()}，{person.employer_display}{person.post}（{self.unit}推荐）"
        )

    def duplicates(self):
        """Return other candidates of the same year who are the same person (ID, or name + birth + employer)."""
        person = self.coordinator
        same = Q(coordinator__name=person.name, coordinator__born_on=person.born_on)
        if person.employer_id:
            same &= Q(coordinator__employer_id=person.employer_id)
        else:
            same &= Q(coordinator__employer_name=person.employer_name)
        if person.resident_id:
            same |= Q(coordinator__resident_id=person.resident_id)
        return Nomination.objects.filter(same, round=self.round).exclude(pk=self.pk)

    def earlier_awards(self):
        """Return this person's awards of earlier years (by ID, or name + birth + employer)."""
        person = self.coordinator
        same = Q(coordinator__name=person.name, coordinator__born_on=person.born_on) & (
            Q(coordinator__employer_id=person.employer_id)
            if person.employer_id
            else Q(coordinator__employer_name=person.employer_name)
        )
        if person.resident_id:
            same |= Q(coordinator__resident_id=person.resident_id)
        return Nomination.objects.filter(same, status=Status.AWARDED).exclude(round=self.round)


def slate_minimum(unit, year):
    """Return ``(quota, minimum slate size)`` for ``unit`` in ``year``: the slate holds ≥ ceil(1.5 × quota)."""
    quota = quotas.target_value(QUOTA_CODE, unit, year)
    return quota, minimum_slate(quota)


def minimum_slate(quota):
    """Return the fewest candidates a slate for ``quota`` may hold: ceil(1.5 × quota), 0 without a quota."""
    if quota is None:
        return 0
    return int((quota * SLATE_FACTOR).to_integral_value(rounding=ROUND_CEILING))


def has_coordinator():
    """Return the filter of enterprises with a coordinator in post: one that works there (its employer) or one
    registered as serving it (「大中型企业配备劳动关系协调员至少1名」 counts both)."""
    active = Coordinator.objects.active()
    served = Service.objects.filter(coordinator__in=active).values("enterprise")
    employing = active.exclude(employer__isnull=True).values("employer")
    return Q(pk__in=served) | Q(pk__in=employing)


@dataclass(frozen=True)
class CoverageCell:
    """Enterprises of one county and size class, and how many of them have a coordinator."""

    total: int
    covered: int

    @property
    def percent(self):
        """The share covered, in per cent, rounded half up to one decimal (``None`` without enterprises)."""
        if not self.total:
            return None
        return (Decimal(self.covered) * 100 / self.total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Share:
    """One row of the text's yearly split of the 15 (州本级 counts its member units' candidates)."""

    label: str
    target: Decimal
    at_least: bool
    selected: int

    @property
    def short(self):
        return self.selected < self.target


def selection_shares(year, counts, units):
    """Return each unit's ``Share`` of the year's 15 gold coordinators, from ``counts_by_unit(year)`` of ``units``
    (every unit that owns records).

    The text fixes 2 for 州本级, 楚雄市, 禄丰市 and 大姚县 and at least 1 for each other county; 州本级's selected
    are those of the prefecture office and the four member units together. A unit below its share is a warning on
    the year page (no single step can enforce it)."""
    targets = (
        quotas.Target.objects.cells()
        .filter(programme__code=SHARE_CODE)
        .for_year(year)
        .select_related("unit", "programme__cycle")
        .order_by("-programme__cycle__start_year", "row")
    )
    rows, cycle = [], None
    for target in targets:
        if cycle is not None and target.programme.cycle_id != cycle:
            break
        cycle = target.programme.cycle_id
        if target.unit is None:
            continue
        if target.unit.kind == Unit.Kind.PREFECTURE_OFFICE:
            prefecture_level = (Unit.Kind.PREFECTURE_OFFICE, Unit.Kind.MEMBER_UNIT)
            selected = sum(counts.get(u.pk, {}).get("selected", 0) for u in units if u.kind in prefecture_level)
        else:
            selected = counts.get(target.unit_id, {}).get("selected", 0)
        rows.append(Share(target.unit_label, target.value, target.comparator == "min", selected))
    return rows


# The history never holds a full resident ID: it is shown to roles that may not see one.
track(Coordinator, mask_fields=["resident_id"], mask_callable="chuxiong_labor.resident_id.mask")
for _model in (StatusChange, Service, TrainingBatch, Meeting, SlateStep, ProgressReport):
    track(_model)
track_nomination(Nomination)
