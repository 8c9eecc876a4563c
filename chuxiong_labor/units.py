"""Units: the bodies that own records and hold quotas."""

from django.db import models
from django.db.models import Q

from .lib.concurrency import VersionedModel
from .scoping import SharedQuerySet


class UnitQuerySet(SharedQuerySet):
    def counties(self):
        """Keep the county-level tripartite offices."""
        return self.filter(kind=Unit.Kind.COUNTY_OFFICE)

    def member_units(self):
        """Keep the four prefecture member units."""
        return self.filter(kind=Unit.Kind.MEMBER_UNIT)

    def owning_records(self):
        """Keep the units that enter records of their own (counties and member units)."""
        return self.exclude(kind=Unit.Kind.PREFECTURE_OFFICE)

    def in_table_order(self):
        """Order units as the plan's tables do: the counties, 州本级 (the prefecture office), the member units."""
        order = models.Case(
            models.When(kind=Unit.Kind.COUNTY_OFFICE, then=0),
            models.When(kind=Unit.Kind.PREFECTURE_OFFICE, then=1),
            default=2,
        )
        return self.order_by(order, "sort_order", "pk")

    def by_name(self, name):
        """Return the unit called ``name`` in any of the ways the seed or the users write it, or ``None``."""
        name = (name or "").strip()
        if not name:
            return None
        match = self.filter(Q(name=name) | Q(short_name=name) | Q(seed_name=name)).first()
        if match is None:
            for unit in self.all():
                if name in unit.alias_list():
                    return unit
        return match


class Unit(VersionedModel):
    class Kind(models.TextChoices):
        COUNTY_OFFICE = "county", "县（市）三方办"
        PREFECTURE_OFFICE = "prefecture", "州三方办"
        MEMBER_UNIT = "member", "州级成员单位"

    name = models.CharField("全称", max_length=80, unique=True)
    short_name = models.CharField("简称", max_length=20, unique=True)
    # The name the seed's tables use for this unit (楚雄市, 州人社局, 州本级).
    seed_name = models.CharField("文件中的名称", max_length=20, blank=True)
    aliases = models.CharField("其他写法", max_length=200, blank=True, help_text="用逗号分隔，如“楚雄”")
    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    region = models.ForeignKey("chuxiong_labor.Region", verbose_name="所在区划", on_delete=models.PROTECT)
    contact_person = models.CharField("联系人", max_length=40, blank=True)
    contact_phone = models.CharField("联系电话", max_length=40, blank=True)
    contact_email = models.EmailField("联系邮箱", blank=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["sort_order", "id"]

    def __str__(self):
        return self.short_name

    def alias_list(self):
        """Return the other spellings of the unit's name."""
        return [item.strip() for item in self.aliases.replace("，", ",").split(",") if item.strip()]

    @property
    def label(self):
        """The name tables use for the unit: 州本级 for the prefecture office, the short name otherwise."""
        return self.seed_name if self.kind == self.Kind.PREFECTURE_OFFICE and self.seed_name else self.short_name

    @property
    def is_county(self):
        return self.kind == self.Kind.COUNTY_OFFICE
