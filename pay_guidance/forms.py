from django import forms
from django.utils import timezone

from chuxiong_labor import credit_code
from chuxiong_labor.enterprises import Enterprise
from chuxiong_labor.forms import UnitChoiceMixin
from chuxiong_labor.lib.concurrency import VersionedModelForm
from chuxiong_labor.lib.spreadsheets import SpreadsheetFileField
from chuxiong_labor.permissions import enterprise_outside_unit
from chuxiong_labor.search import SearchSelect
from chuxiong_labor.units import Unit

from .models import (
    Demonstration,
    DemonstrationEvent,
    ServiceTopic,
    SkillGuidance,
    SurveyEnterprise,
    SurveyStatus,
    TargetedService,
    ThematicReport,
)
from .targets import ownership_refusal


def data_year_choices():
    this_year = timezone.localdate().year
    return [(year, f"{year}年度") for year in range(this_year, 2019, -1)]


def _compact(form):
    """Style the fields of a form shown inline in one row of a list page (small Bootstrap controls)."""
    for field in form.fields.values():
        is_select = isinstance(field.widget, forms.Select)
        field.widget.attrs["class"] = "form-select form-select-sm" if is_select else "form-control form-control-sm"


class SurveyUploadForm(UnitChoiceMixin, forms.Form):
    file = SpreadsheetFileField(
        label="调查数据文件（.xlsx、.xls 或 .csv）",
        help_text="职工薪酬表或企业人工成本表，可含多户企业；CSV 可为 UTF-8 或 GBK 编码。",
    )
    unit = forms.ModelChoiceField(label="调查单位", queryset=Unit.objects.none())
    year = forms.TypedChoiceField(label="数据年度", coerce=int)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_unit(user, Unit.objects.counties())
        self.fields["year"].choices = data_year_choices()
        self.fields["year"].initial = timezone.localdate().year - 1


class SampleForm(UnitChoiceMixin, forms.Form):
    unit = forms.ModelChoiceField(label="调查单位", queryset=Unit.objects.none())
    year = forms.TypedChoiceField(label="数据年度", coerce=int)
    enterprise_code = forms.CharField(label="企业统一社会信用代码", max_length=24)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.setup_unit(user, Unit.objects.counties())
        self.fields["year"].choices = data_year_choices()
        _compact(self)

    def clean_enterprise_code(self):
        code = credit_code.normalize(self.cleaned_data["enterprise_code"])
        self.enterprise = Enterprise.objects.visible_to(self.user).filter(credit_code=code).first()
        if self.enterprise is None:
            raise forms.ValidationError(
                "企业库中没有该信用代码的企业（或不在您的辖区），请先在企业库中登记或通过导入新增。"
            )
        return code


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", max_length=300, required=False)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class PublicationCreateForm(UnitChoiceMixin, forms.Form):
    unit = forms.ModelChoiceField(label="发布单位（选州三方办为全州发布）", queryset=Unit.objects.none())
    year = forms.TypedChoiceField(label="数据年度", coerce=int)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_unit(user, Unit.objects.exclude(kind=Unit.Kind.MEMBER_UNIT).in_table_order())
        self.fields["year"].choices = data_year_choices()
        # Published in the second quarter: the data year is last year.
        self.fields["year"].initial = timezone.localdate().year - 1
        _compact(self)


class TargetedServiceForm(VersionedModelForm):
    class Meta:
        model = TargetedService
        fields = ["survey", "served_on", "topic", "delivery", "content", "served_by"]
        # Found by search: at ×100 the prefecture sees some 10,000 surveyed enterprises, too many to list.
        widgets = {
            "survey": SearchSelect("pay_guidance:survey_choices"),
            "served_on": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {
            "survey": "输入企业名称或统一社会信用代码的一部分搜索；企业须已列入薪酬调查样本。",
            "delivery": "递送薪酬数据反馈报告时必填（服务主题选“薪酬数据反馈解读”）。",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survey"].queryset = SurveyEnterprise.objects.visible_to(user).select_related("enterprise")

    def clean(self):
        cleaned = super().clean()
        survey, topic = cleaned.get("survey"), cleaned.get("topic")
        if topic == ServiceTopic.FEEDBACK:
            if not cleaned.get("delivery"):
                self.add_error(
                    "delivery", "递送薪酬数据反馈报告，请选择送达方式（当面送达、邮寄、电子邮件或其他方式）。"
                )
            if survey is not None and survey.status != SurveyStatus.ACCEPTED:
                self.add_error("survey", "该企业的调查数据尚未州级验收，还没有反馈报告可以送达。")
        else:
            cleaned["delivery"] = ""
        return cleaned


class EnterpriseCodeMixin:
    """An enterprise chosen by its credit code among those the user may see."""

    def setup_enterprise(self, user, required=True):
        self.user = user
        self.fields["enterprise_code"] = forms.CharField(label="企业统一社会信用代码", max_length=24, required=required)
        if self.instance.pk and self.instance.enterprise_id:
            self.fields["enterprise_code"].initial = self.instance.enterprise.credit_code

    def clean_enterprise_code(self):
        code = credit_code.normalize(self.cleaned_data.get("enterprise_code", ""))
        if not code:
            self.instance.enterprise = None
            return code
        enterprise = Enterprise.objects.visible_to(self.user).filter(credit_code=code).first()
        if enterprise is None:
            raise forms.ValidationError("企业库中没有该信用代码的企业（或不在您的辖区），请先在企业库中登记。")
        self.instance.enterprise = enterprise
        return code

    def check_enterprise_unit(self, unit):
        """Refuse an enterprise outside ``unit``'s county (the office acting for a county picks its enterprise)."""
        refusal = enterprise_outside_unit(unit, self.instance.enterprise if self.instance.enterprise_id else None)
        if refusal and "enterprise_code" not in self.errors:
            self.add_error("enterprise_code", refusal)


class SkillGuidanceForm(UnitChoiceMixin, EnterpriseCodeMixin, VersionedModelForm):
    class Meta:
        model = SkillGuidance
        fields = ["unit", "kind", "topic", "held_on", "summary", "participants"]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["unit"]
            self.fixed_unit = self.instance.unit
        else:
            self.setup_unit(user)
        self.setup_enterprise(user, required=False)

    def clean(self):
        cleaned = super().clean()
        if self.instance.unit_id is None and self.chosen_unit():
            self.instance.unit = self.chosen_unit()
        self.check_enterprise_unit(self.chosen_unit())
        if cleaned.get("kind") == "guidance" and not cleaned.get("enterprise_code"):
            self.add_error("enterprise_code", "企业指导须填写所指导企业的信用代码。")
        return cleaned


class ThematicReportForm(VersionedModelForm):
    class Meta:
        model = ThematicReport
        fields = ["content"]


class DemonstrationForm(UnitChoiceMixin, EnterpriseCodeMixin, VersionedModelForm):
    class Meta:
        model = Demonstration
        fields = [
            "unit",
            "kind",
            "selected_on",
            "key_talent_pay",
            "performance_pay",
            "long_term_incentives",
            "practice",
        ]
        widgets = {"selected_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["unit"]
            self.fixed_unit = self.instance.unit
        else:
            self.setup_unit(user)
        self.setup_enterprise(user)

    def clean(self):
        cleaned = super().clean()
        if self.instance.unit_id is None and self.chosen_unit():
            self.instance.unit = self.chosen_unit()
        self.check_enterprise_unit(self.chosen_unit())
        refusal = ownership_refusal(
            cleaned.get("kind"), self.instance.enterprise if self.instance.enterprise_id else None
        )
        if refusal and "enterprise_code" not in self.errors:
            self.add_error("enterprise_code", refusal)
        return cleaned


class DemonstrationEventForm(VersionedModelForm):
    class Meta:
        model = DemonstrationEvent
        fields = ["kind", "held_on", "title", "summary"]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"})}


class FlagCorrectionForm(forms.Form):
    """The corrected figures of a flagged employee row (yearly amounts in yuan)."""

    months_worked = forms.IntegerField(label="工作月数", min_value=1, max_value=12)
    basic_yuan = forms.DecimalField(label="基本工资（元）", min_value=0, max_digits=16, decimal_places=2)
    bonus_yuan = forms.DecimalField(label="奖金（元）", min_value=0, max_digits=16, decimal_places=2)
    allowance_yuan = forms.DecimalField(label="津贴补贴（元）", min_value=0, max_digits=16, decimal_places=2)
    overtime_yuan = forms.DecimalField(label="加班工资（元）", min_value=0, max_digits=16, decimal_places=2)
    special_yuan = forms.DecimalField(label="特殊情况工资（元）", min_value=0, max_digits=16, decimal_places=2)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _compact(self)
