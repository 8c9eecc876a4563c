"""``seed_scale --factor N`` grows every table a page or an export reads, and a second run only tops up.

The models are named here, one or more per app, so an app whose ``demo.scale`` is missing (or stops adding a kind
of record) fails the test. History is checked per model: the scaled records carry the entries a year of use writes.
"""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.test import TestCase

from chuxiong_labor.enterprises import Enterprise
from chuxiong_labor.nominations.models import Transition
from coordinators.models import Coordinator
from key_enterprises.models import (
    Alert,
    BargainingRecord,
    GuidanceVisit,
    Lead,
    LeadAction,
    MonitoredEnterprise,
    MonthlyFigures,
)
from mediation.models import Case, MediationOrg, Mediator
from new_enterprises.models import Inclusion, ServiceRecord
from pay_guidance.models import Employee, Publication, PublicationBasis, SurveyEnterprise, TargetedService
from reporting.models import MonthlyReport, ReportTransition
from social_orgs.models import Nomination as SocialOrgNomination
from social_orgs.models import SocialOrg

# Large enough that every kind, even those counted in tens per factor, has more at factor 2 than at 1.
SIZE = 0.1

GROWN = [
    Enterprise,
    Coordinator,
    MediationOrg,
    Mediator,
    Case,
    Inclusion,
    ServiceRecord,
    SocialOrg,
    SocialOrgNomination,
    Transition,
    MonitoredEnterprise,
    MonthlyFigures,
    Alert,
    Lead,
    LeadAction,
    GuidanceVisit,
    BargainingRecord,
    SurveyEnterprise,
    Employee,
    TargetedService,
    Publication,
    PublicationBasis,
    MonthlyReport,
    ReportTransition,
]
# Models whose scaled records carry history (the others are steps or rows no user edits one by one).
WITH_HISTORY = [
    Enterprise,
    Coordinator,
    MediationOrg,
    Mediator,
    Case,
    Inclusion,
    ServiceRecord,
    SocialOrg,
    SocialOrgNomination,
    MonitoredEnterprise,
    MonthlyFigures,
    Lead,
    GuidanceVisit,
    BargainingRecord,
    SurveyEnterprise,
    TargetedService,
    Publication,
    MonthlyReport,
]


def scale_to(factor):
    call_command("seed_scale", factor=factor, size=SIZE, stdout=open("/dev/null", "w"))  # noqa: SIM115


def counts():
    rows = {model._meta.label: model.objects.count() for model in GROWN}
    for model in WITH_HISTORY:
        kind = ContentType.objects.get_for_model(model)
        rows[f"history of {model._meta.label}"] = LogEntry.objects.filter(content_type=kind).count()
    return rows


class SeedScaleTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        scale_to(1)
        cls.once = counts()
        scale_to(2)
        cls.twice = counts()

    def test_factor_two_has_more_of_every_table_a_page_reads_than_factor_one(self):
        not_grown = {name: count for name, count in self.twice.items() if count <= self.once[name]}
        self.assertEqual(not_grown, {})

    def test_a_second_run_at_the_same_factor_adds_nothing(self):
        scale_to(2)
        self.assertEqual(counts(), self.twice)

    def test_scaled_records_spread_over_their_states(self):
        self.assertGreaterEqual(len(set(SocialOrgNomination.objects.values_list("status", flat=True))), 6)
        self.assertEqual(set(Lead.objects.values_list("status", flat=True)), set(Lead.Status.values))
        self.assertGreaterEqual(len(set(SurveyEnterprise.objects.values_list("status", flat=True))), 4)
        self.assertGreaterEqual(len(set(MonthlyReport.objects.values_list("status", flat=True))), 3)

    def test_scaled_history_is_spread_over_a_year_and_attributed_to_the_units_users(self):
        kind = ContentType.objects.get_for_model(MonitoredEnterprise)
        entries = LogEntry.objects.filter(content_type=kind, additional_data__bulk=True)
        days = {entry.timestamp.date() for entry in entries}
        self.assertGreater(len(days), 10)
        self.assertFalse(entries.filter(actor=None).exists())
