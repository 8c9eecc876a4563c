"""The gold-coordinator selection (附件1) on the shared selection pages of ``chuxiong_labor.nominations.selection``.

What annex 1 adds to the shared pages: the certificate number recorded with the province's award, and on each
candidate's page the eligibility, duplicate and earlier-award warnings. Its slate submission, its units' own
notices and its year page (quotas and the 1.5× rule) stay in ``views.py``.
"""

from chuxiong_labor.nominations import selection
from chuxiong_labor.nominations import services as nomination_services
from chuxiong_labor.nominations.models import NominationProgramme
from chuxiong_labor.nominations.workflow import Action
from chuxiong_labor.roles import UNIT_STAFF

from . import services
from .forms import ActionForm, NominationForm
from .models import Nomination
from .recommendation import render_forms


def act(selection_, nomination, data, *, actor):
    """Take the chosen action, first recording the provincial certificate number given with an award."""
    if data["action"] == Action.AWARD and data["certificate_no"]:
        services.set_certificate(nomination, certificate_no=data["certificate_no"], actor=actor)
    return nomination_services.act_on_nomination(
        selection_,
        nomination,
        data["action"],
        actor=actor,
        opinion=data["opinion"],
        reason=data["reason"],
        return_to=data["return_to"] or None,
    )


def detail_context(nomination, *, user):
    """Return what the candidate page adds to the shared one: the person and annex 1's warnings."""
    return {
        "coordinator": nomination.coordinator,
        "years": nomination.coordinator.years_in_occupation(),
        "duplicates": nomination.duplicates().select_related("unit", "coordinator"),
        "earlier_awards": nomination.earlier_awards().select_related("round"),
        "eligibility": nomination.eligibility_problems(),
    }


SELECTION = selection.register(
    selection.Selection(
        app="coordinators",
        programme=NominationProgramme.COORDINATOR,
        title="金牌劳动关系协调员",
        annex=1,
        subject="coordinator",
        model=Nomination,
        form=NominationForm,
        open_round=services.open_round,
        nominators=UNIT_STAFF,
        noun="候选人",
        action_form=ActionForm,
        extra_action_fields="coordinators/_action_fields.html",
        act=act,
        detail_context=detail_context,
        render_forms=render_forms,
        search_fields=("coordinator__name",),
        search_label="姓名",
        deadline_sources=(
            "附件1 三（三）：各县市选树金牌劳动关系协调员，于每年6月30日前报州协调劳动关系三方联席会议办公室",
            "附件1 三（三）：经州协调劳动关系三方联席会议审定后，每年8月底前将人选报省三方联席会议办公室",
        ),
    )
)
