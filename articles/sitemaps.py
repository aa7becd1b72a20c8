"""Sitemaps: an index of sitemap pages holding every published story, and a Google News sitemap
of the last 48 hours.

`lastmod` is the last substantive change (or publication), not every save: search engines
recrawl on it, and a typo fix should not look like news. Addresses come from settings.SITE_URL,
not from the request's Host.

Story pages are ranges of ids (IdRangePaginator), not offsets: a story stays on the same page
for good, so a new story changes one page rather than shifting every page, and no page costs
more to build than another.
"""

import math
from datetime import timedelta
from functools import cached_property
from types import SimpleNamespace

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import index
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

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


class IdRangePaginator:
    """Pages of a queryset by primary key: page n holds the rows whose id is in
    ((n - 1) * per_page, n * per_page], so at most per_page rows and never an OFFSET.

    Enough of Paginator's interface for Django's sitemap views: num_pages, page(n).object_list.
    """

    def __init__(self, queryset, per_page):
        self.queryset, self.per_page = queryset, per_page

    @cached_property
    def num_pages(self):
        highest = self.queryset.aggregate(highest=Max("pk"))["highest"] or 0
        return max(1, math.ceil(highest / self.per_page))

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError) as exc:
            raise PageNotAnInteger(number) from exc
        if not 1 <= number <= self.num_pages:
            raise EmptyPage(number)
        first, last = (number - 1) * self.per_page, number * self.per_page
        return SimpleNamespace(
            object_list=self.queryset.filter(pk__gt=first, pk__lte=last).order_by("pk")
        )


class FrontPageSitemap(SiteSitemap):
    changefreq = "hourly"

    def items(self):
        return ["articles:front"]

    def location(self, name):
        return reverse(name)


class StorySitemap(SiteSitemap):
    @property
    def limit(self):
        return settings.SITEMAP_PAGE_URLS

    @property
    def paginator(self):
        return IdRangePaginator(self.items(), self.limit)

    def items(self):
        return Story.objects.published().only("slug", "published_at", "revised_at")

    def lastmod(self, story):
        return story.modified_at

    def get_latest_lastmod(self):
        # Django's default reads every story; and the index would give every page the newest
        # story's date, telling crawlers that old pages changed. Pages carry their own.
        return None


class NewsSitemap(SiteSitemap):
    """The NEWS_LIMIT newest stories of the last NEWS_WINDOW, on one page.

    Rendered with sitemaps/news.xml, which adds each story's <news:news> block."""

    limit = NEWS_LIMIT

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        return (
            Story.objects.published()
            .filter(published_at__gte=since)
            .only("slug", "headline", "published_at", "revised_at")
            .order_by("-published_at", "-pk")[:NEWS_LIMIT]
        )

    def lastmod(self, story):
        return story.modified_at


SITEMAPS = {"front": FrontPageSitemap, "stories": StorySitemap}


def sitemap_index(request):
    """sitemap.xml: Django's index view, whose page addresses (built from the request's scheme
    and Host) are moved onto SITE_URL, like every other address the site gives out.

    The index lists a page per SITEMAP_PAGE_URLS stories (200 at 100,000 stories), so its
    entries are written here, in one pass, for sitemaps/index.xml: through the template
    language they cost more than the rest of the page, and made it grow with the archive."""
    response = index(
        request,
        SITEMAPS,
        template_name="sitemaps/index.xml",
        sitemap_url_name="articles:sitemap-section",
    )
    request_root = f"{request.scheme}://{request.get_host()}"
    response.context_data["entries"] = mark_safe(
        "".join(
            index_entry(settings.SITE_URL + page.location.removeprefix(request_root), page.last_mod)
            for page in response.context_data["sitemaps"]
        )
    )
    return response


def index_entry(location, last_mod):
    lastmod = f"<lastmod>{last_mod.isoformat()}</lastmod>" if last_mod else ""
    return f"<sitemap><loc>{escape(location)}</loc>{lastmod}</sitemap>\n"


NEWS_SITEMAPS = {"news": NewsSitemap}
