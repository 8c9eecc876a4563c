from django import forms
from django.utils import timezone

from chuxiong_labor.enterprises import Enterprise
from chuxiong_labor.forms import CreditCodeField, UnitChoiceMixin, year_choices
from chuxiong_labor.lib.concurrency import VersionedModelForm
from chuxiong_labor.lib.spreadsheets import SpreadsheetFileField
from chuxiong_labor.permissions import enterprise_outside_unit
from chuxiong_labor.units import Unit

from .models import AnnualSummary, ExpertMember, Inclusion, ServiceRecord, earlier_inclusion


class RosterUploadForm(UnitChoiceMixin, forms.Form):
    file = SpreadsheetFileField(
        label="名册文件（.xlsx、.xls 或 .csv）",
        help_text="第一个工作表的表头须含“企业名称”“统一社会信用代码”，其余栏目按《新注册企业信息表》填写。",
    )
    unit = forms.ModelChoiceField(label="名册所属单位", queryset=Unit.objects.none())
    year = forms.TypedChoiceField(
        label="同时纳入年度计划",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="选择年度后，名册中的企业同时纳入本单位该年度的服务计划；只更新企业库时请留空。",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_unit(user)
        self.fields["year"].choices = [("", "不纳入，仅更新企业库"), *year_choices()]


class InclusionForm(UnitChoiceMixin, VersionedModelForm):
    enterprise_code = CreditCodeField(
        label="企业统一社会信用代码",
        help_text="企业须已在企业库中（可先导入名册或在企业库中新增）。",
    )

    class Meta:
        model = Inclusion
        fields = ["unit", "year", "department", "contact_person", "contact_phone", "is_demonstration", "note"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["year"] = forms.TypedChoiceField(label="纳入年度", choices=year_choices(), coerce=int)
        if self.instance.pk:
            del self.fields["enterprise_code"]
            del self.fields["unit"]
            self.fixed_unit = self.instance.unit
        else:
            self.setup_unit(user)
            self.fields["year"].initial = timezone.localdate().year
            if self.fixed_unit:
                self.fields["department"].initial = self.fixed_unit.name
                self.fields["contact_person"].initial = self.fixed_unit.contact_person
                self.fields["contact_phone"].initial = self.fixed_unit.contact_phone
        self.order_fields(["enterprise_code", "unit", "year"])

    def clean_enterprise_code(self):
        code = self.cleaned_data["enterprise_code"]
        enterprise = Enterprise.objects.visible_to(self.user).filter(credit_code=code).first()
        if enterprise is None:
            raise forms.ValidationError(
                "在您可查看的企业库中没有这个统一社会信用代码。请核对代码，或先导入名册、在企业库中新增该企业。"
            )
        return enterprise

    def clean(self):
        cleaned = super().clean()
        enterprise = cleaned.get("enterprise_code")
        year = cleaned.get("year")
        outside = enterprise_outside_unit(self.chosen_unit(), enterprise) if not self.instance.pk else ""
        if outside:
            self.add_error("enterprise_code", outside)
        elif not self.instance.pk and enterprise and year:
            existing = Inclusion.objects.filter(enterprise=enterprise, year=year).select_related("unit").first()
            if existing:
                self.add_error(
                    "enterprise_code",
                    f"该企业已由{existing.unit}纳入{year}年计划，同一企业每年只纳入一次；如需更换负责单位，请联系州三方办。",
                )
            earlier = earlier_inclusion(enterprise, year)
            if earlier and not existing:
                self.add_error(
                    "enterprise_code",
                    f"该企业已由{earlier.unit}纳入{earlier.year}年计划；同一企业在本轮计划期内只计一次，"
                    f"不能再纳入{year}年计划。",
                )
        if self.instance.pk and year and year != self.instance.year:
            clash = Inclusion.objects.filter(enterprise=self.instance.enterprise, year=year).exclude(
                pk=self.instance.pk
            )
            if clash.exists():
                self.add_error("year", f"该企业{year}年已纳入计划，请选择其他年度。")
            elif earlier_inclusion(self.instance.enterprise, year, exclude_pk=self.instance.pk):
                self.add_error("year", f"该企业在{year}年所在的计划期内已纳入过计划，同一企业在计划期内只计一次。")
        return cleaned

    def _post_clean(self):
        if not self.instance.pk:
            self.instance.unit = self.chosen_unit()
            if self.cleaned_data.get("enterprise_code"):
                self.instance.enterprise = self.cleaned_data["enterprise_code"]
        super()._post_clean()


class ServiceRecordForm(VersionedModelForm):
    class Meta:
        model = ServiceRecord
        fields = [
            "served_on",
            "kind",
            "content",
            "experts",
            "other_servers",
            "difficulties",
            "resolution",
            "follow_up_on",
        ]
        widgets = {
            "served_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "follow_up_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "content": forms.Textarea(attrs={"rows": 3}),
            "difficulties": forms.Textarea(attrs={"rows": 2}),
            "resolution": forms.Textarea(attrs={"rows": 2}),
            "experts": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, inclusion, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.inclusion = inclusion
        self.fields["experts"].queryset = ExpertMember.objects.for_unit(inclusion.unit).active()

    def clean(self):
        cleaned = super().clean()
        served_on, follow_up_on = cleaned.get("served_on"), cleaned.get("follow_up_on")
        if served_on and served_on > timezone.localdate():
            self.add_error("served_on", "服务时间不能晚于今天；计划中的服务请填写为上一次服务的回访日期。")
        if served_on and follow_up_on and follow_up_on < served_on:
            self.add_error("follow_up_on", "回访日期应在服务时间之后，请改正。")
        return cleaned


class ExpertMemberForm(UnitChoiceMixin, VersionedModelForm):
    class Meta:
        model = ExpertMember
        fields = ["unit", "name", "kind", "organisation", "position", "phone", "speciality", "is_active"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["unit"]
            self.fixed_unit = self.instance.unit
        else:
            self.setup_unit(user)

    def _post_clean(self):
        if not self.instance.pk:
            self.instance.unit = self.chosen_unit()
        super()._post_clean()


class SummaryForm(VersionedModelForm):
    class Meta:
        model = AnnualSummary
        fields = ["work_done", "good_practices", "problems", "next_steps"]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in fields}
