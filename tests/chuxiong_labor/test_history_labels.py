"""The history shows labels, never codes, for every choice and multi-choice field a form edits."""

import importlib

from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist

from chuxiong_labor.lib.history import describe_json


def model_forms():
    """Every ModelForm class of the project (each app's forms module imported first)."""
    for app in ("chuxiong_labor", "chuxiong_labor.nominations", *settings.ANNEX_APPS):
        try:
            importlib.import_module(f"{app}.forms")
        except ModuleNotFoundError:
            continue
    found, stack = [], [forms.ModelForm]
    while stack:
        for sub in stack.pop().__subclasses__():
            stack.append(sub)
            if getattr(getattr(sub, "_meta", None), "model", None) is not None:
                found.append(sub)
    return found


def test_every_multiple_choice_stored_as_a_list_names_its_choices_for_the_history():
    problems = []
    for form in model_forms():
        model = form._meta.model
        if model._meta.app_label not in {"chuxiong_labor", *settings.ANNEX_APPS}:
            continue
        for name, field in form.base_fields.items():
            if not isinstance(field, forms.MultipleChoiceField) or isinstance(field, forms.ModelMultipleChoiceField):
                continue
            try:
                stored = model._meta.get_field(name)
            except FieldDoesNotExist:  # a form-only field stores nothing
                continue
            if stored.get_internal_type() == "JSONField" and name not in getattr(model, "history_choices", {}):
                problems.append(f"{model._meta.label}.{name} (edited by {form.__name__})")
    assert problems == []


def test_a_list_of_codes_reads_as_its_labels():
    monitored = apps.get_model("key_enterprises", "MonitoredEnterprise")
    labels = dict(monitored.history_choices["reasons"].choices)
    code, label = next(iter(labels.items()))
    assert describe_json(f'["{code}"]', labels=labels) == label
