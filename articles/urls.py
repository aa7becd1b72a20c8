"""Reader URLs: pages for people, and feeds, sitemaps and robots.txt for machines.

Every one answers GET and HEAD only (articles/methods.py).
"""

from django.contrib.sitemaps.views import sitemap
from django.urls import path, register_converter

from . import feeds, preview, sitemaps, views
from .methods import read_only


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
    path("", read_only(views.FrontPageView.as_view()), name="front"),
    path("stories/<uslug:slug>/", read_only(views.StoryView.as_view()), name="story"),
    path("preview/<str:token>/", read_only(preview.SharedPreviewView.as_view()), name="preview"),
    path("search/", read_only(views.SearchView.as_view()), name="search"),
    path("feeds/rss/", read_only(feeds.LatestStoriesFeed()), name="rss"),
    path("feeds/atom/", read_only(feeds.LatestStoriesAtomFeed()), name="atom"),
    path("corrections/", read_only(views.CorrectionsView.as_view()), name="corrections"),
    path(
        "feeds/corrections/rss/",
        read_only(feeds.LatestCorrectionsFeed()),
        name="corrections-rss",
    ),
    path(
        "feeds/corrections/atom/",
        read_only(feeds.LatestCorrectionsAtomFeed()),
        name="corrections-atom",
    ),
    path("sitemap.xml", read_only(sitemaps.sitemap_index), name="sitemap"),
    # Before the sections' pattern, which would otherwise take "news" for a section.
    path(
        "sitemap-news.xml",
        read_only(sitemap),
        {"sitemaps": sitemaps.NEWS_SITEMAPS, "template_name": "sitemaps/news.xml"},
        name="news-sitemap",
    ),
    path(
        "sitemap-<slug:section>.xml",
        read_only(sitemap),
        {"sitemaps": sitemaps.SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", read_only(views.RobotsView.as_view()), name="robots"),
    path("favicon.ico", read_only(views.favicon), name="favicon"),
]
