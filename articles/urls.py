"""Reader URLs: pages for people, and feeds, sitemaps and robots.txt for machines."""

from django.contrib.sitemaps.views import index, sitemap
from django.urls import path, register_converter

from . import feeds, preview, sitemaps, views


class UnicodeSlugConverter:
    """Letters in any script, digits, "_" and "-": what a story slug may hold.

    Anything else (a NUL byte, a space, punctuation) never reaches the database; it is a 404.
    """

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(UnicodeSlugConverter, "uslug")

app_name = "articles"
urlpatterns = [
    path("", views.FrontPageView.as_view(), name="front"),
    path("stories/<uslug:slug>/", views.StoryView.as_view(), name="story"),
    path("preview/<str:token>/", preview.SharedPreviewView.as_view(), name="preview"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feeds/rss/", feeds.LatestStoriesFeed(), name="rss"),
    path("feeds/atom/", feeds.LatestStoriesAtomFeed(), name="atom"),
    path(
        "sitemap.xml",
        index,
        {"sitemaps": sitemaps.SITEMAPS, "sitemap_url_name": "articles:sitemap-section"},
        name="sitemap",
    ),
    # Before the sections' pattern, which would otherwise take "news" for a section.
    path(
        "sitemap-news.xml",
        sitemap,
        {"sitemaps": sitemaps.NEWS_SITEMAPS, "template_name": "sitemaps/news.xml"},
        name="news-sitemap",
    ),
    path(
        "sitemap-<slug:section>.xml",
        sitemap,
        {"sitemaps": sitemaps.SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", views.RobotsView.as_view(), name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
]
