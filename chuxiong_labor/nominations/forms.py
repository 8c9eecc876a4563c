"""The forms of the shared selection pages: actions, notices, objections, deadlines, extensions and criteria."""

from django import forms
from django.utils.html import format_html

from ..accounts import User
from ..lib.concurrency import VersionedModelForm
from ..roles import PANEL_MEMBERS
from ..units import Unit
from .models import DeadlineExtension, NominationRound, Objection
from .workflow import Action, Level, Status

DATE = {"type": "date"}


class ActionForm(forms.Form):
    action = forms.ChoiceField(label="操作", choices=Action.choices)
    opinion = forms.CharField(label="意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label="退回原因", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    return_to = forms.ChoiceField(
        label="退回至",
        required=False,
        choices=[("", "—"), (Status.RETURNED, Level.UNIT.label), (Status.SUBMITTED, "州三方办重新审核")],
    )


class NoticeForm(forms.Form):
    starts_on = forms.DateField(label="公示开始日期", widget=forms.DateInput(attrs=DATE))
    ends_on = forms.DateField(label="公示结束日期", widget=forms.DateInput(attrs=DATE))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("starts_on") and cleaned.get("ends_on") and cleaned["ends_on"] < cleaned["starts_on"]:
            raise forms.ValidationError("公示结束日期不能早于开始日期，请改正。")
        return cleaned


class ObjectionForm(forms.ModelForm):
    class Meta:
        model = Objection
        fields = ["entry", "received_on", "objector", "contact", "content"]
        widgets = {"received_on": forms.DateInput(attrs=DATE), "content": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, notice, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = notice.entries.all()
        self.fields["entry"].empty_label = "针对整个公示"


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(
        label="处理结果", choices=[(o.value, o.label) for o in Objection.Outcome if o != Objection.Outcome.PENDING]
    )
    resolution = forms.CharField(label="核实情况及处理理由", widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionForm(forms.ModelForm):
    class Meta:
        model = DeadlineExtension
        fields = ["level", "unit", "new_due_on", "reason"]
        widgets = {"new_due_on": forms.DateInput(attrs=DATE), "reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [(Level.UNIT, "县（市）或成员单位报送"), (Level.PREFECTURE, "州级推荐至省")]
        self.fields["unit"].queryset = Unit.objects.owning_records()


class RoundForm(forms.ModelForm):
    """A round's deadlines; each date's help cites the programme's own sentence (``Selection.deadline_sources``)."""

    class Meta:
        model = NominationRound
        fields = ["unit_due_on", "prefecture_due_on", "note"]
        widgets = {
            "unit_due_on": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "prefecture_due_on": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
        }

    def __init__(self, *args, sources=("", ""), **kwargs):
        super().__init__(*args, **kwargs)
        unit_source, prefecture_source = sources
        # The sentences are quoted from the plan: a document, which writes its dates out.
        self.fields["unit_due_on"].help_text = format_html("<q data-document>{}</q>", unit_source)
        self.fields["prefecture_due_on"].help_text = (
            format_html("<q data-document>{}</q>", prefecture_source) if prefecture_source else "方案未规定，可不填。"
        )


class PanelForm(forms.ModelForm):
    """The review panel the prefecture appoints for a round: members, chair and quorum."""

    class Meta:
        model = NominationRound
        fields = ["panel_members", "panel_chair", "panel_quorum"]
        widgets = {"panel_members": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        eligible = User.objects.filter(is_active=True, role__in=PANEL_MEMBERS).select_related("unit")
        eligible = eligible.order_by("unit__sort_order", "username")
        self.fields["panel_members"].queryset = eligible
        self.fields["panel_chair"].queryset = eligible
        self.fields["panel_members"].label_from_instance = _member_label
        self.fields["panel_chair"].label_from_instance = _member_label
        self.fields["panel_quorum"].min_value = 1


def _member_label(user):
    return f"{user}（{user.unit or user.get_role_display()}）"


class OrgNominationForm(VersionedModelForm):
    """The entry form of an organisation put forward (annexes 2 and 3): one of the unit's own active
    organisations that is not already a candidate of the round. Apps set ``Meta.model`` and ``org_noun``."""

    org_noun = "组织"

    def __init__(self, *args, unit, round, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.unit, self.instance.round = unit, round
        taken = self._meta.model.objects.filter(round=round).exclude(pk=self.instance.pk).values("org")
        orgs = self.fields["org"].queryset.model.objects.filter(unit=unit).active()
        self.fields["org"].queryset = orgs.exclude(pk__in=taken)
        self.fields["org"].empty_label = f"请选择本县（市）登记的{self.org_noun}"


def criterion_form(criterion_model):
    """Return the edit form of a panel's criteria."""
    return forms.modelform_factory(
        criterion_model,
        form=VersionedModelForm,
        fields=["name", "description", "max_points", "source", "sort_order", "is_active"],
    )
