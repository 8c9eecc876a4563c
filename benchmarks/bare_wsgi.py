"""A bare Django application (one view, no middleware, no database): the ceiling the load benchmark prints."""

from django.conf import settings

settings.configure(DEBUG=False, ROOT_URLCONF=__name__, ALLOWED_HOSTS=["*"], SECRET_KEY="bare-" + "x" * 50)

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402


def hello(request):
    return HttpResponse("ok")


urlpatterns = [path("", hello)]
application = get_wsgi_application()
