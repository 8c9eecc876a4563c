"""The shared kernel's models, defined in topic modules and gathered here for Django."""

from .accounts import User
from .deadlines import Duty, DutyDateChange
from .enterprises import Enterprise
from .lib.history import track
from .lib.jobs import Job
from .lib.security import SecurityEvent
from .lib.uploads import HeldUpload, HeldUploadPart
from .nominations.models import (
    DeadlineExtension,
    NominationRound,
    NoticeEntry,
    Objection,
    PublicNotice,
    Transition,
)
from .quotas import PlanCycle, Programme, Target
from .regions import Region, RegionAlias
from .units import Unit

__all__ = [
    "DeadlineExtension",
    "Duty",
    "DutyDateChange",
    "Enterprise",
    "HeldUpload",
    "HeldUploadPart",
    "Job",
    "NominationRound",
    "NoticeEntry",
    "Objection",
    "PlanCycle",
    "Programme",
    "PublicNotice",
    "Region",
    "RegionAlias",
    "SecurityEvent",
    "Target",
    "Transition",
    "Unit",
    "User",
]

for _model in (Region, RegionAlias, Unit, Enterprise, PlanCycle, Programme, Target, Duty, DutyDateChange):
    track(_model)
track(NominationRound, m2m_fields={"panel_members"})
for _model in (DeadlineExtension, Transition, PublicNotice, NoticeEntry, Objection):
    track(_model)
track(User, exclude_fields=["password", "last_login"])
