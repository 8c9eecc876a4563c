"""The project's URLs plus two views that fail on purpose, for the error-page tests."""

from django.core.exceptions import SuspiciousOperation
from django.urls import path

from chuxiong_labor.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def broken(request):
    raise RuntimeError("a bug")


def suspicious(request):
    raise SuspiciousOperation("tampered")


urlpatterns = [path("test-broken/", broken), path("test-suspicious/", suspicious), *urlpatterns]
