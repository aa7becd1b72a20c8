"""RSS 2.0 and Atom feeds of the latest published stories (django.contrib.syndication)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .models import Story
from .structured_data import SITE_NAME

FEED_LENGTH = 20


class LatestStoriesFeed(Feed):
    """RSS 2.0: the FEED_LENGTH newest published stories, each with its summary."""

    title = f"{SITE_NAME}: latest stories"
    description = "The newest stories from Newsroom."
    language = "en"
    # Atom needs an author for every entry; the feed's covers stories without a byline.
    author_name = SITE_NAME

    def link(self):
        return reverse("articles:front")

    def items(self):
        return Story.objects.published()[:FEED_LENGTH]

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
    subtitle = LatestStoriesFeed.description
