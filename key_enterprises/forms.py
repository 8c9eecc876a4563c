import datetime
from decimal import Decimal

from django import forms
from django.utils import timezone

from chuxiong_labor.enterprises import Enterprise
from chuxiong_labor.forms import UnitChoiceMixin, name_row_fields, year_choices
from chuxiong_labor.lib.concurrency import STALE_MESSAGE, VersionedModelForm
from chuxiong_labor.lib.spreadsheets import SpreadsheetFileField
from chuxiong_labor.search import SearchSelect, SearchSelectMultiple
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
    MonthlyBatch,
    MonthlyFigures,
    Reason,
    RehireNotice,
    RetainedPerson,
    RiskMeeting,
    Topic,
    WageSetting,
    WarningRule,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


def enterprise_field():
    """The enterprise of a new record, found by name or credit code among those the user may see."""
    return forms.ModelChoiceField(
        label="企业",
        queryset=Enterprise.objects.none(),
        widget=SearchSelect("enterprise_choices"),
        help_text="输入企业名称或统一社会信用代码的一部分搜索；企业须已在企业库中。",
        error_messages={"invalid_choice": "在您可查看的企业库中没有这家企业，请重新搜索，或先在企业库中新增该企业。"},
    )


class EnterpriseSearchMixin:
    """A record of one enterprise: chosen by search when the record is new, fixed afterwards."""

    def setup_enterprise(self, user):
        if self.instance.pk:
            del self.fields["enterprise"]
        else:
            self.fields["enterprise"].queryset = Enterprise.objects.visible_to(user)

    def clean_enterprise(self):
        self.instance.enterprise = self.cleaned_data["enterprise"]
        return self.instance.enterprise


# The years a record's dates may fall in (a typing error otherwise; and date arithmetic stays in range). A person's
# start of service may lie further back.
PLAN_YEARS = (2000, 2099)
EARLIEST_YEAR = {"started_on": 1950}

# More people than any one enterprise of the prefecture employs: a typing error (a headcount of 10⁹).
MOST_PEOPLE = 200_000


class Plausible:
    """Every annex 5 form refuses, on the field itself, what can only be a typing slip: a date outside
    ``PLAN_YEARS`` (a start of service from 1950), a whole number (people, cases, days) above ``MOST_PEOPLE``, and a
    negative amount unless its label says a loss is written negative."""

    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            value = cleaned.get(name)
            if value is None or name in self.errors or name == "version":
                continue
            if name == "year" and isinstance(field, forms.IntegerField):
                if not PLAN_YEARS[0] - 1 <= value <= PLAN_YEARS[1]:  # an average wage of 1999 prices 2000's layoffs
                    self.add_error(name, f"{field.label}须在{PLAN_YEARS[0] - 1}年至{PLAN_YEARS[1]}年之间，请核对。")
            elif isinstance(field, forms.DateField):
                first = EARLIEST_YEAR.get(name, PLAN_YEARS[0])
                if not first <= value.year <= PLAN_YEARS[1]:
                    self.add_error(name, f"{field.label}须在{first}年至{PLAN_YEARS[1]}年之间，请核对年份。")
            elif isinstance(field, forms.DecimalField | forms.FloatField):  # (both are IntegerFields to Django)
                if value < 0 and "负数" not in str(field.label):
                    loss = "；亏损请填在“利润总额”栏（负数）" if "营业收入" in str(field.label) else ""
                    self.add_error(name, f"{field.label}不能为负数{loss}。")
            elif isinstance(field, forms.IntegerField) and value > MOST_PEOPLE:
                self.add_error(name, f"{field.label}超过{MOST_PEOPLE:,}，不像一户企业的人数，请核对是否多填了位数。")
        return cleaned


class MonitoredForm(Plausible, UnitChoiceMixin, EnterpriseSearchMixin, VersionedModelForm):
    enterprise = enterprise_field()
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
        self.setup_enterprise(user)
        if self.instance.pk:
            del self.fields["unit"]
            self.fixed_unit = self.instance.unit
        else:
            self.setup_unit(user)
            self.fields["year"].initial = timezone.localdate().year
        self.order_fields(["enterprise", "unit", "year"])

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
                self.add_error("enterprise" if "enterprise" in self.fields else "year", refusal)
        return cleaned


class RemoveForm(Plausible, forms.Form):
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
    "revenue_yuan",
    "revenue_last_year_yuan",
    "profit_yuan",
    "source_headcount",
    "source_flows",
    "source_arrears",
    "source_disputes",
]


class FiguresForm(Plausible, forms.ModelForm):
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
        revenue, profit = cleaned.get("revenue_yuan"), cleaned.get("profit_yuan")
        if profit is not None and revenue is None and "revenue_yuan" not in self.errors:
            self.add_error("revenue_yuan", "填了利润总额，请同时填本期产值或营业收入。")
        return cleaned


class UnemploymentRateForm(forms.Form):
    """The county's registered unemployment rate of the period, saved with the month's sheet."""

    unemployment_rate = forms.DecimalField(
        label=MonthlyBatch._meta.get_field("unemployment_rate").verbose_name,
        help_text=MonthlyBatch._meta.get_field("unemployment_rate").help_text,
        required=False,
        min_value=Decimal("0"),
        max_value=Decimal("30"),
        max_digits=5,
        decimal_places=2,
        error_messages={"max_value": "城镇登记失业率一般在10%%以下，超过30%%请核对是否填错（单位为%%）。"},
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(label="退回原因", widget=TEXT)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReplyForm(forms.Form):
    """A returned month's resubmission: the unit's answer to the return."""

    reply = forms.CharField(label="对退回意见的答复", widget=TEXT, help_text="写明按退回意见改了什么，或为何不改。")
    version = forms.IntegerField(widget=forms.HiddenInput)


class VisitForm(Plausible, VersionedModelForm):
    class Meta:
        model = GuidanceVisit
        fields = ["visited_on", "visitors", "content", "next_step", "follow_up_on"]
        widgets = {"visited_on": DATE, "follow_up_on": DATE, "content": TEXT}

    def clean_visited_on(self):
        visited_on = self.cleaned_data["visited_on"]
        if visited_on > timezone.localdate():
            raise forms.ValidationError("指导日期不能晚于今天。")
        return visited_on

    def clean(self):
        cleaned = super().clean()
        visited, follow_up = cleaned.get("visited_on"), cleaned.get("follow_up_on")
        if visited and follow_up and follow_up < visited:
            self.add_error(
                "follow_up_on", f"跟踪回访日期（{follow_up:%Y-%m-%d}）早于指导日期（{visited:%Y-%m-%d}），请核对。"
            )
        return cleaned


MAX_WAGE_YUAN = 1_000_000


class LayoffPlanForm(Plausible, VersionedModelForm):
    class Meta:
        model = LayoffPlan
        fields = [
            "ground",
            "workforce",
            "planned_cut",
            "actual_cut",
            "posts",
            "planned_on",
            "explained_on",
            "opinions_heard",
            "reported_on",
            "funds_stated_yuan",
            "note",
        ]
        widgets = {
            "planned_on": DATE,
            "explained_on": DATE,
            "reported_on": DATE,
            "note": TEXT,
            "opinions_heard": TEXT,
        }

    def clean_funds_stated_yuan(self):
        funds = self.cleaned_data["funds_stated_yuan"]
        if funds < 0:
            raise forms.ValidationError("企业可用于支付经济补偿的资金不能为负数，请填写零或正数。")
        return funds

    def clean(self):
        """Art. 41's order: the explanation at least thirty days before the layoff, the report after it and before
        the layoff; the cut within the workforce."""
        cleaned = super().clean()
        workforce, planned, actual = (cleaned.get(name) for name in ("workforce", "planned_cut", "actual_cut"))
        if workforce is not None:
            for name, cut in (("planned_cut", planned), ("actual_cut", actual)):
                if cut is not None and cut > workforce:
                    label = self.fields[name].label
                    self.add_error(name, f"{label}（{cut}人）不能多于职工总数（{workforce}人）。")
        if planned == 0:
            self.add_error("planned_cut", "计划裁减人数须大于零。")
        layoff, explained, reported = (cleaned.get(name) for name in ("planned_on", "explained_on", "reported_on"))
        if layoff and explained:
            latest = layoff - datetime.timedelta(days=LayoffPlan.NOTICE_DAYS)
            if explained > latest:
                self.add_error(
                    "explained_on",
                    f"说明情况日期（{explained:%Y-%m-%d}）距裁员日期（{layoff:%Y-%m-%d}）不足三十日："
                    f"劳动合同法第四十一条要求提前三十日说明情况，即不晚于{latest:%Y-%m-%d}。",
                )
        if layoff and reported and reported > layoff:
            self.add_error(
                "reported_on",
                f"向劳动行政部门报告日期（{reported:%Y-%m-%d}）晚于裁员日期（{layoff:%Y-%m-%d}）：须在裁员前报告。",
            )
        if explained and reported and reported < explained:
            self.add_error(
                "reported_on",
                f"向劳动行政部门报告日期（{reported:%Y-%m-%d}）早于说明情况日期（{explained:%Y-%m-%d}）："
                "须在听取意见之后报告。",
            )
        if reported and not explained:
            self.add_error("explained_on", "已填写报告日期的，须先填写向工会或全体职工说明情况的日期。")
        return cleaned


class LayoffPersonForm(Plausible, forms.ModelForm):
    class Meta:
        model = LayoffPerson
        fields = ["name", "post", "started_on", "ended_on", "base_wage_yuan", "protection"]
        widgets = {"started_on": DATE, "ended_on": DATE, "protection": forms.Select(attrs={"class": "select-in-row"})}

    def clean_base_wage_yuan(self):
        wage = self.cleaned_data["base_wage_yuan"]
        if wage < 0:
            raise forms.ValidationError("前十二个月平均工资不能为负数。")
        if wage > MAX_WAGE_YUAN:
            raise forms.ValidationError(f"前十二个月平均工资超过{MAX_WAGE_YUAN}元/月，请核对是否多填了位数。")
        return wage

    def clean(self):
        cleaned = super().clean()
        started, ended = cleaned.get("started_on"), cleaned.get("ended_on")
        if started and ended and ended < started:
            self.add_error(
                "ended_on", f"解除劳动合同日期（{ended:%Y-%m-%d}）早于入职日期（{started:%Y-%m-%d}），请核对。"
            )
        return cleaned


class RetainedForm(forms.ModelForm):
    class Meta:
        model = RetainedPerson
        fields = ["name", "reason"]


class BaseRowsFormSet(forms.BaseModelFormSet):
    """A sheet of rows; each field is named "<sheet> 第N行 <column>", so two sheets of one page never share a name."""

    sheet = ""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        name_row_fields(form, f"{self.sheet}{'新增行' if index is None else f'第{index + 1}行'}")


class PeopleRows(BaseRowsFormSet):
    sheet = "被裁减人员"


class RetainedRows(BaseRowsFormSet):
    sheet = "优先留用人员"


LayoffPeopleFormSet = forms.modelformset_factory(
    LayoffPerson, form=LayoffPersonForm, formset=PeopleRows, extra=3, can_delete=True
)
RetainedFormSet = forms.modelformset_factory(
    RetainedPerson, form=RetainedForm, formset=RetainedRows, extra=2, can_delete=True
)


def people_formset(data, plan, *, prefix="form"):
    """The people sheet of ``plan``: its rows and enough empty ones for every person the plan cuts (at least
    three), so the sheet grows with the plan."""
    queryset = LayoffPerson.objects.filter(plan=plan) if plan.pk else LayoffPerson.objects.none()
    entered = queryset.count() if plan.pk else 0
    extra = min(max(3, (plan.planned_cut or 0) - entered), 1000)
    formset_class = forms.modelformset_factory(
        LayoffPerson, form=LayoffPersonForm, formset=PeopleRows, extra=extra, can_delete=True
    )
    return formset_class(data, queryset=queryset, prefix=prefix)


class RehireNoticeForm(Plausible, forms.Form):
    """What the unit did about a month's hires within six months after a layoff (劳动合同法 Art. 41 ¶3)."""

    hire_month = forms.ChoiceField(label="新招用月份")
    outcome = forms.ChoiceField(label="处理结果", choices=RehireNotice.Outcome.choices, widget=forms.RadioSelect)
    acted_on = forms.DateField(label="通知或核实日期", widget=DATE)
    means = forms.ChoiceField(
        label="通知方式", choices=[("", "（认定不属于重新招用的不选）"), *RehireNotice.Means.choices], required=False
    )
    note = forms.CharField(
        label="说明", widget=TEXT, required=False, max_length=2000,
        help_text="通知了哪些人、有无人员应聘；认定不属于重新招用的，写明理由。",
    )  # fmt: skip
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, months, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["hire_month"].choices = [
            (f"{row.batch.year}-{row.batch.month}", f"{row.batch.year}年{row.batch.month}月（新招用{row.hires}人）")
            for row in months
        ]

    def clean_hire_month(self):
        year, month = self.cleaned_data["hire_month"].split("-")
        return int(year), int(month)

    def clean_acted_on(self):
        acted_on = self.cleaned_data["acted_on"]
        if acted_on > timezone.localdate():
            raise forms.ValidationError("通知或核实日期不能晚于今天。")
        return acted_on

    def clean(self):
        cleaned = super().clean()
        outcome = cleaned.get("outcome")
        if outcome == RehireNotice.Outcome.NOTIFIED and not cleaned.get("means"):
            self.add_error("means", "已通知被裁减人员的，请选择通知方式。")
        if outcome == RehireNotice.Outcome.NOT_APPLICABLE and not (cleaned.get("note") or "").strip():
            self.add_error("note", "认定不属于重新招用的，请写明理由。")
        current = LayoffPlan.objects.filter(pk=self.plan.pk).values_list("version", flat=True).first()
        if "version" in cleaned and cleaned["version"] != current:
            raise forms.ValidationError(STALE_MESSAGE, code="stale")  # the service checks again under a lock
        return cleaned


class RuleForm(Plausible, VersionedModelForm):
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


class WageForm(Plausible, VersionedModelForm):
    class Meta:
        model = WageSetting
        fields = ["kind", "year", "amount_yuan", "effective_on", "source"]
        widgets = {"effective_on": DATE}


class ConfigForm(VersionedModelForm):
    class Meta:
        model = MonitoringConfig
        fields = ["period_months"]


class LeadAssignForm(Plausible, VersionedModelForm):
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

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if self.instance.opened_on and due_on < self.instance.opened_on:
            raise forms.ValidationError(f"办结时限不能早于发现日期（{self.instance.opened_on:%Y-%m-%d}）。")
        return due_on


class LeadActionForm(Plausible, forms.Form):
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


class MeetingForm(Plausible, UnitChoiceMixin, VersionedModelForm):
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
        # Found by search: at ×100 the reviewer sees some 4,000 leads, too many to list on the page.
        self.fields["leads"].widget = SearchSelectMultiple(
            "key_enterprises:lead_choices", attrs={"data-placeholder": "输入企业名称或统一社会信用代码的一部分搜索线索"}
        )
        self.fields["leads"].queryset = leads  # after the widget: setting it gives the widget its choices
        self.fields["leads"].help_text = "输入企业名称或统一社会信用代码的一部分搜索，可选多条线索。"

    def clean(self):
        cleaned = super().clean()
        if self.chosen_unit() is not None:
            self.instance.unit = self.chosen_unit()
        if cleaned.get("held_on") and cleaned["held_on"] > timezone.localdate():
            self.add_error("held_on", "会商日期不能晚于今天。")
        return cleaned


class BargainingForm(Plausible, UnitChoiceMixin, EnterpriseSearchMixin, VersionedModelForm):
    enterprise = enterprise_field()
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
        self.setup_enterprise(user)
        if self.instance.pk:
            del self.fields["unit"]
            self.fixed_unit = self.instance.unit
        else:
            self.setup_unit(user)
            self.fields["year"].initial = timezone.localdate().year
        self.order_fields(["enterprise", "unit", "year"])

    def clean(self):
        cleaned = super().clean()
        if self.chosen_unit() is not None:
            self.instance.unit = self.chosen_unit()
        year, unit = cleaned.get("year"), self.chosen_unit()
        # A record already kept is checked again only when it moves to another year.
        if unit is not None and self.instance.enterprise_id and year and year != self.instance.year:
            refusal = permissions.bargaining_refusal(unit, self.instance.enterprise, year, exclude=self.instance.pk)
            if refusal:
                self.add_error("enterprise" if "enterprise" in self.fields else "year", refusal)
        signed, filed = cleaned.get("wage_contract_signed_on"), cleaned.get("wage_contract_filed_on")
        if filed and not signed and "wage_contract_signed_on" not in self.errors:
            self.add_error("wage_contract_signed_on", "已填报送审查日期的，须填写工资专项集体合同签订日期。")
        if signed and filed and filed < signed:
            self.add_error(
                "wage_contract_filed_on",
                f"报送审查（备案）日期（{filed:%Y-%m-%d}）早于合同签订日期（{signed:%Y-%m-%d}）：须在签订之后报送。",
            )
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
