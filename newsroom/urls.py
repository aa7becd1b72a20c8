from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from articles.media import media
from articles.methods import read_only

from . import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("", include("articles.urls")),
]
# Uploaded pictures, when they live on this site (articles/media.py decides whether to serve).
if not settings.MEDIA_URL.startswith(("http://", "https://", "//")):
    urlpatterns.append(
        path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", read_only(media), name="media")
    )

handler400 = "newsroom.errors.bad_request"
handler500 = "newsroom.errors.server_error"
