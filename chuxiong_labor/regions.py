"""The region tree: province → prefecture → county-level units, with former codes kept as aliases."""

from django.db import models

from .lib.uniqueness import NamesTheHolder


class Region(NamesTheHolder, models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", "省"
        PREFECTURE = "prefecture", "州（市）"
        COUNTY = "county", "县（市、区）"

    code = models.CharField("行政区划代码", max_length=6, unique=True)
    name = models.CharField("名称", max_length=40)
    level = models.CharField("层级", max_length=12, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Materialised path of codes ("530000/532300/532301/") so a subtree is one indexed prefix filter.
    path = models.CharField("路径", max_length=120, editable=False, db_index=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["path"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.path = (self.parent.path if self.parent_id else "") + f"{self.code}/"
        super().save(*args, **kwargs)

    def is_within(self, other):
        """Return whether this region is ``other`` or lies below it."""
        return self.path.startswith(other.path)


class RegionAlias(NamesTheHolder, models.Model):
    """A former code or name of a region, still found in old ID numbers and credit codes (禄丰县 532331)."""

    region = models.ForeignKey(Region, verbose_name="现行政区划", on_delete=models.CASCADE, related_name="aliases")
    code = models.CharField("原代码", max_length=6, unique=True)
    name = models.CharField("原名称", max_length=40)

    class Meta:
        verbose_name = "行政区划曾用代码"
        verbose_name_plural = "行政区划曾用代码"

    def __str__(self):
        return f"{self.name}（{self.code}）→ {self.region.name}"


def region_for_code(code):
    """Return the region whose current or former code is the first six digits of ``code``, or ``None``."""
    prefix = (code or "")[:6]
    region = Region.objects.filter(code=prefix).first()
    if region is None:
        alias = RegionAlias.objects.select_related("region").filter(code=prefix).first()
        region = alias.region if alias else None
    return region
