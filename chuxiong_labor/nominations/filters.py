"""The filters of the shared selection pages (the batch of recommendation forms), as a django-filter set.

It declares its filters without a model, so it serves every programme's candidate model.
"""

import django_filters

from ..units import Unit
from .workflow import Status


class CandidateFilter(django_filters.FilterSet):
    unit = django_filters.ModelChoiceFilter(label="单位", queryset=Unit.objects.all())
    status = django_filters.ChoiceFilter(label="状态", choices=Status.choices)
