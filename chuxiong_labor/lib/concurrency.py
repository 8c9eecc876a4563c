"""Optimistic concurrency: a stale edit is refused, never silently saved over someone else's change.

A versioned model carries a ``version`` number. Its form sends the version it was loaded with (and refuses early
when the row has moved on); the service that saves passes that expected version to ``save_versioned``, which
checks it again under a row lock and bumps it.
"""

from django import forms
from django.db import models, transaction

from .errors import ActionRefused
from .history import acting_as
from .uniqueness import NamesTheHolder

STALE_MESSAGE = (
    "该记录在您编辑期间已被他人修改。为避免覆盖他人的修改，本次保存未生效；请刷新页面，核对最新内容后重新填写。"
)


class StaleEdit(ActionRefused):
    """The row changed since the form was loaded (a refusal, like every other one)."""


class VersionedModel(NamesTheHolder, models.Model):
    version = models.PositiveIntegerField("版本", default=1, editable=False)

    class Meta:
        abstract = True


class VersionedModelForm(forms.ModelForm):
    """A ModelForm that refuses to save over a newer version of its instance."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            current = type(self.instance).objects.filter(pk=self.instance.pk).values_list("version", flat=True)
            if cleaned.get("version") != current.first():
                raise forms.ValidationError(STALE_MESSAGE, code="stale")
        return cleaned


def save_versioned(instance, expected_version):
    """Save ``instance`` if its row still has ``expected_version``, bumping the version; return ``instance``.

    The check runs under a row lock, so two editors who loaded the same version cannot both save. Raises
    ``StaleEdit`` when another change landed first. New rows are saved as they are.
    """
    with transaction.atomic():
        claim_version(instance, expected_version)
        instance.save()
    return instance


def claim_version(instance, expected_version):
    """Lock ``instance``'s row, refuse with ``StaleEdit`` unless it still has ``expected_version``, and set the
    next version on ``instance`` for the caller to save in the same transaction (a new row passes as it is).

    For a service that saves in its own way (a criterion saved as a new version, say) but must still refuse a
    stale edit; ``save_versioned`` is this and a save.
    """
    if instance.pk is not None:
        current = type(instance).objects.select_for_update().filter(pk=instance.pk)
        if current.values_list("version", flat=True).first() != expected_version:
            raise StaleEdit(STALE_MESSAGE)
        instance.version = expected_version + 1


def save_form(form, *, actor):
    """Save a validated model form in ``actor``'s name, refusing a stale edit; return the saved instance.

    A versioned record is saved through ``save_versioned`` with the version its form was loaded with (raising
    ``StaleEdit`` when another save landed first); many-to-many choices are saved with it, in one transaction.
    """
    with transaction.atomic(), acting_as(actor):
        instance = form.save(commit=False)
        if isinstance(instance, VersionedModel):
            save_versioned(instance, form.cleaned_data.get("version"))
        else:
            instance.save()
        form.save_m2m()
    return instance
