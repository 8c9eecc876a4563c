"""Monthly progress reports, done-marks of the plan's duties, reminders sent and circulars (通报)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from chuxiong_labor.lib.concurrency import VersionedModel
from chuxiong_labor.lib.history import track
from chuxiong_labor.lib.uniqueness import NamesTheHolder
from chuxiong_labor.roles import sees_all_units
from chuxiong_labor.scoping import UnitScopedQuerySet

OFFICE_NAME = "楚雄州协调劳动关系三方联席会议办公室"


class ReportingConfig(models.Model):
    """The prefecture office's switches for reporting; one row."""

    include_member_units = models.BooleanField(
        "州级成员单位也按月报送", default=False, help_text="开启后，州人社局等4家成员单位也须每月报送月报。"
    )
    reminder_days_before = models.PositiveSmallIntegerField(
        "提前提醒天数", default=3, help_text="在截止日期前多少天发送提醒邮件（并在截止次日提醒逾期）。"
    )
    office_heading = models.CharField("通报发文机关", max_length=60, default=OFFICE_NAME)

    class Meta:
        verbose_name = "月报设置"
        verbose_name_plural = "月报设置"

    def __str__(self):
        return "月报设置"

    @classmethod
    def get(cls):
        """Return the single settings row, creating it with the defaults."""
        config, _ = cls.objects.get_or_create(pk=1)
        return config


class MonthlyReportQuerySet(UnitScopedQuerySet):
    def in_year(self, year):
        """Keep the reports of ``year``."""
        return self.filter(year=year)

    def for_month(self, year, month):
        """Keep the reports of one month."""
        return self.filter(year=year, month=month)

    def submitted(self):
        """Keep the reports that have been submitted at least once."""
        return self.filter(first_submitted_at__isnull=False)

    def awaiting_review(self):
        """Keep the reports waiting for the prefecture office."""
        return self.filter(status=MonthlyReport.Status.SUBMITTED)


class MonthlyReport(VersionedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已报送（待审核）"
        RETURNED = "returned", "已退回"
        ACCEPTED = "accepted", "已审核通过"

    unit = models.ForeignKey(
        "chuxiong_labor.Unit", verbose_name="报送单位", on_delete=models.PROTECT, related_name="monthly_reports"
    )
    year = models.PositiveSmallIntegerField("年度")
    month = models.PositiveSmallIntegerField("月份")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    progress = models.TextField("工作进展情况", blank=True)
    problems = models.TextField("存在问题", blank=True)
    practices = models.TextField("好的经验做法", blank=True)
    figures = models.JSONField("报送时的各项数据", default=dict, blank=True)
    due_on = models.DateField("截止日期")
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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="填报人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = MonthlyReportQuerySet.as_manager()

    class Meta:
        verbose_name = "月报"
        verbose_name_plural = "月报"
        ordering = ["-year", "-month", "unit__sort_order"]
        indexes = [models.Index(fields=["-year", "-month", "unit"])]
        constraints = [models.UniqueConstraint(fields=["unit", "year", "month"], name="one_report_per_unit_month")]

    def __str__(self):
        return f"{self.unit}{self.year}年{self.month}月工作月报"

    def get_absolute_url(self):
        return reverse("reporting:report_detail", kwargs={"pk": self.pk})

    @property
    def is_editable(self):
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def days_late(self):
        """Return how many days after the due day the first submission arrived (0 on time), or ``None``."""
        if self.first_submitted_at is None:
            return None
        arrived = timezone.localtime(self.first_submitted_at).date()
        return max((arrived - self.due_on).days, 0)


class ReportTransitionQuerySet(UnitScopedQuerySet):
    unit_path = "report__unit"


class ReportTransition(models.Model):
    """One step of a report's workflow: who moved it, when, from what to what, and why."""

    report = models.ForeignKey(MonthlyReport, verbose_name="月报", on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField("原状态", max_length=10, choices=MonthlyReport.Status.choices)
    to_status = models.CharField("新状态", max_length=10, choices=MonthlyReport.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField("时间", default=timezone.now)
    reason = models.TextField("说明", blank=True)

    objects = ReportTransitionQuerySet.as_manager()

    class Meta:
        verbose_name = "月报流转记录"
        verbose_name_plural = "月报流转记录"
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.report}：{self.get_from_status_display()} → {self.get_to_status_display()}"


class DutyCompletionQuerySet(UnitScopedQuerySet):
    def for_occurrences(self, pairs):
        """Keep the marks of the given ``(duty pk, due_on)`` pairs."""
        pairs = list(pairs)
        if not pairs:
            return self.none()
        query = models.Q()
        for duty_id, due_on in pairs:
            query |= models.Q(duty_id=duty_id, due_on=due_on)
        return self.filter(query)


class DutyCompletion(NamesTheHolder, models.Model):
    """A unit's mark that it has done one occurrence of a dated duty."""

    unit = models.ForeignKey(
        "chuxiong_labor.Unit", verbose_name="单位", on_delete=models.CASCADE, related_name="duty_completions"
    )
    duty = models.ForeignKey(
        "chuxiong_labor.Duty", verbose_name="事项", on_delete=models.CASCADE, related_name="completions"
    )
    due_on = models.DateField("截止日期")
    done_on = models.DateField("完成日期", default=timezone.localdate)
    note = models.CharField("说明", max_length=200, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="标记人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField("标记时间", auto_now_add=True)

    objects = DutyCompletionQuerySet.as_manager()

    class Meta:
        verbose_name = "事项完成标记"
        verbose_name_plural = "事项完成标记"
        ordering = ["-due_on"]
        constraints = [models.UniqueConstraint(fields=["unit", "duty", "due_on"], name="one_mark_per_occurrence")]

    def __str__(self):
        return f"{self.unit}：{self.duty}（{self.due_on:%Y-%m-%d}）已完成"


class ReminderLog(NamesTheHolder, models.Model):
    """An e-mail reminder sent to a unit about one occurrence of a duty; it is never sent twice."""

    class Kind(models.TextChoices):
        BEFORE = "before", "到期前提醒"
        OVERDUE = "overdue", "逾期提醒"

    unit = models.ForeignKey("chuxiong_labor.Unit", verbose_name="单位", on_delete=models.CASCADE, related_name="+")
    duty = models.ForeignKey("chuxiong_labor.Duty", verbose_name="事项", on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField("截止日期")
    kind = models.CharField("类型", max_length=8, choices=Kind.choices)
    sent_on = models.DateField("发送日期")
    recipients = models.TextField("收件人", blank=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "提醒发送记录"
        verbose_name_plural = "提醒发送记录"
        ordering = ["-sent_on"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "duty", "due_on", "kind"], name="one_reminder_per_occurrence")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.unit} {self.duty}（{self.due_on:%Y-%m-%d}）"


class CircularQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Keep every circular for the prefecture office and leaders; issued ones only for unit staff."""
        if sees_all_units(user):
            return self
        if user.is_authenticated and user.is_active:
            return self.filter(status=Circular.Status.ISSUED)
        return self.none()

    def issued(self):
        """Keep the issued circulars."""
        return self.filter(status=Circular.Status.ISSUED)


class Circular(VersionedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        ISSUED = "issued", "已印发"

    year = models.PositiveSmallIntegerField("年度")
    month = models.PositiveSmallIntegerField("月份")
    number = models.CharField("文号", max_length=40, blank=True, help_text="如：楚三方办通〔2026〕5号")
    title = models.CharField("标题", max_length=120)
    introduction = models.TextField("导语", blank=True)
    late_section = models.TextField("一、月报报送情况", blank=True)
    behind_section = models.TextField("二、目标任务推进滞后情况", blank=True)
    behind_table = models.JSONField("推进滞后的单位和项目（起草时）", default=list, blank=True, editable=False)
    practice_section = models.TextField("三、好的经验做法", blank=True)
    closing = models.TextField("四、工作要求", blank=True)
    late_units = models.JSONField("起草时逾期或未报送的单位", default=list, blank=True)
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.DRAFT)
    issued_on = models.DateField("印发日期", null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="印发人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("起草时间", auto_now_add=True)

    objects = CircularQuerySet.as_manager()

    class Meta:
        verbose_name = "通报"
        verbose_name_plural = "通报"
        ordering = ["-year", "-month"]
        constraints = [models.UniqueConstraint(fields=["year", "month"], name="one_circular_per_month")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reporting:circular_detail", kwargs={"pk": self.pk})

    @property
    def sections(self):
        """Return the body as ``(heading, text, table rows)`` triples, in order, leaving out empty ones; the lagging
        section carries its unit × programme table."""
        fields = ["late_section", "behind_section", "practice_section", "closing"]
        return [
            (
                self._meta.get_field(name).verbose_name,
                getattr(self, name),
                self.behind_table if name == "behind_section" else [],
            )
            for name in fields
            if getattr(self, name) or (name == "behind_section" and self.behind_table)
        ]


for _model in (ReportingConfig, MonthlyReport, ReportTransition, DutyCompletion, Circular):
    track(_model)
