"""Absolute addresses for readers and machines (canonical links, OpenGraph, JSON-LD, feeds,
sitemaps, robots.txt, share links), all from settings.SITE_URL.

Never from the request: its Host header and port are whatever the client sent, and a page
cached or shared with them would send every reader there.
"""

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(path):
    """The site's public address of `path`, an absolute path such as reverse() gives."""
    return settings.SITE_URL + path


def absolute_media_url(url):
    """A stored file's address as readers' machines need it: storages on a CDN or a bucket
    give absolute URLs already; local media are on SITE_URL."""
    return url if urlsplit(url).scheme else absolute_url(url)


def site_scheme():
    return urlsplit(settings.SITE_URL).scheme


def site_domain():
    """The host (and port, if SITE_URL has one) that every absolute address uses."""
    return urlsplit(settings.SITE_URL).netloc
