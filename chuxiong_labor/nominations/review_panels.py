"""Review panels: members of the tripartite units score candidates, each on their own, against criteria the
prefecture edits; a member with a conflict of interest declares it and is left out. Shared by annexes 2 and 3.

An app makes concrete models from the abstract ones here (its criteria, one score per member, criterion and
candidate, and the declared conflicts) and calls ``panel_result`` for the mean and the median of the members'
totals. The panel's mean is what the workflow records with the approval (``transition(..., score=)``).
"""

import statistics
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.conf import settings
from django.db import models, transaction

from ..lib.concurrency import VersionedModel
from ..lib.errors import ActionRefused
from ..lib.history import acting_as
from ..lib.uniqueness import NamesTheHolder
from ..roles import PANEL_MEMBERS, Role
from ..scoping import SharedQuerySet, UnitScopedQuerySet
from .models import NominationQuerySet
from .workflow import Status


def is_panel_member(user):
    """Return whether ``user`` sits on review panels (member units' staff and the prefecture office)."""
    return user.is_authenticated and user.is_active and user.role in PANEL_MEMBERS


def has_scored(panel, nomination, user):
    """Return whether ``user`` has filled in their sheet for ``nomination`` (scored, or declared a conflict)."""
    return (
        panel.score.objects.filter(nomination=nomination, member=user).exists()
        or panel.conflict.objects.filter(nomination=nomination, member=user).exists()
    )


def scored_by(panel, user, nominations):
    """Return the pks of ``nominations`` whose sheet ``user`` has filled in, in two queries."""
    ids = [nomination.pk for nomination in nominations]
    if not user.is_authenticated:
        return set()
    scored = panel.score.objects.filter(nomination_id__in=ids, member=user).values_list("nomination_id", flat=True)
    declared = panel.conflict.objects.filter(nomination_id__in=ids, member=user).values_list("nomination_id", flat=True)
    return {*scored, *declared}


class PanelNominationQuerySet(NominationQuerySet):
    def visible_to(self, user):
        """As for any unit's record; and the panel's members from the member units also see every candidate a
        county has submitted (they score it)."""
        if user.is_authenticated and user.is_active and user.role == Role.MEMBER_STAFF and user.unit_id:
            return self.filter(models.Q(unit=user.unit_id) | ~models.Q(status__in=[Status.DRAFT, Status.RETURNED]))
        return super().visible_to(user)


class PanelQuerySet(UnitScopedQuerySet):
    """Scores and conflicts belong to the candidate's unit."""

    unit_path = "nomination__unit"


class CriterionQuerySet(SharedQuerySet):
    def for_year(self, year):
        """Keep the criteria in force for the round of ``year`` (active, and within their years)."""
        return self.filter(
            models.Q(from_year__isnull=True) | models.Q(from_year__lte=year),
            models.Q(until_year__isnull=True) | models.Q(until_year__gte=year),
            is_active=True,
        )


class CriterionBase(VersionedModel):
    """A scoring criterion. Once a round has a score, the criteria it was scored against are frozen for it: a
    change then ends the old row with that round's year (``until_year``) and starts a new version the year
    after (``from_year``), so saved scores never sit under a changed heading (``save_criterion``)."""

    name = models.CharField("评分项目", max_length=60)
    description = models.CharField("评分要点", max_length=300, blank=True)
    max_points = models.DecimalField("满分", max_digits=5, decimal_places=1, default=Decimal(25))
    source = models.CharField("依据", max_length=120, blank=True)
    is_active = models.BooleanField("启用", default=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)
    from_year = models.PositiveSmallIntegerField("适用起始年度", null=True, blank=True)
    until_year = models.PositiveSmallIntegerField("适用截止年度", null=True, blank=True)

    objects = CriterionQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["sort_order", "id"]

    def __str__(self):
        return f"{self.name}（{self.max_points.normalize():f}分）"

    @property
    def years_label(self):
        """The years this version applies to, as the criteria page shows them."""
        if self.from_year is None and self.until_year is None:
            return "各年度"
        start = f"{self.from_year}年度起" if self.from_year else ""
        end = f"至{self.until_year}年度" if self.until_year else ""
        return f"{start}{end}" if start or end else "各年度"


# What a member scored against: a change to any of these after a score makes a new version.
SCORED_FIELDS = ("name", "description", "max_points", "source", "is_active")


def scored_through(panel):
    """Return the latest round year in which ``panel``'s criteria were scored, or ``None``."""
    return panel.score.objects.aggregate(year=models.Max("nomination__round__year"))["year"]


def save_criterion(criterion, *, panel):
    """Save ``criterion`` (new or changed); return ``(saved, frozen_year)``.

    When a round has scores, its criteria are frozen: a new criterion starts the year after, and a change to one
    in force that year ends the old row with that year and saves the change as a new version from the next
    year. ``frozen_year`` is that year when this happened, else ``None``. Call inside the caller's transaction.
    """
    frozen = scored_through(panel)
    if frozen is None:
        criterion.save()
        return criterion, None
    if criterion.pk is None:
        criterion.from_year = max(criterion.from_year or 0, frozen + 1)
        criterion.save()
        return criterion, frozen
    model = type(criterion)
    old = model.objects.select_for_update().get(pk=criterion.pk)
    if not model.objects.filter(pk=old.pk).for_year(frozen).exists():
        if old.until_year is not None and old.until_year < frozen:
            raise ActionRefused(
                f"该评分项目是旧版本，已用于{old.until_year}年度及以前的评分，不能修改；请修改现行版本。"
            )
        if criterion.is_active:
            # Reactivated or future: it must not reach back into a round already scored.
            criterion.from_year = max(criterion.from_year or 0, frozen + 1)
        criterion.save()
        return criterion, None
    if all(getattr(old, name) == getattr(criterion, name) for name in SCORED_FIELDS):
        criterion.save()  # the order of the rows only
        return criterion, None
    old.until_year = frozen
    old.save(update_fields=["until_year"])
    criterion.pk, criterion.id, criterion._state.adding = None, None, True
    criterion.from_year, criterion.until_year = frozen + 1, None
    criterion.save()
    return criterion, frozen


class PanelScoreBase(NamesTheHolder, models.Model):
    """One member's points on one criterion for one candidate. Apps add ``nomination`` and ``criterion``."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="评审人", on_delete=models.PROTECT, related_name="+"
    )
    points = models.DecimalField("得分", max_digits=5, decimal_places=1)
    scored_at = models.DateTimeField("评分时间", auto_now=True)

    objects = PanelQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.member}：{self.points}"


class ConflictBase(NamesTheHolder, models.Model):
    """A member's declared conflict of interest with one candidate; the member does not score it."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="评审人", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField("回避原因", max_length=200)
    declared_at = models.DateTimeField("申报时间", auto_now_add=True)

    objects = PanelQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.member}回避：{self.reason}"


def _one_decimal(value):
    return Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class PanelResult:
    """The members' totals for one candidate, and their mean and median (one decimal); ``quorum`` is how many
    members must have scored before the result counts (``is_complete``)."""

    totals: dict = field(default_factory=dict)
    conflicted: list = field(default_factory=list)
    quorum: int = 0

    @property
    def is_complete(self):
        return self.count >= self.quorum and self.count > 0

    @property
    def count(self):
        return len(self.totals)

    @property
    def mean(self):
        return _one_decimal(statistics.mean(self.totals.values())) if self.totals else None

    @property
    def median(self):
        return _one_decimal(statistics.median(self.totals.values())) if self.totals else None


def panel_result(scores, conflicts=(), *, quorum=0):
    """Return the ``PanelResult`` of ``scores`` (rows with ``member`` and ``points``), leaving out members who
    declared a conflict in ``conflicts``; the result is complete once ``quorum`` members have scored."""
    conflicted = {conflict.member_id for conflict in conflicts}
    totals = {}
    for score in scores:
        if score.member_id in conflicted:
            continue
        totals[score.member_id] = totals.get(score.member_id, Decimal(0)) + score.points
    return PanelResult(totals=totals, conflicted=sorted(conflicted), quorum=quorum)


def results_for(nominations, score_model, conflict_model):
    """Return ``{nomination pk: PanelResult}`` for ``nominations`` in two queries (three when their rounds were not
    fetched with them)."""
    nominations = list(nominations)
    models.prefetch_related_objects(nominations, "round")
    ids = [nomination.pk for nomination in nominations]
    quorums = {nomination.pk: nomination.round.panel_quorum for nomination in nominations}
    scores, conflicts = {}, {}
    for score in score_model.objects.filter(nomination_id__in=ids):
        scores.setdefault(score.nomination_id, []).append(score)
    for conflict in conflict_model.objects.filter(nomination_id__in=ids):
        conflicts.setdefault(conflict.nomination_id, []).append(conflict)
    return {pk: panel_result(scores.get(pk, []), conflicts.get(pk, []), quorum=quorums[pk]) for pk in ids}


class ScoreForm(forms.Form):
    """One member's scoring sheet for one candidate: points per criterion, or a declared conflict."""

    has_conflict = forms.BooleanField(label="本人与该候选对象存在利害关系，申请回避", required=False)
    conflict_reason = forms.CharField(label="回避原因", max_length=200, required=False)

    def __init__(self, *args, criteria, scores=None, conflict=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        given = {score.criterion_id: score.points for score in scores or []}
        for criterion in self.criteria:
            self.fields[f"points_{criterion.pk}"] = forms.DecimalField(
                label=str(criterion),
                help_text=criterion.description,
                min_value=0,
                max_value=criterion.max_points,
                decimal_places=1,
                required=False,
                initial=given.get(criterion.pk),
            )
        if conflict is not None:
            self.fields["has_conflict"].initial = True
            self.fields["conflict_reason"].initial = conflict.reason

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("has_conflict"):
            if not cleaned.get("conflict_reason", "").strip():
                self.add_error("conflict_reason", "申请回避时请写明与候选对象的利害关系。")
            return cleaned
        missing = [c.name for c in self.criteria if cleaned.get(f"points_{c.pk}") is None]
        if missing and not self.errors:
            raise forms.ValidationError(f"请为每个评分项目打分：{'、'.join(missing)}尚未填写。")
        return cleaned

    def points(self):
        """Return ``{criterion: points}`` as entered."""
        return {c: self.cleaned_data[f"points_{c.pk}"] for c in self.criteria}

    def declared_conflict(self):
        """Return the declared conflict's reason, or ``""`` when the member scores."""
        return self.cleaned_data["conflict_reason"].strip() if self.cleaned_data.get("has_conflict") else ""


def save_scoresheet(nomination, *, member, points, conflict_reason, score_model, conflict_model):
    """Save ``member``'s sheet for ``nomination``: their ``points`` per criterion, or, when ``conflict_reason``
    is given, their declared conflict (which withdraws any points they gave). Only a member the prefecture
    appointed to the round's panel may score."""
    if not nomination.round.is_panel_member(member):
        raise ActionRefused(f"您不是{nomination.round}评审组成员，不能评分；如需参加评审，请联系州三方办调整评审组。")
    with transaction.atomic(), acting_as(member):
        score_model.objects.filter(nomination=nomination, member=member).delete()
        conflict_model.objects.filter(nomination=nomination, member=member).delete()
        if conflict_reason:
            conflict_model.objects.create(nomination=nomination, member=member, reason=conflict_reason)
            return
        score_model.objects.bulk_create(
            [
                score_model(nomination=nomination, member=member, criterion=criterion, points=given)
                for criterion, given in points.items()
            ]
        )
