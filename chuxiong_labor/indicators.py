"""What each unit has achieved against a programme's target, contributed by the annex apps.

An app registers one function per programme code; the function takes the units and the year and returns
``{unit pk: achieved}`` in a fixed number of queries. Home pages, the dashboard and the monthly reports read
figures from here, so adding an annex adds its figures without touching those views.

    @indicators.register("key_enterprise_monitoring")
    def monitored_enterprises(units, year): ...
"""

_REGISTRY = {}


def register(code):
    """Register the decorated function as the source of achieved figures for programme ``code``."""

    def decorate(func):
        _REGISTRY[code] = func
        return func

    return decorate


def achieved(code, units, year):
    """Return ``{unit pk: achieved}`` for programme ``code``, or ``None`` when no app measures it yet."""
    source = _REGISTRY.get(code)
    return source(list(units), year) if source else None


def registered_codes():
    """Return the programme codes that have a registered source."""
    return sorted(_REGISTRY)


# Monthly-report figures: each annex contributes a small group of figures per unit and month, which the monthly
# report shows and freezes when it is submitted.
#
#     @indicators.register_figures(1, "金牌劳动关系协调员")
#     def coordinator_figures(units, year, month): return {unit.pk: {"本月新增协调员（人）": 3}}
_FIGURES = {}


def register_figures(annex, label):
    """Register the decorated function ``(units, year, month) -> {unit pk: {figure label: value}}`` as the
    monthly-report figures of ``annex`` under the heading ``label``."""

    def decorate(func):
        _FIGURES[(annex, label)] = func
        return func

    return decorate


def figures(units, year, month):
    """Return ``{unit pk: [(annex, label, {figure label: value}), …]}`` from every registered figure source."""
    units = list(units)
    result = {unit.pk: [] for unit in units}
    for (annex, label), source in sorted(_FIGURES.items(), key=lambda item: item[0]):
        values = source(units, year, month) or {}
        for unit in units:
            result[unit.pk].append((annex, label, dict(values.get(unit.pk, {}))))
    return result


# Matters the monthly circular must raise: an annex contributes sentences about what is overdue or unattended
# (annex 5: leads past their time limit), which the circular's draft lists so that nothing stays silent.
#
#     @indicators.register_circular_notes("重点企业线索")
#     def overdue_leads(year, month, today): return ["楚雄市：某公司红色预警线索逾期5天未办结。"]
_CIRCULAR_NOTES = {}


def register_circular_notes(label):
    """Register the decorated function ``(year, month, today) -> [sentence, …]`` under ``label``."""

    def decorate(func):
        _CIRCULAR_NOTES[label] = func
        return func

    return decorate


def circular_notes(year, month, today):
    """Return every registered source's sentences for the circular of ``month`` of ``year``, in label order."""
    return [line for label in sorted(_CIRCULAR_NOTES) for line in _CIRCULAR_NOTES[label](year, month, today)]
