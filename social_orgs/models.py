"""The registry of social organisations that coordinate labour relations (附件2), by county."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from chuxiong_labor import credit_code
from chuxiong_labor.lib.concurrency import VersionedModel
from chuxiong_labor.lib.history import track
from chuxiong_labor.nominations.models import NominationBase
from chuxiong_labor.nominations.review_panels import (
    ConflictBase,
    CriterionBase,
    PanelNominationQuerySet,
    PanelScoreBase,
)
from chuxiong_labor.nominations.workflow import Action, YearlyLimit
from chuxiong_labor.scoping import UnitScopedQuerySet

QUOTA_CODE = "social_org_quota"
GOLD_CODE = "social_org_gold"


class Service(models.TextChoices):
    """The public services 附件2 二（三） lists; an organisation offers several."""

    LEGAL_ADVICE = "legal", "劳动法律法规政策咨询"
    EMPLOYMENT = "employment", "劳动用工服务"
    PAY_GUIDANCE = "pay", "薪酬分配指导"
    MEDIATION = "mediation", "劳动纠纷调解"
    COUNSELLING = "counselling", "心理疏导"
    TRAINING = "training", "职业技能和劳动关系培训"
    OTHER = "other", "其他"


class SocialOrgQuerySet(UnitScopedQuerySet):
    def active(self):
        """Keep the organisations still operating."""
        return self.filter(is_active=True)


class SocialOrg(VersionedModel):
    class Kind(models.TextChoices):
        SOCIAL_GROUP = "group", "社会团体"
        NON_ENTERPRISE = "non_enterprise", "民办非企业单位（社会服务机构）"
        FOUNDATION = "foundation", "基金会"

    # The entity kind is the second character of a civil-affairs credit code (domain-rules §2).
    KIND_BY_CODE = {"1": Kind.SOCIAL_GROUP, "2": Kind.NON_ENTERPRISE, "3": Kind.FOUNDATION}

    unit = models.ForeignKey(
        "chuxiong_labor.Unit", verbose_name="所属县（市）或单位", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("社会组织名称", max_length=120)
    credit_code = models.CharField(
        "统一社会信用代码", max_length=18, unique=True, validators=[credit_code.validate_social_org_credit_code]
    )
    kind = models.CharField("组织类型", max_length=16, choices=Kind.choices)
    registration_authority = models.CharField("登记管理机关", max_length=60, help_text="如“楚雄市民政局”。")
    registered_on = models.DateField("登记日期", null=True, blank=True)
    supervisor = models.CharField("业务主管单位", max_length=60, blank=True)
    services = models.JSONField("提供的服务", default=list, blank=True)
    services_note = models.CharField("服务内容说明", max_length=200, blank=True)
    staff_count = models.PositiveIntegerField("工作人员数", default=0)
    full_time_staff = models.PositiveIntegerField("其中专职人员", default=0)
    address = models.CharField("地址", max_length=200, blank=True)
    contact_person = models.CharField("联系人", max_length=40, blank=True)
    contact_phone = models.CharField("联系电话", max_length=40, blank=True)
    contact_email = models.EmailField("联系邮箱", blank=True)
    is_active = models.BooleanField("正常运行", default=True)
    note = models.TextField("备注", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    # The history reads the stored service codes as their labels.
    history_choices = {"services": Service}
    objects = SocialOrgQuerySet.as_manager()

    class Meta:
        verbose_name = "协调劳动关系社会组织"
        verbose_name_plural = "协调劳动关系社会组织"
        ordering = ["unit__sort_order", "name"]
        indexes = [models.Index(fields=["unit", "name", "id"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("social_orgs:org_detail", args=[self.pk])

    def clean(self):
        self.credit_code = credit_code.normalize(self.credit_code)
        if self.full_time_staff > self.staff_count:
            raise ValidationError({"full_time_staff": "专职人员数不能多于工作人员总数，请核对。"})

    def service_labels(self):
        labels = dict(Service.choices)
        return [labels.get(value, value) for value in self.services]

    @classmethod
    def kind_for_code(cls, code):
        """Return the organisation kind a valid civil-affairs code implies, or ``None``."""
        code = credit_code.normalize(code)
        return cls.KIND_BY_CODE.get(code[1:2]) if code.startswith("5") else None


class Criterion(CriterionBase):
    """An item of the scoring standard (《云南省金牌协调劳动关系社会组织评选标准》), edited by the prefecture."""

    class Meta(CriterionBase.Meta):
        verbose_name = "社会组织评选标准"
        verbose_name_plural = "社会组织评选标准"


class Nomination(NominationBase, VersionedModel):
    STR_RELATED = ("org",)  # what __str__ reads (the 待办 fetches it with the records)
    org = models.ForeignKey(SocialOrg, verbose_name="社会组织", on_delete=models.PROTECT, related_name="nominations")
    achievements = models.TextField("主要工作业绩", help_text="按评选标准逐项填写；内容多的，推荐表中另附页。")
    plaque_number = models.CharField("授牌编号", max_length=40, blank=True)
    plaque_on = models.DateField("授牌日期", null=True, blank=True)
    entered_at = models.DateTimeField("录入时间", auto_now_add=True)

    objects = PanelNominationQuerySet.as_manager()

    # 附件2 三（三）：每年从候选名单中选树3—4家……并向省劳动关系三方办公室推荐2家.
    yearly_limits = (
        YearlyLimit(Action.SELECT, fewest=3, most=4, text="每年选树3—4家"),
        YearlyLimit(Action.RECOMMEND, fewest=2, most=2, text="每年向省推荐2家"),
    )

    class Meta:
        verbose_name = "金牌社会组织候选对象"
        verbose_name_plural = "金牌社会组织候选对象"
        ordering = ["unit__sort_order", "pk"]
        indexes = [models.Index(fields=["round", "unit", "id"])]
        constraints = [models.UniqueConstraint(fields=["round", "org"], name="unique_social_org_per_round")]

    def __str__(self):
        return self.org.name

    def get_absolute_url(self):
        return reverse("social_orgs:nomination_detail", args=[self.pk])

    def snapshot(self):
        org = self.org
        return {
            "社会组织": org.name,
            "统一社会信用代码": org.credit_code,
            "组织类型": org.get_kind_display(),
            "提供的服务": "、".join(org.service_labels()),
            "工作人员": str(org.staff_count),
            "主要工作业绩": self.achievements,
        }

    def transition_problems(self, action, *, today):
        problems = super().transition_problems(action, today=today)
        if action == Action.SUBMIT and not self.org.is_active:
            problems.append(f"“{self.org}”已停止运行，不能推荐。")
        return problems

    def notice_line(self):
        return f"{self.org.name}（{self.unit}推荐）"

    @property
    def has_plaque(self):
        return bool(self.plaque_number and self.plaque_on)


class PanelScore(PanelScoreBase):
    nomination = models.ForeignKey(Nomination, verbose_name="候选对象", on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, verbose_name="评分项目", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "评审评分"
        verbose_name_plural = "评审评分"
        constraints = [
            models.UniqueConstraint(fields=["nomination", "member", "criterion"], name="unique_social_org_score")
        ]


class Conflict(ConflictBase):
    nomination = models.ForeignKey(
        Nomination, verbose_name="候选对象", on_delete=models.CASCADE, related_name="conflicts"
    )

    class Meta:
        verbose_name = "评审回避"
        verbose_name_plural = "评审回避"
        constraints = [models.UniqueConstraint(fields=["nomination", "member"], name="unique_social_org_conflict")]


track(SocialOrg, exclude_fields=["nominations"])
track(Criterion)
track(Nomination, exclude_fields=["scores", "conflicts", "steps"])
track(PanelScore)
track(Conflict)
