from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import fields
from django.utils import timezone

from . import credit_code, roles
from .enterprises import Enterprise
from .lib.concurrency import VersionedModelForm
from .permissions import can_override_credit_code
from .quotas import PlanCycle
from .regions import Region
from .units import Unit

BLANK_CHOICE_LABEL = "请选择"


def year_choices():
    """The years a record may be entered for: next year back to 2021, the plan's first."""
    this_year = timezone.localdate().year
    return [(year, f"{year}年") for year in range(this_year + 1, 2020, -1)]


class UnitChoiceMixin:
    """A form of records owned by a unit: unit staff always act for their own unit (the field goes); the
    prefecture office picks one of ``queryset`` (the units that own records by default). Call ``setup_unit(user)``
    in ``__init__``; ``chosen_unit()`` is the unit either way."""

    def setup_unit(self, user, queryset=None):
        if roles.is_unit_scoped(user):
            del self.fields["unit"]
            self.fixed_unit = user.unit
        else:
            self.fields["unit"].queryset = queryset if queryset is not None else Unit.objects.owning_records()
            self.fixed_unit = None

    def chosen_unit(self):
        return self.fixed_unit or self.cleaned_data.get("unit")


def use_chinese_blank_choice():
    """Show "请选择" instead of Django's "---------" as the empty choice of every select in the portal: the
    choice fields made from model fields (``BLANK_CHOICE_DASH``, changed in place because field methods hold it
    as a default argument) and every ``ModelChoiceField`` (its ``empty_label`` default)."""
    fields.BLANK_CHOICE_DASH[:] = [("", BLANK_CHOICE_LABEL)]
    forms.ModelChoiceField.__init__.__kwdefaults__["empty_label"] = BLANK_CHOICE_LABEL


def name_row_fields(form, row_label):
    """Give each field of a form shown as one row of a table the accessible name "<row> <column>": a table cell
    holds no <label>, yet screen readers need a name for every field (WCAG 1.3.1, 4.1.2)."""
    for field in form.fields.values():
        field.widget.attrs["aria-label"] = f"{row_label} {field.label}"


class CreditCodeField(forms.CharField):
    """A 统一社会信用代码 input. The server tidies what was typed or pasted (spaces, full-width characters, lower
    case) before any check, so the browser must not cut it short: the input allows 40 characters, and the length
    is judged on the tidied code (``credit_code.problem`` says what is wrong, in Chinese)."""

    INPUT_LENGTH = 40

    def __init__(self, **kwargs):
        kwargs.pop("max_length", None)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "maxlength": str(self.INPUT_LENGTH)}

    def to_python(self, value):
        return credit_code.normalize(super().to_python(value))


class EnterpriseForm(VersionedModelForm):
    accept_failing_check = forms.BooleanField(
        label="校验位不通过，但已核实为真实有效的代码，予以接受",
        required=False,
        help_text="仅州级系统管理员可见。必须在“校验位例外说明”中写明核实情况。",
    )

    class Meta:
        model = Enterprise
        fields = [
            "name",
            "credit_code",
            "registered_on",
            "region",
            "address",
            "postcode",
            "phone",
            "industry",
            "size_class",
            "ownership",
            "is_above_scale",
            "has_union",
            "union_founded_on",
            "union_dissolved_on",
            "is_new_business_form",
            "legal_rep_name",
            "legal_rep_phone",
            "legal_rep_mobile",
            "legal_rep_email",
            "liaison_name",
            "liaison_phone",
            "liaison_mobile",
            "liaison_email",
            "credit_code_override_reason",
        ]
        widgets = {
            "registered_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "union_founded_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "union_dissolved_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        field_classes = {"credit_code": CreditCodeField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        regions = Region.objects.filter(level=Region.Level.COUNTY)
        if user.unit_id and user.unit.is_county:
            regions = regions.filter(pk=user.unit.region_id)
        self.fields["region"].queryset = regions
        self.fields["region"].empty_label = None if regions.count() == 1 else "请选择"
        self.may_override = can_override_credit_code(user)
        if not self.may_override:
            del self.fields["accept_failing_check"]
            del self.fields["credit_code_override_reason"]

    def clean(self):
        cleaned = super().clean()
        founded, dissolved = cleaned.get("union_founded_on"), cleaned.get("union_dissolved_on")
        if founded and dissolved and dissolved < founded:
            self.add_error("union_dissolved_on", "工会撤销日期早于建立日期，请核对。")
        if dissolved and cleaned.get("has_union"):
            self.add_error("has_union", "已填工会撤销日期：工会已撤销的，请取消勾选“已建工会”。")
        code = cleaned.get("credit_code")
        if not code:
            return cleaned
        message = credit_code.problem(code)
        if message is None:
            return cleaned
        if self.may_override and cleaned.get("accept_failing_check"):
            if not cleaned.get("credit_code_override_reason", "").strip():
                self.add_error("credit_code_override_reason", "接受校验不通过的代码时，必须写明核实情况。")
            return cleaned
        if self.instance.pk and self.instance.has_credit_code_override and code == self.instance.credit_code:
            return cleaned
        self.add_error("credit_code", message)
        return cleaned

    def _post_clean(self):
        # The model's own check would refuse an override that this form is about to record; the form has
        # already applied that rule with the user's rights in mind.
        if self.may_override and self.cleaned_data.get("accept_failing_check"):
            self.instance.credit_code_override_by = self.user
        super()._post_clean()


class PlanCycleForm(forms.ModelForm):
    copy_from = forms.ModelChoiceField(
        PlanCycle.objects.all(),
        label="沿用哪个周期的目标任务表结构",
        required=False,
        help_text="新周期会建立同样的表和时间节点（年度随新周期顺延），表中数值为0，待逐表填写。",
    )
    copy_values = forms.BooleanField(label="同时沿用原分解表的数值", required=False)

    class Meta:
        model = PlanCycle
        fields = ["name", "document", "start_year", "end_year"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", "结束年度不能早于起始年度。")
        if start and end and end - start > 9:
            self.add_error("end_year", "一个计划周期最长十年，请核对年度。")
        return cleaned


class PortalAuthenticationForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确，请重新输入。连续多次输错后，该账号将在本地址被暂时锁定。",
        "inactive": "该账号已停用，请联系州三方办的系统管理员。",
    }


class UnitContactForm(VersionedModelForm):
    class Meta:
        model = Unit
        fields = ["contact_person", "contact_phone", "contact_email"]
