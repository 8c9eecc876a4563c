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
