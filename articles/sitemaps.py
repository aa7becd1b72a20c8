"""Sitemaps: every published story, and a Google News sitemap of the last 48 hours.

`lastmod` is the last substantive change (or publication), not every save: search engines
recrawl on it, and a typo fix should not look like news. Addresses come from settings.SITE_URL,
not from the request's Host.
"""

from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import timezone

from .addresses import site_domain, site_scheme
from .models import Story

# Google News reads only articles published in the last two days, at most 1,000 per sitemap.
NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000


class SiteSitemap(Sitemap):
    """Django's sitemap view passes the request's host and scheme; the site's own win."""

    def get_protocol(self, protocol=None):
        return site_scheme()

    def get_domain(self, site=None):
        return site_domain()


class FrontPageSitemap(SiteSitemap):
    changefreq = "hourly"

    def items(self):
        return ["articles:front"]

    def location(self, name):
        return reverse(name)


class StorySitemap(SiteSitemap):
    def items(self):
        return Story.objects.published().only("slug", "published_at", "revised_at")

    def lastmod(self, story):
        return story.modified_at


class NewsSitemap(StorySitemap):
    """Rendered with sitemaps/news.xml, which adds each story's <news:news> block."""

    limit = NEWS_LIMIT

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        return (
            Story.objects.published()
            .filter(published_at__gte=since)
            .only("slug", "headline", "published_at", "revised_at")
        )


SITEMAPS = {"front": FrontPageSitemap, "stories": StorySitemap}
NEWS_SITEMAPS = {"news": NewsSitemap}
