"""The enterprise registry, shared by annexes 1, 4, 5 and 6."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from . import credit_code
from .lib.concurrency import VersionedModel
from .scoping import RegionScopedQuerySet


class Industry(models.TextChoices):
    """Sections of GB/T 4754-2017."""

    A = "A", "A 农、林、牧、渔业"
    B = "B", "B 采矿业"
    C = "C", "C 制造业"
    D = "D", "D 电力、热力、燃气及水生产和供应业"
    E = "E", "E 建筑业"
    F = "F", "F 批发和零售业"
    G = "G", "G 交通运输、仓储和邮政业"
    H = "H", "H 住宿和餐饮业"
    I = "I", "I 信息传输、软件和信息技术服务业"  # noqa: E741
    J = "J", "J 金融业"
    K = "K", "K 房地产业"
    L = "L", "L 租赁和商务服务业"
    M = "M", "M 科学研究和技术服务业"
    N = "N", "N 水利、环境和公共设施管理业"
    O = "O", "O 居民服务、修理和其他服务业"  # noqa: E741
    P = "P", "P 教育"
    Q = "Q", "Q 卫生和社会工作"
    R = "R", "R 文化、体育和娱乐业"
    S = "S", "S 公共管理、社会保障和社会组织"
    T = "T", "T 国际组织"


class SizeClass(models.TextChoices):
    LARGE = "large", "大型"
    MEDIUM = "medium", "中型"
    SMALL = "small", "小型"
    MICRO = "micro", "微型"


class Ownership(models.TextChoices):
    STATE = "state", "国有"
    COLLECTIVE = "collective", "集体"
    PRIVATE = "private", "私营"
    JOINT_STOCK = "joint_stock", "股份制"
    FOREIGN = "foreign", "外商投资"
    HK_MACAO_TW = "hmt", "港澳台商投资"
    OTHER = "other", "其他"


class EnterpriseQuerySet(RegionScopedQuerySet):
    def large_and_medium(self):
        """Keep large and medium enterprises."""
        return self.filter(size_class__in=[SizeClass.LARGE, SizeClass.MEDIUM])

    def small_and_micro(self):
        """Keep small and micro enterprises."""
        return self.filter(size_class__in=[SizeClass.SMALL, SizeClass.MICRO])

    def with_union(self):
        """Keep the enterprises that have set up a trade union."""
        return self.filter(has_union=True)

    def with_union_on(self, day):
        """Keep the enterprises that had a trade union on ``day``: one is recorded now or was dissolved since, it
        was founded by then (where the date is known), and not dissolved by then."""
        return self.filter(
            models.Q(has_union=True) | models.Q(union_dissolved_on__isnull=False),
            models.Q(union_founded_on__isnull=True) | models.Q(union_founded_on__lte=day),
            models.Q(union_dissolved_on__isnull=True) | models.Q(union_dissolved_on__gt=day),
        )

    def above_scale(self):
        """Keep the enterprises above the statistical scale (规模（限额）以上)."""
        return self.filter(is_above_scale=True)


class Enterprise(VersionedModel):
    name = models.CharField("企业名称", max_length=120)
    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True)
    credit_code_override_reason = models.CharField(
        "校验位例外说明",
        max_length=200,
        blank=True,
        help_text="仅州级系统管理员可填写：对校验不通过但真实有效的早期代码，说明核实情况后予以接受。",
    )
    credit_code_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="例外批准人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    credit_code_override_at = models.DateTimeField("例外批准时间", null=True, blank=True)
    registered_on = models.DateField("注册时间", null=True, blank=True)
    address = models.CharField("住所", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    region = models.ForeignKey("chuxiong_labor.Region", verbose_name="所在县（市）", on_delete=models.PROTECT)
    industry = models.CharField("行业门类", max_length=1, choices=Industry.choices, blank=True)
    size_class = models.CharField("企业规模", max_length=10, choices=SizeClass.choices, blank=True)
    ownership = models.CharField("登记注册类型", max_length=12, choices=Ownership.choices, blank=True)
    legal_rep_name = models.CharField("法定代表人姓名", max_length=40, blank=True)
    legal_rep_phone = models.CharField("法定代表人固定电话", max_length=40, blank=True)
    legal_rep_mobile = models.CharField("法定代表人移动电话", max_length=40, blank=True)
    legal_rep_email = models.EmailField("法定代表人电子邮箱", blank=True)
    liaison_name = models.CharField("联络员姓名", max_length=40, blank=True)
    liaison_phone = models.CharField("联络员固定电话", max_length=40, blank=True)
    liaison_mobile = models.CharField("联络员移动电话", max_length=40, blank=True)
    liaison_email = models.EmailField("联络员电子邮箱", blank=True)
    # Annexes 5 and 6: the enterprise's scale in the statistical sense, its union and new business forms.
    is_above_scale = models.BooleanField("规模（限额）以上", default=False)
    has_union = models.BooleanField("已建工会", default=False)
    union_founded_on = models.DateField("工会建立日期", null=True, blank=True)
    # Kept so that a year's bargaining rates count the enterprises that had a union then, not only today's.
    union_dissolved_on = models.DateField(
        "工会撤销日期", null=True, blank=True, help_text="工会撤销（注销）的，填撤销日期并取消勾选“已建工会”。"
    )
    is_new_business_form = models.BooleanField("新业态", default=False, help_text="快递、外卖、网约车等新业态用工企业")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = "企业"
        verbose_name_plural = "企业"
        ordering = ["name"]
        indexes = [models.Index(fields=["region", "name", "id"])]  # the enterprise list's order

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("enterprise_detail", args=[self.pk])

    def clean(self):
        self.credit_code = credit_code.normalize(self.credit_code)
        message = credit_code.problem(self.credit_code) if self.credit_code else None  # blank: the field says so
        if message and not self.credit_code_override_by_id:
            raise ValidationError({"credit_code": message})

    @property
    def has_credit_code_override(self):
        return bool(self.credit_code_override_by_id)
