from django import forms
from django.utils import timezone

from chuxiong_labor import credit_code
from chuxiong_labor.enterprises import Enterprise
from chuxiong_labor.forms import UnitChoiceMixin, name_row_fields, year_choices
from chuxiong_labor.lib.concurrency import VersionedModelForm
from chuxiong_labor.lib.spreadsheets import SpreadsheetFileField
from chuxiong_labor.units import Unit

from . import permissions
from .models import (
    BargainingRecord,
    ExperienceReport,
    GuidanceVisit,
    LayoffPerson,
    LayoffPlan,
    Lead,
    MonitoredEnterprise,
    MonitoringConfig,
    MonthlyFigures,
    Reason,
    RiskMeeting,
    Topic,
    WageSetting,
    WarningRule,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


class EnterpriseByCodeMixin:
    """The enterprise is named by its credit code and must be in the registry the user may see."""

    def clean_enterprise_code(self):
        code = credit_code.normalize(self.cleaned_data["enterprise_code"])
        enterprise = Enterprise.objects.visible_to(self.user).filter(credit_code=code).first()
        if enterprise is None:
            raise forms.ValidationError(
                "在您可查看的企业库中没有这个统一社会信用代码。请核对代码，或先在企业库中新增该企业。"
            )
        self.instance.enterprise = enterprise
        return code


ENTERPRISE_CODE = forms.CharField(label="企业统一社会信用代码", max_length=24, help_text="企业须已在企业库中。")


class MonitoredForm(UnitChoiceMixin, EnterpriseByCodeMixin, VersionedModelForm):
    enterprise_code = ENTERPRISE_CODE
    reasons = forms.MultipleChoiceField(
        label="纳入监测原因", choices=Reason.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = MonitoredEnterprise
        fields = [
            "unit",
            "year",
            "reasons",
            "added_on",
            "headcount_last_year_end",
            "job_policies",
            "liaison_officer",
            "liaison_phone",
        ]
        widgets = {"added_on": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["year"] = forms.TypedChoiceField(label="监测年度", choices=year_choices(), coerce=int)
        if self.instance.pk:
            del self.fields["enterprise_code"]
            del self.fields["unit"]
            self.fixed_unit = self.instance.unit
        else:
            self.setup_unit(user)
            self.fields["year"].initial = timezone.localdate().year
        self.order_fields(["enterprise_code", "unit", "year"])

    def clean_added_on(self):
        added_on = self.cleaned_data["added_on"]
        if added_on > timezone.localdate():
            raise forms.ValidationError("纳入日期不能晚于今天。")
        return added_on

    def clean(self):
        cleaned = super().clean()
        unit = self.chosen_unit()
        if unit is not None:
            self.instance.unit = unit
        enterprise = self.instance.enterprise if self.instance.enterprise_id else None
        year = cleaned.get("year")
        # An entry already on the list is checked again only when it moves to another year.
        if unit is not None and enterprise and year and year != self.instance.year:
            refusal = permissions.monitoring_refusal(unit, enterprise, year, exclude=self.instance.pk)
            if refusal:
                self.add_error("enterprise_code" if "enterprise_code" in self.fields else "year", refusal)
        return cleaned


class RemoveForm(forms.Form):
    removed_on = forms.DateField(label="调出日期", widget=DATE)
    reason = forms.CharField(label="调出原因", max_length=200)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean_removed_on(self):
        removed_on = self.cleaned_data["removed_on"]
        if removed_on > timezone.localdate():
            raise forms.ValidationError("调出日期不能晚于今天。")
        return removed_on


class UploadForm(UnitChoiceMixin, forms.Form):
    file = SpreadsheetFileField()
    unit = forms.ModelChoiceField(label="所属单位", queryset=Unit.objects.none())
    year = forms.TypedChoiceField(label="监测年度", coerce=int)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_unit(user)
        self.fields["year"].choices = year_choices()
        self.fields["year"].initial = timezone.localdate().year


class FiguresUploadForm(forms.Form):
    file = SpreadsheetFileField()


class BatchOpenForm(UnitChoiceMixin, forms.Form):
    unit = forms.ModelChoiceField(label="填报单位", queryset=Unit.objects.none())
    year = forms.TypedChoiceField(label="年度", coerce=int)
    month = forms.TypedChoiceField(label="月份", coerce=int, choices=[(m, f"{m}月") for m in range(1, 13)])

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_unit(user)
        self.fields["year"].choices = year_choices()
        today = timezone.localdate()
        self.fields["year"].initial, self.fields["month"].initial = today.year, today.month


FIGURE_FIELDS = [
    "headcount",
    "headcount_last_year_end",
    "hires",
    "separations",
    "layoffs",
    "wages_owed_yuan",
    "wages_owed_people",
    "wages_owed_months",
    "insurance_owed_yuan",
    "insurance_owed_months",
    "stoppage_days",
    "disputes",
    "dispute_people",
    "largest_dispute_people",
    "complaints",
    "complaint_people",
    "source_headcount",
    "source_flows",
    "source_arrears",
    "source_disputes",
]


class FiguresForm(forms.ModelForm):
    """One enterprise's row of the month's sheet."""

    class Meta:
        model = MonthlyFigures
        fields = FIGURE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control form-control-sm"

    def clean(self):
        cleaned = super().clean()
        layoffs, separations = cleaned.get("layoffs"), cleaned.get("separations")
        if layoffs is not None and separations is not None and layoffs > separations:
            self.add_error("layoffs", "裁减人数是减员人数的一部分，不能大于减员人数。")
        headcount, hires = cleaned.get("headcount"), cleaned.get("hires")
        if None not in (headcount, hires, separations) and headcount - hires + separations < 0:
            self.add_error("hires", "新招用人数大于期末人数加减员人数，期初人数将为负数，请核对。")
        return cleaned


class ReturnForm(forms.Form):
    reason = forms.CharField(label="退回原因", widget=TEXT)
    version = forms.IntegerField(widget=forms.HiddenInput)


class VisitForm(VersionedModelForm):
    class Meta:
        model = GuidanceVisit
        fields = ["visited_on", "visitors", "content", "next_step", "follow_up_on"]
        widgets = {"visited_on": DATE, "follow_up_on": DATE, "content": TEXT}

    def clean_visited_on(self):
        visited_on = self.cleaned_data["visited_on"]
        if visited_on > timezone.localdate():
            raise forms.ValidationError("指导日期不能晚于今天。")
        return visited_on


class LayoffPlanForm(VersionedModelForm):
    class Meta:
        model = LayoffPlan
        fields = [
            "workforce",
            "planned_cut",
            "actual_cut",
            "posts",
            "planned_on",
            "explained_on",
            "reported_on",
            *LayoffPlan.CHECKLIST,
            "funds_stated_yuan",
            "note",
        ]
        widgets = {"planned_on": DATE, "explained_on": DATE, "reported_on": DATE, "note": TEXT}


class LayoffPersonForm(forms.ModelForm):
    class Meta:
        model = LayoffPerson
        fields = ["name", "post", "service_months", "base_wage_yuan"]


class BaseLayoffPeopleFormSet(forms.BaseModelFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        name_row_fields(form, "新增行" if index is None else f"第{index + 1}行")


LayoffPeopleFormSet = forms.modelformset_factory(
    LayoffPerson, form=LayoffPersonForm, formset=BaseLayoffPeopleFormSet, extra=3, can_delete=True
)


class RuleForm(VersionedModelForm):
    class Meta:
        model = WarningRule
        fields = ["metric", "threshold", "level", "text", "days_to_close", "is_active"]

    def clean_threshold(self):
        threshold = self.cleaned_data["threshold"]
        if threshold <= 0:
            raise forms.ValidationError("阈值须大于零。")
        return threshold


class NewRuleForm(RuleForm):
    class Meta(RuleForm.Meta):
        fields = ["code", *RuleForm.Meta.fields]


class WageForm(VersionedModelForm):
    class Meta:
        model = WageSetting
        fields = ["kind", "year", "amount_yuan", "effective_on", "source"]
        widgets = {"effective_on": DATE}


class ConfigForm(VersionedModelForm):
    class Meta:
        model = MonitoringConfig
        fields = ["period_months"]


class LeadAssignForm(VersionedModelForm):
    class Meta:
        model = Lead
        fields = ["assignee", "assignee_phone", "due_on", "cases"]
        widgets = {"due_on": DATE, "cases": forms.CheckboxSelectMultiple}

    def __init__(self, *args, cases, may_extend, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_extend:
            # A unit cannot move its own time limit; only the prefecture office extends it.
            del self.fields["due_on"]
        self.fields["cases"].queryset = cases
        self.fields["cases"].help_text = "同一企业在调解台账中的案件（附件3）。"


class LeadActionForm(forms.Form):
    action = forms.ChoiceField(
        label="操作", choices=[("guide", "记录一对一指导服务"), ("escalate", "提交州三方办"), ("close", "办结")]
    )
    acted_on = forms.DateField(label="日期", widget=DATE, required=False)
    note = forms.CharField(label="内容", widget=TEXT)
    outcome = forms.CharField(label="办结情况（办结时填写）", widget=TEXT, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "close" and not (cleaned.get("outcome") or "").strip():
            self.add_error("outcome", "办结时请填写办结情况：问题如何解决、企业和职工的结果。")
        return cleaned


class MeetingForm(UnitChoiceMixin, VersionedModelForm):
    class Meta:
        model = RiskMeeting
        fields = ["unit", "held_on", "attendees", "analysis", "measures", "leads"]
        widgets = {"held_on": DATE, "attendees": TEXT, "analysis": TEXT, "measures": TEXT}

    def __init__(self, *args, user, leads, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["unit"]
            self.fixed_unit = self.instance.unit
        else:
            self.setup_unit(user)
        self.fields["leads"].queryset = leads
        self.fields["leads"].widget = forms.CheckboxSelectMultiple(choices=self.fields["leads"].choices)

    def clean(self):
        cleaned = super().clean()
        if self.chosen_unit() is not None:
            self.instance.unit = self.chosen_unit()
        if cleaned.get("held_on") and cleaned["held_on"] > timezone.localdate():
            self.add_error("held_on", "会商日期不能晚于今天。")
        return cleaned


class BargainingForm(UnitChoiceMixin, EnterpriseByCodeMixin, VersionedModelForm):
    enterprise_code = ENTERPRISE_CODE
    topics = forms.MultipleChoiceField(
        label="协商内容", choices=Topic.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = BargainingRecord
        fields = [
            "unit",
            "year",
            "has_system",
            "held_annual",
            "wage_contract_signed_on",
            "wage_contract_term_months",
            "wage_contract_filed_on",
            "has_women_provisions",
            "topics",
        ]
        widgets = {"wage_contract_signed_on": DATE, "wage_contract_filed_on": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["year"] = forms.TypedChoiceField(label="年度", choices=year_choices(), coerce=int)
        if self.instance.pk:
            del self.fields["enterprise_code"]
            del self.fields["unit"]
            self.fixed_unit = self.instance.unit
        else:
            self.setup_unit(user)
            self.fields["year"].initial = timezone.localdate().year
        self.order_fields(["enterprise_code", "unit", "year"])

    def clean(self):
        cleaned = super().clean()
        if self.chosen_unit() is not None:
            self.instance.unit = self.chosen_unit()
        year, unit = cleaned.get("year"), self.chosen_unit()
        # A record already kept is checked again only when it moves to another year.
        if unit is not None and self.instance.enterprise_id and year and year != self.instance.year:
            refusal = permissions.bargaining_refusal(unit, self.instance.enterprise, year, exclude=self.instance.pk)
            if refusal:
                self.add_error("enterprise_code" if "enterprise_code" in self.fields else "year", refusal)
        if cleaned.get("wage_contract_filed_on") and not cleaned.get("wage_contract_signed_on"):
            self.add_error("wage_contract_signed_on", "已填报送审查日期的，须填写工资专项集体合同签订日期。")
        return cleaned


class ExperienceForm(UnitChoiceMixin, VersionedModelForm):
    submit = forms.BooleanField(label="同时报送州三方办", required=False)

    class Meta:
        model = ExperienceReport
        fields = ["unit", "year", "title", "monitoring_practice", "bargaining_practice"]
        widgets = {"monitoring_practice": TEXT, "bargaining_practice": TEXT}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"] = forms.TypedChoiceField(label="年度", choices=year_choices(), coerce=int)
        if self.instance.pk:
            del self.fields["unit"]
            self.fixed_unit = self.instance.unit
            if self.instance.submitted_on:
                del self.fields["submit"]
        else:
            self.setup_unit(user)
            self.fields["year"].initial = timezone.localdate().year

    def clean(self):
        cleaned = super().clean()
        if self.chosen_unit() is not None:
            self.instance.unit = self.chosen_unit()
        if cleaned.get("submit"):
            self.instance.submitted_on = timezone.localdate()
        return cleaned
