"""The shared nomination workflow (chuxiong_labor.nominations.workflow), exercised with annex 1's candidates."""

from datetime import date

import pytest

from chuxiong_labor.nominations import services as nomination_services
from chuxiong_labor.nominations.models import Objection, Transition
from chuxiong_labor.nominations.workflow import TRANSITIONS, Action, Level, Status, TransitionRefused
from tests.factories import unit

from .factories import make_coordinator, make_nomination, make_round

pytestmark = pytest.mark.django_db
IN_TIME = date(2022, 6, 20)
LATE = date(2022, 7, 1)


def submitted(nomination, actor):
    nomination_services.transition(nomination, Action.SUBMIT, actor=actor, opinion="同意推荐。", today=IN_TIME)
    nomination.refresh_from_db()
    return nomination


def approved(nomination, county_user, reviewer):
    submitted(nomination, county_user)
    nomination_services.transition(nomination, Action.APPROVE, actor=reviewer, opinion="符合条件。", today=IN_TIME)
    nomination.refresh_from_db()
    return nomination


def in_notice(nominations, county_user, reviewer, *, ends_on=date(2022, 7, 16)):
    for nomination in nominations:
        approved(nomination, county_user, reviewer)
    notice = nomination_services.publish_notice(
        nominations[0].round,
        nominations,
        level=Level.PREFECTURE,
        unit=None,
        starts_on=date(2022, 7, 10),
        ends_on=ends_on,
        actor=reviewer,
    )
    for nomination in nominations:
        nomination.refresh_from_db()
    return notice


def test_every_transition_leads_to_a_status():
    targets = [t for actions in TRANSITIONS.values() for t in actions.values()]
    flat = [s for t in targets for s in (t if isinstance(t, tuple) else (t,))]
    assert set(flat) <= set(Status)


def test_submitting_a_draft_records_actor_level_and_opinion(county_user):
    nomination = make_nomination()
    step = nomination_services.transition(
        nomination, Action.SUBMIT, actor=county_user, opinion="同意推荐。", today=IN_TIME
    )
    nomination.refresh_from_db()
    assert (nomination.status, step.actor, step.level, step.opinion) == (
        Status.SUBMITTED,
        county_user,
        Level.UNIT,
        "同意推荐。",
    )


def test_a_step_records_a_snapshot_of_the_candidate(county_user):
    nomination = make_nomination()
    step = nomination_services.transition(nomination, Action.SUBMIT, actor=county_user, today=IN_TIME)
    assert step.snapshot["主要业绩评价"] == nomination.achievements


def test_an_action_not_allowed_from_the_status_is_refused(reviewer):
    nomination = make_nomination()
    with pytest.raises(TransitionRefused, match="不能进行“确定入选”操作"):
        nomination_services.transition(nomination, Action.SELECT, actor=reviewer, today=IN_TIME)


def test_a_return_without_a_reason_is_refused(county_user, reviewer):
    nomination = submitted(make_nomination(), county_user)
    with pytest.raises(TransitionRefused, match="必须填写退回原因"):
        nomination_services.transition(nomination, Action.RETURN, actor=reviewer, reason=" ", return_to=Status.RETURNED)


def test_a_return_must_name_the_level_it_goes_back_to(county_user, reviewer):
    nomination = approved(make_nomination(), county_user, reviewer)
    with pytest.raises(TransitionRefused, match="请选择退回到哪一级"):
        nomination_services.transition(nomination, Action.RETURN, actor=reviewer, reason="材料不全。")


def test_a_return_to_the_unit_records_reason_and_level(county_user, reviewer):
    nomination = approved(make_nomination(), county_user, reviewer)
    step = nomination_services.transition(
        nomination, Action.RETURN, actor=reviewer, reason="请补充案例。", return_to=Status.RETURNED
    )
    nomination.refresh_from_db()
    assert (nomination.status, step.reason, step.return_level) == (Status.RETURNED, "请补充案例。", Level.UNIT)


def test_a_return_to_the_prefecture_puts_the_candidate_back_in_review(county_user, reviewer):
    nomination = approved(make_nomination(), county_user, reviewer)
    nomination_services.transition(
        nomination, Action.RETURN, actor=reviewer, reason="重新审核。", return_to=Status.SUBMITTED
    )
    nomination.refresh_from_db()
    assert nomination.status == Status.SUBMITTED


def test_a_resubmission_records_what_changed_since_the_return(county_user, reviewer):
    nomination = submitted(make_nomination(), county_user)
    nomination_services.transition(
        nomination, Action.RETURN, actor=reviewer, reason="请补充。", return_to=Status.RETURNED
    )
    nomination.refresh_from_db()
    nomination.achievements = "补充后的业绩：调处劳动争议80件。"
    nomination.save()
    step = nomination_services.transition(nomination, Action.SUBMIT, actor=county_user, today=IN_TIME)
    assert step.changes == [
        {
            "field": "主要业绩评价",
            "before": "近三年调处劳动争议50件，调解成功率85%。",
            "after": "补充后的业绩：调处劳动争议80件。",
        }
    ]


def test_changes_since_return_is_empty_for_a_candidate_never_returned(county_user):
    nomination = submitted(make_nomination(), county_user)
    assert nomination_services.changes_since_return(nomination) == []


def test_a_submission_after_the_deadline_is_refused(county_user):
    nomination = make_nomination()
    with pytest.raises(TransitionRefused, match="截止日期为2022-06-30，已经过期"):
        nomination_services.transition(nomination, Action.SUBMIT, actor=county_user, today=LATE)


def test_an_extension_for_the_unit_allows_a_late_submission(county_user, reviewer):
    nomination = make_nomination()
    nomination_services.grant_extension(
        nomination.round,
        level=Level.UNIT,
        unit=nomination.unit,
        new_due_on=date(2022, 7, 15),
        reason="人员调整。",
        actor=reviewer,
    )
    nomination_services.transition(nomination, Action.SUBMIT, actor=county_user, today=LATE)
    nomination.refresh_from_db()
    assert nomination.status == Status.SUBMITTED


def test_an_extension_for_another_unit_does_not_help(county_user, reviewer):
    nomination = make_nomination()
    nomination_services.grant_extension(
        nomination.round,
        level=Level.UNIT,
        unit=unit("禄丰市"),
        new_due_on=date(2022, 7, 15),
        reason="延期。",
        actor=reviewer,
    )
    with pytest.raises(TransitionRefused, match="已经过期"):
        nomination_services.transition(nomination, Action.SUBMIT, actor=county_user, today=LATE)


def test_an_extension_records_who_when_why_and_the_new_date(reviewer):
    round = make_round()
    extension = nomination_services.grant_extension(
        round, level=Level.UNIT, unit=unit("楚雄市"), new_due_on=date(2022, 7, 15), reason="人员调整。", actor=reviewer
    )
    assert (extension.granted_by, extension.reason, extension.new_due_on, extension.granted_at is not None) == (
        reviewer,
        "人员调整。",
        date(2022, 7, 15),
        True,
    )


def test_an_extension_without_a_reason_is_refused(reviewer):
    with pytest.raises(TransitionRefused, match="延期理由"):
        nomination_services.grant_extension(
            make_round(), level=Level.UNIT, unit=unit("楚雄市"), new_due_on=date(2022, 7, 15), reason="", actor=reviewer
        )


def test_a_resubmission_after_a_return_is_not_bound_by_the_deadline(county_user, reviewer):
    nomination = submitted(make_nomination(), county_user)
    nomination_services.transition(
        nomination, Action.RETURN, actor=reviewer, reason="请补充。", return_to=Status.RETURNED
    )
    nomination_services.transition(nomination, Action.SUBMIT, actor=county_user, today=LATE)
    nomination.refresh_from_db()
    assert nomination.status == Status.SUBMITTED


def test_recommending_after_the_prefecture_deadline_is_refused(county_user, reviewer):
    nomination = make_nomination()
    in_notice([nomination], county_user, reviewer)
    nomination_services.transition(nomination, Action.SELECT, actor=reviewer, today=date(2022, 8, 1))
    with pytest.raises(TransitionRefused, match="推荐至省截止日期为2022-08-31"):
        nomination_services.transition(nomination, Action.RECOMMEND, actor=reviewer, today=date(2022, 9, 1))


def test_publishing_a_prefecture_notice_puts_the_candidates_in_notice(county_user, reviewer):
    nomination = make_nomination()
    in_notice([nomination], county_user, reviewer)
    assert nomination.status == Status.IN_NOTICE


def test_the_notice_text_lists_every_candidate_and_the_period(county_user, reviewer):
    first, second = make_nomination(), make_nomination()
    notice = in_notice([first, second], county_user, reviewer)
    assert all(
        part in notice.text
        for part in (first.coordinator.name, second.coordinator.name, "2022年7月10日至2022年7月16日")
    )


def test_the_notice_counts_coordinators_in_people(county_user, reviewer):
    notice = in_notice([make_nomination(), make_nomination()], county_user, reviewer)
    assert "拟将以下2名对象确定为" in notice.text


def test_selecting_before_the_notice_period_ends_is_refused(county_user, reviewer):
    nomination = make_nomination()
    in_notice([nomination], county_user, reviewer)
    with pytest.raises(TransitionRefused, match="公示期到2022-07-16结束"):
        nomination_services.transition(nomination, Action.SELECT, actor=reviewer, today=date(2022, 7, 16))


def test_selecting_with_an_unresolved_objection_is_refused(county_user, reviewer):
    nomination = make_nomination()
    notice = in_notice([nomination], county_user, reviewer)
    nomination_services.record_objection(
        notice, actor=reviewer, content="反映业绩不实。", received_on=date(2022, 7, 12), entry=notice.entries.get()
    )
    with pytest.raises(TransitionRefused, match="异议尚未处理完毕"):
        nomination_services.transition(nomination, Action.SELECT, actor=reviewer, today=date(2022, 8, 1))


def test_selecting_after_a_dismissed_objection_is_allowed(county_user, reviewer):
    nomination = make_nomination()
    notice = in_notice([nomination], county_user, reviewer)
    objection = nomination_services.record_objection(
        notice, actor=reviewer, content="反映业绩不实。", received_on=date(2022, 7, 12)
    )
    nomination_services.resolve_objection(
        objection, outcome=Objection.Outcome.DISMISSED, resolution="经核实不属实。", actor=reviewer
    )
    nomination_services.transition(nomination, Action.SELECT, actor=reviewer, today=date(2022, 8, 1))
    nomination.refresh_from_db()
    assert nomination.status == Status.SELECTED


def test_an_upheld_objection_blocks_selection(county_user, reviewer):
    nomination = make_nomination()
    notice = in_notice([nomination], county_user, reviewer)
    objection = nomination_services.record_objection(
        notice, actor=reviewer, content="反映业绩不实。", received_on=date(2022, 7, 12), entry=notice.entries.get()
    )
    nomination_services.resolve_objection(
        objection, outcome=Objection.Outcome.UPHELD, resolution="经核实属实。", actor=reviewer
    )
    with pytest.raises(TransitionRefused, match="异议经核实成立"):
        nomination_services.transition(nomination, Action.SELECT, actor=reviewer, today=date(2022, 8, 1))


def test_an_upheld_objection_still_allows_rejecting_the_candidate(county_user, reviewer):
    nomination = make_nomination()
    notice = in_notice([nomination], county_user, reviewer)
    objection = nomination_services.record_objection(
        notice, actor=reviewer, content="反映业绩不实。", received_on=date(2022, 7, 12), entry=notice.entries.get()
    )
    nomination_services.resolve_objection(
        objection, outcome=Objection.Outcome.UPHELD, resolution="经核实属实。", actor=reviewer
    )
    nomination_services.transition(nomination, Action.REJECT, actor=reviewer, today=date(2022, 8, 1))
    nomination.refresh_from_db()
    assert nomination.status == Status.NOT_SELECTED


def test_an_objection_against_one_candidate_does_not_block_another(county_user, reviewer):
    first, second = make_nomination(), make_nomination()
    notice = in_notice([first, second], county_user, reviewer)
    nomination_services.record_objection(
        notice,
        actor=reviewer,
        content="反映业绩不实。",
        received_on=date(2022, 7, 12),
        entry=notice.entries.get(object_id=first.pk),
    )
    nomination_services.transition(second, Action.SELECT, actor=reviewer, today=date(2022, 8, 1))
    second.refresh_from_db()
    assert second.status == Status.SELECTED


def test_an_objection_against_the_whole_notice_blocks_every_listed_candidate(county_user, reviewer):
    first, second = make_nomination(), make_nomination()
    notice = in_notice([first, second], county_user, reviewer)
    nomination_services.record_objection(notice, actor=reviewer, content="程序不规范。", received_on=date(2022, 7, 12))
    with pytest.raises(TransitionRefused, match="异议尚未处理完毕"):
        nomination_services.transition(second, Action.SELECT, actor=reviewer, today=date(2022, 8, 1))


def test_resolving_an_objection_needs_the_reasons(county_user, reviewer):
    nomination = make_nomination()
    notice = in_notice([nomination], county_user, reviewer)
    objection = nomination_services.record_objection(
        notice, actor=reviewer, content="反映业绩不实。", received_on=date(2022, 7, 12)
    )
    with pytest.raises(TransitionRefused, match="核实情况及处理理由"):
        nomination_services.resolve_objection(
            objection, outcome=Objection.Outcome.DISMISSED, resolution="", actor=reviewer
        )


def test_a_units_own_notice_holds_its_submission_until_it_ends(county_user):
    nomination = make_nomination()
    nomination_services.publish_notice(
        nomination.round,
        [nomination],
        level=Level.UNIT,
        unit=nomination.unit,
        starts_on=date(2022, 6, 15),
        ends_on=date(2022, 6, 21),
        actor=county_user,
    )
    with pytest.raises(TransitionRefused, match="公示期到2022-06-21结束"):
        nomination_services.transition(nomination, Action.SUBMIT, actor=county_user, today=IN_TIME)


def test_a_units_own_notice_leaves_the_status_unchanged(county_user):
    nomination = make_nomination()
    nomination_services.publish_notice(
        nomination.round,
        [nomination],
        level=Level.UNIT,
        unit=nomination.unit,
        starts_on=date(2022, 6, 1),
        ends_on=date(2022, 6, 7),
        actor=county_user,
    )
    nomination.refresh_from_db()
    assert nomination.status == Status.DRAFT


def test_opinion_of_returns_the_latest_opinion_of_the_level(county_user, reviewer):
    nomination = approved(make_nomination(), county_user, reviewer)
    assert nomination_services.opinion_of(nomination, Level.PREFECTURE).opinion == "符合条件。"


def test_a_refused_transition_records_nothing(county_user):
    nomination = make_nomination(coordinator=make_coordinator(occupation_since=date(2020, 1, 1)))
    with pytest.raises(TransitionRefused):
        nomination_services.transition(nomination, Action.SUBMIT, actor=county_user, today=IN_TIME)
    assert Transition.objects.of(nomination).count() == 0


def test_the_same_extension_cannot_be_recorded_twice(reviewer):
    round = make_round(2022)
    nomination_services.grant_extension(
        round, level=Level.UNIT, unit=unit("楚雄市"), new_due_on=date(2022, 7, 15), reason="汛期", actor=reviewer
    )
    with pytest.raises(TransitionRefused, match="不能重复登记"):
        nomination_services.grant_extension(
            round, level=Level.UNIT, unit=unit("楚雄市"), new_due_on=date(2022, 7, 15), reason="汛期", actor=reviewer
        )
    assert round.extensions.count() == 1


def test_a_late_recommendation_tells_the_prefecture_to_record_its_own_extension(reviewer):
    nomination = make_nomination(status=Status.SELECTED)
    with pytest.raises(TransitionRefused) as refused:
        nomination_services.transition(nomination, Action.RECOMMEND, actor=reviewer, today=date(2022, 9, 1))
    assert "登记州级延期" in str(refused.value) and "请联系州三方办" not in str(refused.value)


def test_the_year_page_shows_the_extended_date_of_the_recommendation(client, reviewer):
    round = make_round(2022)
    nomination_services.grant_extension(
        round, level=Level.PREFECTURE, unit=None, new_due_on=date(2022, 9, 15), reason="省厅通知延后", actor=reviewer
    )
    client.force_login(reviewer)
    html = client.get(f"/coordinators/selection/{round.year}/").content.decode()
    assert "推荐至省（2022-09-15前，已延期，原定2022-08-31）" in html
