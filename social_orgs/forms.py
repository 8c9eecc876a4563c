from django import forms

from chuxiong_labor import roles
from chuxiong_labor.forms import CreditCodeField
from chuxiong_labor.lib.concurrency import VersionedModelForm
from chuxiong_labor.nominations.forms import OrgNominationForm
from chuxiong_labor.search import SearchSelect
from chuxiong_labor.units import Unit

from .models import Nomination, Service, SocialOrg

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
        field_classes = {"credit_code": CreditCodeField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if roles.is_unit_scoped(user):
            self.fields["unit"].queryset = Unit.objects.filter(pk=user.unit_id)
            self.fields["unit"].empty_label = None
        else:
            self.fields["unit"].queryset = Unit.objects.owning_records()

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


class NominationForm(OrgNominationForm):
    org_noun = "社会组织"

    class Meta:
        model = Nomination
        fields = ["org", "achievements"]
        widgets = {"org": SearchSelect("social_orgs:org_choices"), "achievements": forms.Textarea(attrs={"rows": 8})}


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
