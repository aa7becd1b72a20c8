"""Security headers that Django has no setting for: the admin's own Content-Security-Policy and
Cross-Origin-Resource-Policy. The reader policy (SECURE_CSP), HSTS, nosniff, Referrer-Policy,
COOP and X-Frame-Options come from Django itself; Permissions-Policy from
django-permissions-policy.

Reader pages run no script at all, so their policy allows none. The admin runs Django's own
scripts from /static/admin/ and fetches autocomplete results, so under /admin/ ADMIN_CSP adds
script-src and connect-src 'self'; nothing inline is allowed there either.
"""

from django.conf import settings
from django.urls import reverse


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault(
            "Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY
        )
        if self.in_admin(request) and not hasattr(response, "_csp_config"):
            # Read by ContentSecurityPolicyMiddleware, which sits outside this one.
            response._csp_config = settings.ADMIN_CSP
        return response

    def in_admin(self, request):
        if self.admin_prefix is None:
            self.admin_prefix = reverse("admin:index")
        return request.path.startswith(self.admin_prefix)
