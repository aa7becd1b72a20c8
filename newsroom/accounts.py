"""Log-in protection with django-axes: the client address it counts failures by, and the page a
locked-out editor sees.

After AXES_FAILURE_LIMIT wrong passwords for one username from one address, that pair is locked
out for AXES_COOLOFF_TIME: every log-in, even with the right password, gets the 429 page without
a password being hashed. A superuser lifts it with `manage.py axes_reset_username NAME`.
"""

from django.conf import settings
from django.contrib.auth import hashers

from .errors import render_error


class Argon2PasswordHasher(hashers.Argon2PasswordHasher):
    """Argon2id at OWASP's recommended parameters: 19 MiB of memory, 2 passes, 1 lane.

    Django's own defaults (100 MiB, 8 lanes) cost about 0.2 s of CPU a check on a 2-core
    server, so eight wrong log-ins a second with fresh usernames would take most of its CPU
    from readers; these cost about 0.025 s and still make each guess memory-hard. Hashes made
    with other Argon2 parameters still verify, and are re-hashed at the next log-in.
    """

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1


def client_ip(request):
    """The address a request came from. Behind TRUSTED_PROXY_COUNT proxies it is the address
    the outermost proxy saw: each proxy appends the address it received from to
    X-Forwarded-For, so the Nth from the right is the client and anything further left may be
    forged. With no proxy (the default), REMOTE_ADDR, and X-Forwarded-For is ignored."""
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        hops = [hop.strip() for hop in forwarded if hop.strip()]
        if len(hops) >= trusted:
            return hops[-trusted]
    return request.META.get("REMOTE_ADDR", "")


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the styled 429 page, with Retry-After, never cached."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = render_error(
        request,
        "429.html",
        429,
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "lockout_minutes": minutes},
    )
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    response["Cache-Control"] = "no-store"
    return response
