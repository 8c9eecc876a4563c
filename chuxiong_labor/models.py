"""The shared kernel's models, defined in topic modules and gathered here for Django."""

from .accounts import User
from .deadlines import Duty
from .enterprises import Enterprise
from .history import track
from .quotas import PlanCycle, Programme, Target
from .regions import Region, RegionAlias
from .security import SecurityEvent
from .units import Unit

__all__ = [
    "Duty",
    "Enterprise",
    "PlanCycle",
    "Programme",
    "Region",
    "RegionAlias",
    "SecurityEvent",
    "Target",
    "Unit",
    "User",
]

for _model in (Region, RegionAlias, Unit, Enterprise, PlanCycle, Programme, Target, Duty):
    track(_model)
track(User, exclude_fields=["password", "last_login"])
