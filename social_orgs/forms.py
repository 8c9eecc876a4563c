from django import forms

from chuxiong_labor import credit_code, roles
from chuxiong_labor.concurrency import VersionedModelForm
from chuxiong_labor.units import Unit
from chuxiong_labor.workflow import Action, Status

from .models import Criterion, Nomination, Service, SocialOrg

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SocialOrgForm(VersionedModelForm):
    services = forms.MultipleChoiceField(
        label="提供的服务", choices=Service.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = SocialOrg
        fields = [
            "unit",
            "name",
            "credit_code",
            "kind",
            "registration_authority",
            "registered_on",
            "supervisor",
            "services",
            "services_note",
            "staff_count",
            "full_time_staff",
            "address",
            "contact_person",
            "contact_phone",
            "contact_email",
            "is_active",
            "note",
        ]
        widgets = {
            "registered_on": DATE,
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"credit_code": "社会组织由民政部门登记，统一社会信用代码以“5”开头。"}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if roles.is_unit_scoped(user):
            self.fields["unit"].queryset = Unit.objects.filter(pk=user.unit_id)
            self.fields["unit"].empty_label = None
        else:
            self.fields["unit"].queryset = Unit.objects.owning_records()

    def clean_credit_code(self):
        return credit_code.normalize(self.cleaned_data["credit_code"])

    def clean(self):
        cleaned = super().clean()
        code, kind = cleaned.get("credit_code"), cleaned.get("kind")
        implied = SocialOrg.kind_for_code(code or "")
        if implied and kind and implied != kind:
            self.add_error(
                "kind",
                f"统一社会信用代码第2位表示“{SocialOrg.Kind(implied).label}”，与所选类型不一致，请核对代码或类型。",
            )
        return cleaned


class NominationForm(VersionedModelForm):
    class Meta:
        model = Nomination
        fields = ["org", "achievements"]
        widgets = {"achievements": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, unit, round, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.unit, self.instance.round = unit, round
        taken = Nomination.objects.filter(round=round).exclude(pk=self.instance.pk).values("org")
        self.fields["org"].queryset = SocialOrg.objects.filter(unit=unit).active().exclude(pk__in=taken)
        self.fields["org"].empty_label = "请选择本县（市）登记的社会组织"


class ActionForm(forms.Form):
    action = forms.ChoiceField(label="操作", choices=Action.choices)
    opinion = forms.CharField(label="本级推荐意见", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    reason = forms.CharField(label="退回原因", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    return_to = forms.ChoiceField(
        label="退回至",
        choices=[("", "—")] + [(s, s.label) for s in (Status.RETURNED, Status.SUBMITTED)],
        required=False,
    )


class NoticeForm(forms.Form):
    starts_on = forms.DateField(label="公示开始日期", widget=DATE)
    ends_on = forms.DateField(label="公示结束日期", widget=DATE)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("starts_on") and cleaned.get("ends_on") and cleaned["ends_on"] < cleaned["starts_on"]:
            raise forms.ValidationError("公示结束日期不能早于开始日期，请改正。")
        return cleaned


class PlaqueForm(forms.ModelForm):
    class Meta:
        model = Nomination
        fields = ["plaque_number", "plaque_on"]
        widgets = {"plaque_on": DATE}

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("plaque_number", "").strip() and cleaned.get("plaque_on")):
            raise forms.ValidationError("授牌须填写授牌编号和授牌日期。")
        return cleaned


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["name", "description", "max_points", "source", "sort_order", "is_active"]
