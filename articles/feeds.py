"""RSS 2.0 and Atom feeds of the latest published stories (django.contrib.syndication)."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .models import Story

FEED_LENGTH = 20


class LatestStoriesFeed(Feed):
    """RSS 2.0: the FEED_LENGTH newest published stories, each with its summary."""

    language = "en"

    def title(self):
        return f"{settings.SITE_NAME}: latest stories"

    def description(self):
        return f"The newest stories from {settings.SITE_NAME}."

    def author_name(self):
        # Atom needs an author for every entry; the feed's covers stories without a byline.
        return settings.SITE_NAME

    def link(self):
        return reverse("articles:front")

    def items(self):
        return Story.objects.published().with_body()[:FEED_LENGTH]

    def item_title(self, story):
        return story.headline

    def item_description(self, story):
        return story.summary

    def item_author_name(self, story):
        return story.byline or None

    def item_pubdate(self, story):
        return story.published_at

    def item_updateddate(self, story):
        return story.modified_at


class LatestStoriesAtomFeed(LatestStoriesFeed):
    """The same stories as Atom 1.0."""

    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()
