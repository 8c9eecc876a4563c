from django import forms

from chuxiong_labor import roles
from chuxiong_labor.enterprises import Enterprise
from chuxiong_labor.lib.concurrency import VersionedModelForm
from chuxiong_labor.lib.spreadsheets import SpreadsheetFileField
from chuxiong_labor.nominations.forms import OrgNominationForm
from chuxiong_labor.permissions import enterprise_outside_unit
from chuxiong_labor.search import SearchSelect
from chuxiong_labor.units import Unit

from .models import (
    Case,
    Finding,
    HolidayCorrection,
    Inspection,
    MediationOrg,
    MediationSettings,
    Mediator,
    Nomination,
    WorkRuleItem,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _writable_units(user):
    if roles.is_unit_scoped(user):
        return Unit.objects.filter(pk=user.unit_id)
    return Unit.objects.owning_records()


class OrgForm(VersionedModelForm):
    class Meta:
        model = MediationOrg
        fields = [
            "unit",
            "name",
            "kind",
            "township",
            "enterprise",
            "established_on",
            "address",
            "contact_person",
            "contact_phone",
            "has_reception_room",
            "has_mediation_room",
            "has_computer",
            "has_printer",
            "has_copier",
            "other_equipment",
            "has_funding",
            "has_case_subsidy",
            "uses_national_platform",
            "has_electronic_ledger",
            "rules",
            "is_active",
            "note",
        ]
        widgets = {
            "established_on": DATE,
            "rules": forms.CheckboxSelectMultiple,
            "enterprise": SearchSelect("enterprise_choices"),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = _writable_units(user)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = None if roles.is_unit_scoped(user) else "请选择"
        self.fields["enterprise"].queryset = Enterprise.objects.visible_to(user).order_by("name")
        self.fields["rules"].queryset = WorkRuleItem.objects.filter(is_active=True)
        self.fields[
            "rules"
        ].help_text = "“六规范、五上墙”没有公开的统一清单，检查项目由州三方办维护，可增删修改；勾选本组织已落实的项目。"

    def clean(self):
        cleaned = super().clean()
        refusal = enterprise_outside_unit(cleaned.get("unit"), cleaned.get("enterprise"))
        if refusal and "enterprise" not in self.errors:
            self.add_error("enterprise", refusal)
        return cleaned


class MediatorForm(VersionedModelForm):
    class Meta:
        model = Mediator
        fields = ["name", "employment", "background", "phone", "trained_on", "is_active"]
        widgets = {"trained_on": DATE}


class CaseForm(VersionedModelForm):
    class Meta:
        model = Case
        fields = [
            "org",
            "number",
            "received_on",
            "form",
            "is_accepted",
            "applicant_side",
            "employee_party",
            "employee_phone",
            "worker_count",
            "employer_party",
            "enterprise",
            "claim_kind",
            "claim",
            "claimed_yuan",
            "mediator",
            "outcome",
            "closed_on",
            "agreement_on",
            "agreement_yuan",
            "performance",
            "followed_up_on",
            "performance_note",
            "note",
        ]
        widgets = {
            "received_on": DATE,
            "closed_on": DATE,
            "agreement_on": DATE,
            "followed_up_on": DATE,
            "org": SearchSelect("mediation:org_choices"),
            "enterprise": SearchSelect("enterprise_choices"),
            "mediator": SearchSelect(
                "mediation:mediator_choices",
                depends_on="org",
                attrs={"data-placeholder": "先选择调解组织，再从该组织的调解员中选择"},
            ),
            "claim": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "form": "口头申请的，调解组织应当场记录申请人基本情况、申请调解的争议事项、理由和时间（第十二条）。",
            "worker_count": "10人及以上就同一请求发生的争议为集体劳动争议（第七条），将单独标注。",
            "received_on": "15日调解期限自收到申请之日的次日起算。",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = MediationOrg.objects.visible_to(user).active()
        if roles.is_unit_scoped(user):
            orgs = orgs.filter(unit=user.unit)
        self.fields["org"].queryset = orgs.select_related("unit")
        self.fields["org"].empty_label = "请选择"
        self.fields["enterprise"].queryset = Enterprise.objects.visible_to(user).order_by("name")
        self.fields["enterprise"].help_text = "用人单位在企业库中的，请选择，便于按企业统计。"
        self.fields["mediator"].queryset = Mediator.objects.visible_to(user).active().select_related("org")
        self.fields["mediator"].label_from_instance = lambda mediator: f"{mediator.name}（{mediator.org}）"


class InspectionForm(VersionedModelForm):
    class Meta:
        model = Inspection
        fields = [
            "inspected_on",
            "inspectors",
            "summary",
            "needs_rectification",
            "rectification",
            "rectify_by",
            "rectified_on",
            "rectification_result",
        ]
        widgets = {
            "inspected_on": DATE,
            "rectify_by": DATE,
            "rectified_on": DATE,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "rectification": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        existing = {}
        if self.instance.pk:
            existing = {finding.item_id: finding for finding in self.instance.findings.all()}
        for item in self.items:
            finding = existing.get(item.pk)
            self.fields[f"result_{item.pk}"] = forms.ChoiceField(
                label=str(item),
                choices=[("", "未检查")] + Finding.Result.choices,
                required=False,
                initial=finding.result if finding else "",
                widget=forms.Select(attrs={"data-finding-result": ""}),
            )
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label="问题说明",
                max_length=200,
                required=False,
                initial=finding.note if finding else "",
                # The note sits in the item's table row, without a <label> of its own.
                widget=forms.TextInput(attrs={"aria-label": f"{item.name} 问题说明"}),
            )

    def findings(self):
        """Return ``[(item, result, note)]`` for the items given a result."""
        return [
            (item, self.cleaned_data[f"result_{item.pk}"], self.cleaned_data[f"note_{item.pk}"])
            for item in self.items
            if self.cleaned_data.get(f"result_{item.pk}")
        ]

    def finding_rows(self):
        return [(item, self[f"result_{item.pk}"], self[f"note_{item.pk}"]) for item in self.items]


class WorkRuleItemForm(VersionedModelForm):
    class Meta:
        model = WorkRuleItem
        fields = ["group", "name", "description", "source", "sort_order", "is_active"]


class HolidayCorrectionForm(forms.ModelForm):
    class Meta:
        model = HolidayCorrection
        fields = ["on", "is_working_day", "name", "source"]
        widgets = {"on": DATE}

    def clean_on(self):
        day = self.cleaned_data["on"]
        if not 2000 <= day.year <= 2099:
            raise forms.ValidationError("更正的日期须在2000年至2099年之间，请核对年份。")
        return day


class CaseImportForm(forms.Form):
    file = SpreadsheetFileField(label="台账文件（.xlsx、.xls 或 .csv）")


class NominationForm(OrgNominationForm):
    org_noun = "调解组织"

    class Meta:
        model = Nomination
        fields = ["org", "achievements"]
        widgets = {"org": SearchSelect("mediation:org_choices"), "achievements": forms.Textarea(attrs={"rows": 8})}


class WeekendRuleForm(forms.ModelForm):
    class Meta:
        model = MediationSettings
        fields = ["weekends_roll"]
