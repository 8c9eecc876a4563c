from django import forms
from django.utils import timezone

from chuxiong_labor.deadlines import Duty
from chuxiong_labor.lib.concurrency import VersionedModelForm

from .models import Circular, MonthlyReport, ReportingConfig

TEXT_AREA = forms.Textarea(attrs={"rows": 6})


class ReportForm(VersionedModelForm):
    class Meta:
        model = MonthlyReport
        fields = ["progress", "problems", "practices"]
        widgets = {"progress": TEXT_AREA, "problems": TEXT_AREA, "practices": TEXT_AREA}


class NewReportForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2021, max_value=2100)
    month = forms.TypedChoiceField(label="月份", choices=[(m, f"{m}月") for m in range(1, 13)], coerce=int)
    progress = forms.CharField(label="工作进展情况", widget=TEXT_AREA, required=False)
    problems = forms.CharField(label="存在问题", widget=TEXT_AREA, required=False)
    practices = forms.CharField(label="好的经验做法", widget=TEXT_AREA, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["month"].initial = today.month

    def clean(self):
        cleaned = super().clean()
        year, month = cleaned.get("year"), cleaned.get("month")
        today = timezone.localdate()
        if year and month and (year, month) > (today.year, today.month):
            raise forms.ValidationError("不能填报尚未到来的月份，请选择本月或以前的月份。")
        return cleaned


class ReturnForm(forms.Form):
    reason = forms.CharField(label="退回原因", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class DutyForm(VersionedModelForm):
    """A duty of the calendar. Its internal code is generated; once saved, a recurring duty's date and its
    recurrence are not edited here (that would rewrite past occurrences): a date moves through ``DutyRescheduleForm``."""

    class Meta:
        model = Duty
        fields = [
            "cycle",
            "annex",
            "title",
            "scope",
            "recurrence",
            "due_on",
            "month",
            "day",
            "starts_on",
            "ends_on",
            "source",
        ]
        widgets = {
            "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["recurrence"]
            if self.instance.recurrence != Duty.Recurrence.ONCE:
                del self.fields["month"], self.fields["day"], self.fields["due_on"]

    def clean(self):
        cleaned = super().clean()
        recurrence = cleaned.get("recurrence", self.instance.recurrence)
        if recurrence == Duty.Recurrence.ONCE and "due_on" in self.fields and not cleaned.get("due_on"):
            self.add_error("due_on", "一次性事项须填写截止日期。")
        if not self.instance.pk and recurrence in (
            Duty.Recurrence.MONTHLY,
            Duty.Recurrence.QUARTERLY,
            Duty.Recurrence.YEARLY,
        ):
            day = cleaned.get("day")
            if not day or not 1 <= day <= 31:
                self.add_error("day", "周期性事项须填写1至31之间的截止日。")
        if not self.instance.pk and recurrence == Duty.Recurrence.YEARLY:
            month = cleaned.get("month")
            if not month or not 1 <= month <= 12:
                self.add_error("month", "每年一次的事项须填写1至12之间的截止月份。")
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and starts_on > ends_on:
            self.add_error("ends_on", "结束日期不能早于起始日期，请改正。")
        return cleaned


class DutyRescheduleForm(forms.Form):
    """Move a recurring duty's date from a chosen year on, or in that year only."""

    from_year = forms.IntegerField(label="自哪一年起调整", min_value=2000, max_value=2100)
    only_that_year = forms.BooleanField(label="仅调整这一年（以后各年仍按原定日期）", required=False)
    month = forms.IntegerField(label="调整后的月", min_value=1, max_value=12, required=False)
    day = forms.IntegerField(label="调整后的日", min_value=1, max_value=31)
    reason = forms.CharField(label="调整原因", max_length=200)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, duty, **kwargs):
        super().__init__(*args, **kwargs)
        self.duty = duty
        self.fields["version"].initial = duty.version
        self.fields["day"].initial = duty.day  # the date as it stands, to be changed
        self.fields["from_year"].initial = timezone.localdate().year
        if duty.recurrence != Duty.Recurrence.YEARLY:
            del self.fields["month"]
        else:
            self.fields["month"].initial = duty.month

    def clean(self):
        cleaned = super().clean()
        if "month" in self.fields and not cleaned.get("month") and not self.errors.get("month"):
            self.add_error("month", "每年一次的事项须填写调整后的月份。")
        return cleaned


class MarkDoneForm(forms.Form):
    due_on = forms.DateField(label="截止日期")
    unit = forms.IntegerField(required=False)
    note = forms.CharField(label="说明", max_length=200, required=False)


class NewCircularForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2021, max_value=2100)
    month = forms.TypedChoiceField(label="月份", choices=[(m, f"{m}月") for m in range(1, 13)], coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["month"].initial = today.month


class CircularForm(VersionedModelForm):
    class Meta:
        model = Circular
        fields = ["number", "title", "introduction", "late_section", "behind_section", "practice_section", "closing"]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 3}),
            "late_section": TEXT_AREA,
            "behind_section": TEXT_AREA,
            "practice_section": TEXT_AREA,
            "closing": forms.Textarea(attrs={"rows": 4}),
        }


class SettingsForm(forms.ModelForm):
    class Meta:
        model = ReportingConfig
        fields = ["include_member_units", "reminder_days_before", "office_heading"]
