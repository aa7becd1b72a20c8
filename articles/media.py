"""Renditions of uploaded pictures served by the app itself, when SERVE_MEDIA says so: on a laptop
(`make run`, `make serve`) and in tests. Production serves MEDIA_URL from a bucket or the web
server in front instead (README: Media).

Every name under MEDIA_URL is made from the picture's content (articles/uploads.py), so an
answer never changes and browsers and CDNs may keep it for a year without asking again.
"""

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404
from django.views.static import serve

FOREVER = "public, max-age=31536000, immutable"
PUBLIC = "renditions/"


def media(request, path):
    """A stored rendition, with long-lived caching; 404 for anything else (an original, no
    such file, a folder, a path that leaves MEDIA_ROOT, or SERVE_MEDIA off)."""
    # Only renditions: originals keep their EXIF data (a GPS position), so readers never get them.
    if not settings.SERVE_MEDIA or "\x00" in path or not path.startswith(PUBLIC):
        raise Http404("Media are not served here.")
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except (SuspiciousFileOperation, OSError, ValueError) as exc:
        # A path out of MEDIA_ROOT, or one the file system can't even look up (too long).
        raise Http404("No such file.") from exc
    if response.status_code == 200:
        response["Cache-Control"] = FOREVER
    return response
