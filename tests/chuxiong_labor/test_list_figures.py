"""The lists that show figures per row annotate only the page's rows (``listing.page_of(…, figures=…)``): the
rows are the plain list's, in its order, and each figure equals the one counted straight from the database."""

from django.core.management import call_command
from django.test import RequestFactory, TestCase
from django.urls import reverse
from django.utils import timezone

from chuxiong_labor.lib import listing
from chuxiong_labor.models import User
from key_enterprises.models import MonitoredEnterprise, RiskMeeting
from mediation.models import Case, MediationOrg, Mediator
from new_enterprises.models import Inclusion
from pay_guidance.models import SurveyEnterprise, SurveyStatus

LAST = {"page": "999999"}


class ListFiguresTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        cls.reviewer = User.objects.get(username="reviewer")
        cls.county = User.objects.get(username="chuxiong")

    def shown(self, user, name, params=None):
        """Return the rows of every page of list ``name`` as ``user`` sees them (first to last)."""
        self.client.force_login(user)
        response = self.client.get(reverse(name), params or {})
        rows = list(response.context["page"])
        page = response.context["page"]
        while page.has_next():
            page = self.client.get(reverse(name), {**(params or {}), "page": page.next_page_number()}).context["page"]
            rows += list(page)
        return rows

    def test_the_meeting_list_shows_each_meetings_number_of_leads(self):
        for user in (self.reviewer, self.county):
            rows = self.shown(user, "key_enterprises:meeting_list")
            expected = RiskMeeting.objects.visible_to(user).order_by("-held_on", "-pk")
            self.assertEqual([row.pk for row in rows], [meeting.pk for meeting in expected])
            self.assertEqual([row.lead_count for row in rows], [meeting.leads.count() for meeting in expected])
        self.assertGreater(sum(row.lead_count for row in self.shown(self.reviewer, "key_enterprises:meeting_list")), 0)

    def test_the_monitoring_list_shows_each_enterprises_number_of_leads(self):
        for user in (self.reviewer, self.county):
            year = MonitoredEnterprise.objects.visible_to(user).order_by("-year").values_list("year", flat=True)[0]
            rows = self.shown(user, "key_enterprises:monitored_list", {"year": year})
            expected = MonitoredEnterprise.objects.visible_to(user).filter(year=year).order_by("unit_id", "pk")
            self.assertEqual([row.pk for row in rows], [entry.pk for entry in expected])
            self.assertEqual([row.lead_count for row in rows], [entry.leads.count() for entry in expected])
            self.assertGreater(sum(row.lead_count for row in rows), 0)

    def test_the_mediation_organisation_list_shows_each_organisations_active_mediators(self):
        for user in (self.reviewer, self.county):
            rows = self.shown(user, "mediation:org_list")
            expected = MediationOrg.objects.visible_to(user).order_by("unit_id", "kind", "name", "pk")
            self.assertEqual([row.pk for row in rows], [org.pk for org in expected])
            active = Mediator.objects.filter(is_active=True)
            self.assertEqual(
                [(row.full_time_count, row.part_time_count) for row in rows],
                [
                    (
                        active.filter(org=org, employment=Mediator.Employment.FULL_TIME).count(),
                        active.filter(org=org, employment=Mediator.Employment.PART_TIME).count(),
                    )
                    for org in expected
                ],
            )
        self.assertGreater(sum(row.full_time_count for row in self.shown(self.reviewer, "mediation:org_list")), 0)

    def test_the_organisations_without_mediators_are_those_that_show_none(self):
        rows = self.shown(self.reviewer, "mediation:org_list", {"flag": "no_mediator"})
        everyone = self.shown(self.reviewer, "mediation:org_list")
        self.assertEqual(
            [row.pk for row in rows],
            [row.pk for row in everyone if row.full_time_count == 0 and row.part_time_count == 0],
        )
        self.assertTrue(rows)
        self.assertLess(len(rows), len(everyone))

    def test_the_inclusion_list_shows_each_inclusions_services(self):
        today = timezone.localdate()
        for user in (self.reviewer, self.county):
            rows = self.shown(user, "new_enterprises:inclusion_list")
            expected = Inclusion.objects.visible_to(user).order_by("-year", "unit_id", "pk")
            self.assertEqual([row.pk for row in rows], [inclusion.pk for inclusion in expected])
            figures = []
            for inclusion in expected:
                served = [record.served_on for record in inclusion.services.all()]
                follow_ups = [
                    r.follow_up_on for r in inclusion.services.all() if r.follow_up_on and r.follow_up_on >= today
                ]
                figures.append((len(served), max(served, default=None), min(follow_ups, default=None)))
            self.assertEqual([(r.service_count, r.last_served_on, r.next_follow_up_on) for r in rows], figures)
            self.assertGreater(sum(row.service_count for row in rows), 0)

    def test_the_last_page_shows_the_figures_of_its_own_rows(self):
        self.client.force_login(self.reviewer)
        page = self.client.get(reverse("new_enterprises:inclusion_list"), LAST).context["page"]
        expected = list(Inclusion.objects.visible_to(self.reviewer).order_by("-year", "unit_id", "pk"))
        self.assertEqual([row.pk for row in page], [inclusion.pk for inclusion in expected[page.start_index() - 1 :]])
        self.assertEqual([row.service_count for row in page], [row.services.count() for row in page])

    def test_the_survey_list_counts_its_rows_by_status_and_pages_them_by_that_count(self):
        self.client.force_login(self.reviewer)
        year = SurveyEnterprise.objects.order_by("-year").values_list("year", flat=True)[0]
        surveys = SurveyEnterprise.objects.visible_to(self.reviewer).in_year(year)
        for status in ["", *SurveyStatus.values]:
            response = self.client.get(reverse("pay_guidance:survey_list"), {"year": year, "status": status})
            expected = surveys.filter(status=status) if status else surveys
            self.assertEqual(response.context["page"].paginator.count, expected.count())
            self.assertEqual(
                [row.pk for row in response.context["page"]], [s.pk for s in expected.order_by("unit_id", "pk")[:50]]
            )
        self.assertGreater(surveys.count(), 0)

    def test_a_page_past_the_first_holds_the_rows_of_the_plain_slice_read_in_one_query(self):
        cases = Case.objects.select_related("org__unit", "mediator").order_by("-received_on", "-id")
        for number in (1, 2, 999999):
            request = RequestFactory().get("/", {"page": number})
            with self.assertNumQueries(2):  # the count, then the page
                page = listing.page_of(request, cases, 3)
                rows = list(page)
            start = page.start_index() - 1
            self.assertEqual([case.pk for case in rows], [case.pk for case in cases[start : start + 3]])
            self.assertEqual([case.org.unit.name for case in rows], [c.org.unit.name for c in cases[start : start + 3]])
        self.assertGreater(page.number, 2)
