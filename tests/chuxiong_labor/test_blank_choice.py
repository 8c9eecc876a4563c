import pytest
from django import forms

from chuxiong_labor.enterprises import Enterprise


class _EnterpriseChoices(forms.ModelForm):
    class Meta:
        model = Enterprise
        fields = ["region", "size_class"]


@pytest.mark.django_db
def test_a_select_made_from_a_foreign_key_offers_qing_xuan_ze_as_its_empty_choice():
    html = str(_EnterpriseChoices()["region"])
    assert "请选择" in html
    assert "---------" not in html


def test_a_select_made_from_optional_model_choices_offers_qing_xuan_ze_as_its_empty_choice():
    html = str(_EnterpriseChoices()["size_class"])
    assert '<option value="" selected>请选择</option>' in html
    assert "---------" not in html
