"""Storage of the shared nomination workflow: rounds and their deadlines, extensions, the recorded steps, public
notices and objections. The rules live in ``workflow.py``.

A nominating app subclasses ``NominationBase`` for its candidates (a coordinator, a social organisation, a
mediation organisation): that gives it the round, the owning unit, the status and the recorded steps. The steps,
notice entries and objections point at any candidate through a generic relation, so the kernel needs no change
when an app adds its candidates.
"""

from auditlog.context import disable_auditlog
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from ..lib.history import track
from ..lib.uniqueness import NamesTheHolder
from ..roles import UNIT_STAFF, sees_all_units
from ..scoping import SharedQuerySet, UnitScopedQuerySet
from .workflow import REACHED, Action, Level, Status


class NominationProgramme(models.TextChoices):
    COORDINATOR = "coordinator", "金牌劳动关系协调员"
    SOCIAL_ORG = "social_org", "金牌协调劳动关系社会组织"
    MEDIATION_ORG = "mediation_org", "金牌劳动人事争议调解组织"


class NominationRound(NamesTheHolder, models.Model):
    programme = models.CharField("选树项目", max_length=20, choices=NominationProgramme.choices)
    year = models.PositiveSmallIntegerField("年度")
    # The source sentence of each deadline differs per programme: the selection's ``deadline_sources`` gives it.
    unit_due_on = models.DateField("县（市）及成员单位报送截止日期", null=True, blank=True)
    prefecture_due_on = models.DateField("州级推荐至省截止日期", null=True, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)
    # The review panel the prefecture appoints for the round (annexes 2 and 3: 成员单位组成评审组). Only its members
    # score; its result is shown once ``panel_quorum`` members have scored.
    panel_members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="评审组成员", blank=True, related_name="+"
    )
    panel_chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="评审组组长",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    panel_quorum = models.PositiveSmallIntegerField(
        "评审组有效评分人数", default=3, help_text="达到该人数评分后才显示评审结果（平均分、中位数）"
    )

    objects = SharedQuerySet.as_manager()

    class Meta:
        verbose_name = "选树年度"
        verbose_name_plural = "选树年度"
        ordering = ["-year", "programme"]
        constraints = [models.UniqueConstraint(fields=["programme", "year"], name="unique_round_per_programme_year")]

    def __str__(self):
        return f"{self.year}年度{self.get_programme_display()}选树"

    def deadline_for(self, level, unit=None):
        """Return the date by which ``level`` (for ``unit``) must act, extensions included; ``None`` if open."""
        due = self.unit_due_on if level == Level.UNIT else self.prefecture_due_on
        extensions = self.extensions.filter(level=level)
        if level == Level.UNIT:
            extensions = extensions.filter(unit=unit)
        latest = extensions.order_by("-new_due_on").values_list("new_due_on", flat=True).first()
        if latest is not None and (due is None or latest > due):
            return latest
        return due

    def is_panel_member(self, user):
        """Return whether ``user`` was appointed to this round's review panel."""
        return user.is_authenticated and self.panel_members.filter(pk=user.pk).exists()


class DeadlineExtensionQuerySet(UnitScopedQuerySet):
    pass


class DeadlineExtension(models.Model):
    round = models.ForeignKey(
        NominationRound, verbose_name="选树年度", on_delete=models.CASCADE, related_name="extensions"
    )
    level = models.CharField("延期的环节", max_length=12, choices=Level.choices, default=Level.UNIT)
    unit = models.ForeignKey(
        "chuxiong_labor.Unit",
        verbose_name="延期单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="县（市）或成员单位报送环节的延期须指定单位",
    )
    new_due_on = models.DateField("延期至")
    reason = models.TextField("延期理由")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="批准人", on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField("批准时间", auto_now_add=True)

    objects = DeadlineExtensionQuerySet.as_manager()

    class Meta:
        verbose_name = "截止日期延期"
        verbose_name_plural = "截止日期延期"
        ordering = ["-granted_at"]

    def __str__(self):
        who = self.unit or Level(self.level).label
        return f"{self.round}：{who}延期至{self.new_due_on:%Y-%m-%d}"


class TransitionQuerySet(models.QuerySet):
    def of(self, subject):
        """Keep the steps recorded for ``subject``."""
        return self.filter(content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk)


class Transition(models.Model):
    content_type = models.ForeignKey(ContentType, verbose_name="对象类型", on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField("对象编号")
    subject = GenericForeignKey("content_type", "object_id")
    round = models.ForeignKey(NominationRound, verbose_name="选树年度", on_delete=models.CASCADE, related_name="+")
    action = models.CharField("操作", max_length=12, choices=Action.choices)
    from_status = models.CharField("原状态", max_length=16, choices=Status.choices)
    to_status = models.CharField("新状态", max_length=16, choices=Status.choices)
    level = models.CharField("办理层级", max_length=12, choices=Level.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="办理人", on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("办理时间", auto_now_add=True)
    opinion = models.TextField("推荐意见", blank=True)
    reason = models.TextField("退回原因", blank=True)
    return_level = models.CharField("退回至", max_length=12, choices=Level.choices, blank=True)
    score = models.DecimalField("评审得分", max_digits=6, decimal_places=2, null=True, blank=True)
    # The candidate's fields as they stood at this step ({label: text}), and for a resubmission what changed
    # since the return ([{field, before, after}]).
    snapshot = models.JSONField("当时的内容", default=dict)
    changes = models.JSONField("退回后的修改", default=list)

    objects = TransitionQuerySet.as_manager()

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.get_action_display()}：{self.get_from_status_display()} → {self.get_to_status_display()}"


class PublicNoticeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Keep prefecture notices for everyone signed in, and a unit's own notices for its staff."""
        if sees_all_units(user):
            return self
        if user.is_authenticated and user.is_active and user.role in UNIT_STAFF and user.unit_id:
            return self.filter(Q(unit__isnull=True) | Q(unit=user.unit_id))
        return self.none()

    def covering(self, subject):
        """Keep the notices that list ``subject``."""
        content_type = ContentType.objects.get_for_model(subject)
        return self.filter(entries__content_type=content_type, entries__object_id=subject.pk).distinct()


class PublicNotice(models.Model):
    round = models.ForeignKey(
        NominationRound, verbose_name="选树年度", on_delete=models.CASCADE, related_name="notices"
    )
    level = models.CharField("公示层级", max_length=12, choices=Level.choices, default=Level.PREFECTURE)
    unit = models.ForeignKey(
        "chuxiong_labor.Unit",
        verbose_name="公示单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="州级公示不填",
    )
    starts_on = models.DateField("公示开始日期")
    ends_on = models.DateField("公示结束日期")
    text = models.TextField("公示内容")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发布人", on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField("发布时间", auto_now_add=True)

    objects = PublicNoticeQuerySet.as_manager()

    class Meta:
        verbose_name = "公示"
        verbose_name_plural = "公示"
        ordering = ["-starts_on", "-pk"]

    def __str__(self):
        who = self.unit or "州三方办"
        return f"{who}公示（{self.starts_on:%Y-%m-%d}至{self.ends_on:%Y-%m-%d}）"

    def has_ended(self, today):
        return self.ends_on < today


class NoticeEntry(models.Model):
    notice = models.ForeignKey(PublicNotice, verbose_name="公示", on_delete=models.CASCADE, related_name="entries")
    content_type = models.ForeignKey(ContentType, verbose_name="对象类型", on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField("对象编号")
    subject = GenericForeignKey("content_type", "object_id")
    line = models.CharField("公示中的表述", max_length=300)

    class Meta:
        verbose_name = "公示对象"
        verbose_name_plural = "公示对象"
        ordering = ["notice", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return self.line


class ObjectionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Keep every objection for prefecture-wide roles, and those on a unit's own notices for its staff."""
        if sees_all_units(user):
            return self
        if user.is_authenticated and user.is_active and user.role in UNIT_STAFF and user.unit_id:
            return self.filter(notice__unit=user.unit_id)
        return self.none()

    def about(self, subject):
        """Keep the objections concerning ``subject``: raised against it, or against a whole notice listing it."""
        content_type = ContentType.objects.get_for_model(subject)
        listed = Q(notice__entries__content_type=content_type, notice__entries__object_id=subject.pk)
        return self.filter(
            Q(entry__content_type=content_type, entry__object_id=subject.pk) | (Q(entry__isnull=True) & listed)
        ).distinct()

    def pending(self):
        """Keep the objections not yet resolved."""
        return self.filter(outcome=Objection.Outcome.PENDING)


class Objection(models.Model):
    class Outcome(models.TextChoices):
        PENDING = "pending", "待处理"
        UPHELD = "upheld", "异议成立"
        DISMISSED = "dismissed", "异议不成立"

    notice = models.ForeignKey(PublicNotice, verbose_name="公示", on_delete=models.CASCADE, related_name="objections")
    entry = models.ForeignKey(
        NoticeEntry,
        verbose_name="针对的公示对象",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="objections",
        help_text="不选表示针对整个公示",
    )
    received_on = models.DateField("收到日期")
    objector = models.CharField("反映人", max_length=60, blank=True, help_text="可匿名")
    contact = models.CharField("联系方式", max_length=60, blank=True)
    content = models.TextField("异议内容")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)
    outcome = models.CharField("处理结果", max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    resolution = models.TextField("核实情况及处理理由", blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="处理人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolved_at = models.DateTimeField("处理时间", null=True, blank=True)

    objects = ObjectionQuerySet.as_manager()

    class Meta:
        verbose_name = "公示异议"
        verbose_name_plural = "公示异议"
        ordering = ["received_on", "pk"]

    def __str__(self):
        about = self.entry.line if self.entry_id else "整个公示"
        return f"{self.received_on:%Y-%m-%d}对“{about}”的异议（{self.get_outcome_display()}）"


class NominationQuerySet(UnitScopedQuerySet):
    def in_year(self, year):
        """Keep the candidates of the round of ``year``."""
        return self.filter(round__year=year)

    def with_status(self, *statuses):
        """Keep the candidates in any of ``statuses``."""
        return self.filter(status__in=statuses)

    def submitted(self):
        """Keep the candidates their unit has submitted (any status past the draft)."""
        return self.exclude(status__in=[Status.DRAFT])

    def first_submissions(self):
        """Return the times these candidates were submitted, earliest first, as one column (a done check's query)."""
        return (
            Transition.objects.filter(
                content_type=ContentType.objects.get_for_model(self.model),
                object_id__in=self.values("pk"),
                action=Action.SUBMIT,
            )
            .order_by("at")
            .values("at")
        )


class NominationBase(models.Model):
    """A candidate of a nomination round, owned by the unit that nominates it. Apps subclass it."""

    round = models.ForeignKey(
        NominationRound, verbose_name="选树年度", on_delete=models.PROTECT, related_name="%(app_label)s_%(class)s_set"
    )
    unit = models.ForeignKey(
        "chuxiong_labor.Unit",
        verbose_name="推荐单位",
        on_delete=models.PROTECT,
        related_name="%(app_label)s_%(class)s_set",
    )
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.DRAFT)
    status_changed_at = models.DateTimeField("状态变更时间", null=True, blank=True)
    steps = GenericRelation(Transition, content_type_field="content_type", object_id_field="object_id")

    objects = NominationQuerySet.as_manager()

    # The measure word that counts candidates of this kind: 个 for organisations; people are counted in 名.
    measure = "个"

    class Meta:
        abstract = True

    def record_step(self, action, *, today):
        """Set the fields an app keeps as of ``action`` (taken ``today``) and return their names to save; the
        workflow calls it inside ``transition`` (annex 1 keeps the candidate's years in the occupation as of the
        unit's submission, so a reprinted form never changes)."""
        return []

    def snapshot(self):
        """Return ``{label: text}`` of the fields a reviewer compares after a return. Apps may extend it."""
        skipped = {"id", "round", "unit", "status", "status_changed_at", "version"}
        values = {}
        for field in self._meta.concrete_fields:
            if field.name in skipped:
                continue
            value = getattr(self, f"get_{field.name}_display")() if field.choices else getattr(self, field.name)
            values[str(field.verbose_name)] = "" if value is None else str(value)
        return values

    # The plan's yearly limits on steps of the workflow (``workflow.YearlyLimit``), checked by every transition.
    yearly_limits = ()

    def transition_problems(self, action, *, today):
        """Return Chinese sentences saying why ``action`` may not be taken now; apps extend it with their rules
        and keep the yearly limits checked here."""
        problems = []
        for limit in self.yearly_limits:
            if limit.action != action:
                continue
            others = type(self).objects.filter(round=self.round, status__in=REACHED[action]).exclude(pk=self.pk)
            problem = limit.problem(self, others.count())
            if problem:
                problems.append(problem)
        return problems

    def notice_line(self):
        """Return how the candidate is listed in a public notice."""
        return f"{self}（{self.unit}推荐）"

    @property
    def is_editable(self):
        """Whether the unit may still change the candidate (before submission, or after a return to it)."""
        return self.status in (Status.DRAFT, Status.RETURNED)


def open_round(programme, year, *, defaults):
    """Return ``programme``'s round of ``year``, opening it with the plan's default deadlines when it is new.

    Opening a round is bookkeeping done the first time anyone looks at or acts in that year, not a user's change,
    so it writes no history entry in that user's name; every later change of its deadlines is recorded.
    """
    round = NominationRound.objects.filter(programme=programme, year=year).first()
    if round is None:
        with disable_auditlog():
            round, _ = NominationRound.objects.get_or_create(programme=programme, year=year, defaults=defaults)
    return round


def track_nomination(model, **options):
    """Register a ``NominationBase`` subclass for change history (its recorded steps have their own table)."""
    options["exclude_fields"] = [*options.get("exclude_fields", []), "steps"]
    return track(model, **options)
