"""The method note of annex 6's tables: the settings a table was computed with, stated with it.

A ``Method`` holds every setting that changes what a wage or labour-cost figure means — the primary-suppression
thresholds, the complement share of secondary suppression, the RSE mark and estimate, and the part-year rule — and writes the
note every table, page, download and booklet prints. ``Method.current()`` reads the settings in force (the internal
wage table, a draft); a publication records the method its tables were computed with (``Publication.method``) and
everything shown of it reads ``Method.of(publication)``, so a later change of a setting never rewrites what an
issued publication says about itself.
"""

from dataclasses import asdict, dataclass

from django.conf import settings

from .disclosure import Rules
from .wage_levels import DEFINITION, PART_YEAR_RULES, RSE_METHODS

UNIT_NOTE = "单位：元/年。"


@dataclass(frozen=True)
class Method:
    min_people: int
    min_enterprises: int
    max_share_pct: int
    min_complement_pct: int
    rse_mark_pct: int
    part_year_rule: str
    rse_rule: str = "clustered"  # how the median's RSE was estimated (wage_levels.RSE_METHODS)

    @classmethod
    def current(cls):
        """Return the method the settings in force give."""
        return cls(
            min_people=settings.PAY_MIN_PEOPLE,
            min_enterprises=settings.PAY_MIN_ENTERPRISES,
            max_share_pct=settings.PAY_MAX_ENTERPRISE_SHARE_PCT,
            min_complement_pct=settings.PAY_MIN_COMPLEMENT_PCT,
            rse_mark_pct=settings.PAY_RSE_MARK_PCT,
            part_year_rule=settings.PAY_PART_YEAR_RULE,
            rse_rule="clustered",
        )

    @classmethod
    def of(cls, publication):
        """Return the method ``publication`` records (its tables were computed with it); a setting it does not
        record (one added after it was computed) reads as in force now."""
        return cls(**{**cls.current().as_json(), **publication.method})

    def as_json(self):
        """Return the method as a publication records it."""
        return asdict(self)

    def rules(self):
        """Return the disclosure rules of this method."""
        return Rules(
            min_people=self.min_people,
            min_enterprises=self.min_enterprises,
            max_share_pct=self.max_share_pct,
            min_complement_pct=self.min_complement_pct,
        )

    def thresholds(self):
        """Return the thresholds as the open data states them."""
        return {
            "min_people": self.min_people,
            "min_enterprises": self.min_enterprises,
            "max_enterprise_share_pct": self.max_share_pct,
            "min_complement_pct": self.min_complement_pct,
            "rse_mark_pct": self.rse_mark_pct,
            "part_year_rule": self.part_year_rule,
        }

    @property
    def definition(self):
        return DEFINITION

    @property
    def rse_method(self):
        return RSE_METHODS[self.rse_rule]

    @property
    def part_year_note(self):
        return PART_YEAR_RULES[self.part_year_rule]

    @property
    def rse_note(self):
        return f"中位数相对标准误≥{self.rse_mark_pct}%的标注“※”，仅供参考。"

    @property
    def primary_note(self):
        return (
            f"人数少于{self.min_people}人、企业少于{self.min_enterprises}户、单户企业人数或工资总额占比超过"
            f"{self.max_share_pct}%的分组"
        )

    @property
    def disclosure_note(self):
        """The general statement printed with every public table (never which rule withheld which cell)."""
        return (
            "为保护调查对象的信息（《统计法》规定不得泄露能够识别或者推断单个调查对象的资料），部分分组不予公布，"
            f"以“—”表示：{self.primary_note}，以及可能据以推算出上述分组的其他分组（含与以前版本、其他地区和"
            "其他表格对照可推算的分组）。"
        )

    @property
    def internal_note(self):
        """The statement printed with the internal table (primary suppression only)."""
        return f"{self.primary_note}不予公布（内部表格：尚未做防推算的次级隐藏，不得对外提供）。"

    def note(self, *, public=True):
        """Return the whole method note: definition, part-year rule, reliability, disclosure, unit."""
        disclosure = self.disclosure_note if public else self.internal_note
        return self.definition + self.part_year_note + self.rse_method + disclosure + self.rse_note + UNIT_NOTE
