from datetime import date

from django import forms
from django.conf import settings
from django.core.validators import FileExtensionValidator

from chuxiong_labor.enterprises import Enterprise
from chuxiong_labor.lib.concurrency import VersionedModelForm
from chuxiong_labor.lib.spreadsheets import SpreadsheetFileField
from chuxiong_labor.nominations import forms as nomination_forms
from chuxiong_labor.roles import is_unit_scoped
from chuxiong_labor.search import SearchSelect
from chuxiong_labor.units import Unit

from .models import Coordinator, CoordinatorStatus, Meeting, Nomination, ProgressReport, SlateStep, TrainingBatch

MONTH = {"type": "month"}
DATE = {"type": "date"}


class UnitOwnedForm(forms.ModelForm):
    """A form for a unit-owned record: unit staff write for their own unit, the prefecture picks the unit."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if is_unit_scoped(user):
            self.fields.pop("unit")
            if self.instance.unit_id is None:
                self.instance.unit = user.unit
        else:
            self.fields["unit"].queryset = Unit.objects.owning_records()


class CoordinatorForm(UnitOwnedForm, VersionedModelForm):
    born_on = forms.DateField(
        label="出生年月",
        input_formats=["%Y-%m", "%Y-%m-%d"],
        widget=forms.DateInput(attrs=MONTH, format="%Y-%m"),
        error_messages={"invalid": "请按“年-月”填写出生年月，例如 1985-06。"},
    )

    class Meta:
        model = Coordinator
        fields = [
            "unit",
            "name",
            "gender",
            "born_on",
            "resident_id",
            "employer",
            "employer_name",
            "post",
            "occupation",
            "source",
            "skill_level",
            "certificate_no",
            "certified_on",
            "occupation_since",
            "phone",
            "status",
            "status_since",
        ]
        widgets = {
            "certified_on": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "occupation_since": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "status_since": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "employer": SearchSelect("enterprise_choices"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["employer"].queryset = Enterprise.objects.visible_to(user).order_by("name")
        if self.instance.pk:
            # Status changes go through their own dated action on the detail page.
            self.fields.pop("status")
            self.fields.pop("status_since")


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="新状态", choices=CoordinatorStatus.choices)
    changed_on = forms.DateField(label="变更日期", initial=date.today, widget=forms.DateInput(attrs=DATE))
    note = forms.CharField(label="说明", required=False, max_length=200)


class ServiceForm(forms.Form):
    enterprise = forms.ModelChoiceField(
        label="服务企业", queryset=Enterprise.objects.none(), widget=SearchSelect("enterprise_choices")
    )
    since = forms.DateField(label="开始服务日期", required=False, widget=forms.DateInput(attrs=DATE))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = Enterprise.objects.visible_to(user).order_by("name")


class TrainingBatchForm(UnitOwnedForm, VersionedModelForm):
    class Meta:
        model = TrainingBatch
        fields = [
            "unit",
            "held_on",
            "title",
            "organiser",
            "participants",
            "certified_level_4",
            "certified_level_3",
            "certified_level_2",
            "certified_level_1",
        ]
        widgets = {"held_on": forms.DateInput(attrs=DATE, format="%Y-%m-%d")}

    def clean(self):
        cleaned = super().clean()
        certified = sum(cleaned.get(f"certified_level_{level}") or 0 for level in (1, 2, 3, 4))
        if cleaned.get("participants") is not None and certified > cleaned["participants"]:
            raise forms.ValidationError("取得证书的人数合计不能超过参训人数，请核对。")
        return cleaned


class MeetingForm(UnitOwnedForm, VersionedModelForm):
    class Meta:
        model = Meeting
        fields = ["unit", "held_on", "topic", "outcome"]
        widgets = {"held_on": forms.DateInput(attrs=DATE, format="%Y-%m-%d")}


class NominationForm(VersionedModelForm):
    class Meta:
        model = Nomination
        fields = ["coordinator", "achievements"]
        widgets = {
            "coordinator": SearchSelect("coordinators:coordinator_choices"),
            "achievements": forms.Textarea(attrs={"rows": 10}),
        }

    def __init__(self, *args, unit, round, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.unit = unit
        self.instance.round = round
        self.fields["coordinator"].queryset = (
            Coordinator.objects.for_unit(unit).active().select_related("employer").order_by("name")
        )
        self.fields["coordinator"].label_from_instance = lambda c: f"{c.name}（{c.employer_display}）"

    def clean(self):
        cleaned = super().clean()
        coordinator = cleaned.get("coordinator")
        if coordinator is None:
            return cleaned
        self.instance.coordinator = coordinator
        for problem in self.instance.eligibility_problems():
            self.add_error("coordinator", problem)
        duplicate = self.instance.duplicates().select_related("unit", "coordinator").first()
        if duplicate is not None:
            self.add_error(
                "coordinator",
                f"{coordinator.name}已作为{duplicate.unit}的候选人参加{self.instance.round.year}年度选树，"
                "同一人同一年度只能被推荐一次。",
            )
        return cleaned

    def validate_unique(self):
        # The duplicate rule above says it in a sentence; the constraint stays as the last guard.
        pass


class SlateForm(forms.Form):
    opinion = forms.CharField(
        label="县级三方办公室推荐意见",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="将印在推荐表“县级三方办公室推荐意见”栏。",
        error_messages={"required": "请填写本级推荐意见后再报送。"},
    )


class ActionForm(nomination_forms.ActionForm):
    certificate_no = forms.CharField(label="省级证书编号", required=False, max_length=40)


class ImportForm(forms.Form):
    file = SpreadsheetFileField()


MINUTES_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "doc", "docx"]


class SlateStepForm(forms.ModelForm):
    """A dated step the unit took before submitting its slate, with the meeting's minutes if it has them."""

    class Meta:
        model = SlateStep
        fields = ["kind", "held_on", "note", "minutes"]
        widgets = {"held_on": forms.DateInput(attrs=DATE)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["minutes"].validators.append(FileExtensionValidator(MINUTES_EXTENSIONS))
        self.fields["minutes"].help_text = "PDF、图片或 Word 文件，不超过上传大小限制。"

    def clean_minutes(self):
        minutes = self.cleaned_data.get("minutes")
        if minutes and getattr(minutes, "size", 0) > settings.PORTAL_MAX_UPLOAD_BYTES:
            limit = settings.PORTAL_MAX_UPLOAD_BYTES // (1024 * 1024)
            raise forms.ValidationError(f"会议纪要文件超过{limit}MB，请压缩或拆分后再上传。")
        return minutes


class ProgressReportForm(VersionedModelForm):
    class Meta:
        model = ProgressReport
        fields = ["progress", "problems", "practices"]
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in ("progress", "problems", "practices")}


class ReturnReasonForm(forms.Form):
    reason = forms.CharField(label="退回原因", widget=forms.Textarea(attrs={"rows": 3}))
