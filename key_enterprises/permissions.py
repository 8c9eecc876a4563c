"""Action rights of annex 5. False in a view is 403; templates get the same answers."""

from chuxiong_labor import roles
from chuxiong_labor.permissions import enterprise_outside_unit
from chuxiong_labor.roles import Role
from chuxiong_labor.units import Unit

from .models import BargainingRecord, MonitoredEnterprise

WRITERS = frozenset({Role.COUNTY_STAFF, Role.MEMBER_STAFF, Role.REVIEWER, Role.ADMIN})
PREFECTURE = frozenset({Role.REVIEWER, Role.ADMIN})


def can_monitor(user, unit):
    """Return whether ``user`` may put enterprises on ``unit``'s monitoring list or change its entries."""
    return unit is not None and unit.kind != Unit.Kind.PREFECTURE_OFFICE and roles.can_write_for_unit(user, unit)


def can_enter_figures(user, batch):
    """Return whether ``user`` may enter, import or submit ``batch``'s figures (its unit's staff, or the office)."""
    return batch.is_editable and roles.can_write_for_unit(user, batch.unit)


def can_review_batch(user, batch):
    """Return whether ``user`` may accept or return a submitted batch (the prefecture office)."""
    return roles.can_review(user) and batch.status == batch.Status.SUBMITTED


def can_edit_rules(user):
    """Return whether ``user`` may change the early-warning rules, the wage settings and the monitoring period."""
    return roles.can_review(user)


def can_act_on_lead(user, lead):
    """Return whether ``user`` may record guidance on ``lead`` or escalate it (its unit's staff or the office)."""
    return lead.status != lead.Status.CLOSED and roles.can_write_for_unit(user, lead.unit)


def can_close_lead(user, lead):
    """Return whether ``user`` may close ``lead``: the office always; the unit only when the lead is neither red
    nor escalated to the prefecture."""
    if lead.status == lead.Status.CLOSED:
        return False
    if roles.can_review(user):
        return True
    return lead.level != "red" and lead.status != lead.Status.ESCALATED and roles.can_write_for_unit(user, lead.unit)


def can_change_unit_record(user, record):
    """Return whether ``user`` may change a record its ``unit`` owns (meetings, bargaining records)."""
    return roles.can_write_for_unit(user, record.unit)


def can_change_monitored_record(user, record):
    """Return whether ``user`` may change a record of a monitored enterprise (visits, layoff plans)."""
    return roles.can_write_for_unit(user, record.monitored.unit)


# Which enterprises a unit may take (annex 5). The 任务分解表 gives each county its own enterprises and 州本级
# twenty, which the member units monitor; collective bargaining is the counties' duty ("key_enterprise_bargaining"),
# which a member unit carries out only for the enterprises of its own list. An enterprise is on one list and has
# one bargaining record a year, so a unit refused for a record another unit holds is told which unit, and no more.


def monitoring_refusal(unit, enterprise, year, *, claims=None, exclude=None):
    """Return why ``unit`` may not put ``enterprise`` on its monitoring list of ``year`` (a Chinese sentence), or
    "" when it may.

    A county lists enterprises of its county. A member unit lists enterprises no county holds: on no county's
    list of that year, nor still on a county's list of the year before. ``claims`` are the enterprise's entries
    from ``MonitoredEnterprise.objects.claiming`` (read here when not given); ``exclude`` is the entry being
    edited.
    """
    outside = enterprise_outside_unit(unit, enterprise)
    if outside:
        return outside
    if claims is None:
        claims = MonitoredEnterprise.objects.claiming([enterprise], year).select_related("unit")
    claims = [entry for entry in claims if entry.pk != exclude]
    if not unit.is_county:
        county = next((entry for entry in claims if entry.unit.is_county), None)
        if county is not None:
            return (
                f"该企业在{county.unit}的重点企业监测清单中，由{county.unit}监测；州级成员单位只能列入不在县（市）"
                "清单中的企业，请另选企业。"
            )
    holder = next((entry for entry in claims if entry.year == year), None)
    if holder is None:
        return ""
    if holder.unit_id == unit.pk:
        return f"该企业已在本单位{year}年的监测清单中，不能重复列入。"
    return (
        f"该企业已在{holder.unit}{year}年的重点企业监测清单中，一户企业每年只列入一个单位的清单。"
        f"如需改由本单位监测，请与{holder.unit}或州三方办联系。"
    )


def can_monitor_enterprise(user, unit, enterprise, year):
    """Return whether ``user`` may put ``enterprise`` on ``unit``'s monitoring list of ``year``."""
    return can_monitor(user, unit) and not monitoring_refusal(unit, enterprise, year)


def bargaining_refusal(unit, enterprise, year, *, exclude=None):
    """Return why ``unit`` may not record ``enterprise``'s collective bargaining of ``year`` (a Chinese
    sentence), or "" when it may: a county for enterprises of its county, a member unit for those on its own
    monitoring list of that year; one record per enterprise and year. ``exclude`` is the record being edited."""
    outside = enterprise_outside_unit(unit, enterprise)
    if outside:
        return outside
    if not unit.is_county:
        listed = MonitoredEnterprise.objects.for_unit(unit).in_year(year).current().filter(enterprise=enterprise)
        if not listed.exists():
            return (
                f"州级成员单位只登记本单位重点企业监测清单中企业的集体协商情况；该企业不在{unit}{year}年的清单中。"
                "请先将其列入清单，或由企业所在县（市）登记。"
            )
    holder = (
        BargainingRecord.objects.filter(enterprise=enterprise, year=year)
        .exclude(pk=exclude)
        .select_related("unit")
        .first()
    )
    if holder is None:
        return ""
    if holder.unit_id == unit.pk:
        return f"该企业{year}年的集体协商情况已登记，请在原记录上修改。"
    return f"该企业{year}年的集体协商情况已由{holder.unit}登记，每户企业每年登记一次。如需修改，请与{holder.unit}联系。"


def can_record_bargaining(user, unit, enterprise, year):
    """Return whether ``user`` may record ``enterprise``'s collective bargaining of ``year`` for ``unit``."""
    return roles.can_write_for_unit(user, unit) and not bargaining_refusal(unit, enterprise, year)
