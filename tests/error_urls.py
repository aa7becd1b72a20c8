"""A URLconf for the error-page tests: the site's URLs plus views that fail on purpose."""

from django.db import OperationalError
from django.urls import path

from newsroom.urls import handler500, urlpatterns

__all__ = ["handler500", "urlpatterns"]


def broken(request):
    raise ZeroDivisionError("a bug in a view")


def database_gone(request):
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: refused")


urlpatterns = [
    path("broken/", broken),
    path("database-gone/", database_gone),
    *urlpatterns,
]
