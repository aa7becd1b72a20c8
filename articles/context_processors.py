"""Site facts every template may show, set once in settings."""

from django.conf import settings


def site(request):
    """site_name, site_tagline, and site_description ("Name: tagline") for meta tags."""
    return {
        "site_name": settings.SITE_NAME,
        "site_tagline": settings.SITE_TAGLINE,
        "site_description": f"{settings.SITE_NAME}: {settings.SITE_TAGLINE}",
    }
