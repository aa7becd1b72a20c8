"""Health checks for a load balancer: /healthz (liveness) and /readyz (readiness).

/healthz never touches the database: 200 whenever the process serves requests, so a load balancer
restarts nothing just because the database is away. /readyz runs `SELECT 1`, bounded by the
database connect and statement timeouts: 200 when this server can serve pages from the database,
503 when it cannot. Both are no-store and exempt from the HTTPS redirect (SECURE_REDIRECT_EXEMPT).
"""

from django.db import connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache

from .errors import DATABASE_FAULTS, RETRY_AFTER_SECONDS, logger


def plain(text, status=200):
    return HttpResponse(text + "\n", status=status, content_type="text/plain; charset=utf-8")


@never_cache
def healthz(request):
    return plain("ok")


@never_cache
def readyz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DATABASE_FAULTS as error:
        logger.warning("Not ready: database unavailable: %s", type(error).__name__)
        response = plain("database unavailable", status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return plain("ready")
