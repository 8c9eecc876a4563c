"""Limits that count other candidates hold under concurrency: competing writers of a round are serialised.

Real threads on PostgreSQL, released together by a barrier (SQLite serialises every write transaction by
itself, so the test is skipped there; CI runs PostgreSQL).
"""

import datetime
import threading

import pytest
from django.db import connection

from chuxiong_labor.nominations.services import act_on_nomination
from chuxiong_labor.nominations.workflow import Action, Status
from social_orgs.models import Nomination
from social_orgs.selection import SELECTION
from social_orgs.services import open_round
from tests.factories import make_user
from tests.social_orgs.factories import make_social_org

TRIALS = 5

pytestmark = [
    # Real transactions, so the threads see each other's commits.
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks and real concurrency"),
]


def selected_candidates(year, count):
    round = open_round(year)
    candidates = []
    for unit_name in ["楚雄市", "禄丰市", "双柏县"][:count]:
        org = make_social_org(unit_name)
        candidates.append(
            Nomination.objects.create(round=round, unit=org.unit, org=org, achievements="业绩", status=Status.SELECTED)
        )
    return candidates


def recommend_together(candidates, reviewers, today):
    barrier = threading.Barrier(len(candidates))

    def recommend(candidate, reviewer):
        try:
            barrier.wait()
            act_on_nomination(SELECTION, candidate, Action.RECOMMEND, actor=reviewer, opinion="同意推荐", today=today)
        except Exception:  # noqa: BLE001, S110  a refusal is the expected outcome for the third
            pass
        finally:
            connection.close()

    threads = [threading.Thread(target=recommend, args=pair) for pair in zip(candidates, reviewers, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def test_three_reviewers_recommending_at_once_never_exceed_annex_2s_yearly_limit_of_two():
    reviewers = [make_user("reviewer") for _ in range(3)]
    counts = []
    for trial in range(TRIALS):
        year = 2030 + trial
        candidates = selected_candidates(year, 3)
        recommend_together(candidates, reviewers, datetime.date(year, 9, 1))
        counts.append(Nomination.objects.filter(round__year=year, status=Status.RECOMMENDED).count())
    assert counts == [2] * TRIALS
