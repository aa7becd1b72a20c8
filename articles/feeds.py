"""RSS 2.0 and Atom feeds of the latest published stories, and of the latest published
corrections (django.contrib.syndication).

Every address comes from settings.SITE_URL, not from the request's Host. Text goes through
`clean_text`, so a control character that reached the database some other way can't make the
feed unserializable: validation keeps them out, this keeps the feed up regardless.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .addresses import absolute_url
from .models import Correction, Story
from .text import clean_text

FEED_LENGTH = 20


class LatestStoriesFeed(Feed):
    """RSS 2.0: the FEED_LENGTH newest published stories, each with its summary."""

    language = "en"
    url_name = "articles:rss"

    def title(self):
        return f"{settings.SITE_NAME}: latest stories"

    def description(self):
        return f"The newest stories from {settings.SITE_NAME}."

    def author_name(self):
        # Atom needs an author for every entry; the feed's covers stories without a byline.
        return settings.SITE_NAME

    def link(self):
        return absolute_url(reverse("articles:front"))

    def feed_url(self):
        return absolute_url(reverse(self.url_name))

    def items(self):
        return Story.objects.published()[:FEED_LENGTH]

    def item_link(self, story):
        return absolute_url(story.get_absolute_url())

    def item_title(self, story):
        return clean_text(story.headline)

    def item_description(self, story):
        return clean_text(story.summary)

    def item_author_name(self, story):
        return clean_text(story.byline) or None

    def item_pubdate(self, story):
        return story.published_at

    def item_updateddate(self, story):
        return story.modified_at


class LatestStoriesAtomFeed(LatestStoriesFeed):
    """The same stories as Atom 1.0."""

    feed_type = Atom1Feed
    url_name = "articles:atom"

    def subtitle(self):
        return self.description()


class LatestCorrectionsFeed(LatestStoriesFeed):
    """RSS 2.0: the FEED_LENGTH newest published corrections, each linking to its story's
    corrections."""

    url_name = "articles:corrections-rss"

    def title(self):
        return f"{settings.SITE_NAME}: corrections"

    def description(self):
        return f"Corrections to stories published by {settings.SITE_NAME}, newest first."

    def link(self):
        return absolute_url(reverse("articles:corrections"))

    def items(self):
        return (
            Correction.objects.published()
            .select_related("story")
            .order_by("-published_at", "-pk")[:FEED_LENGTH]
        )

    def item_link(self, correction):
        return absolute_url(correction.get_absolute_url())

    def item_guid(self, correction):
        # Unique per correction: several corrections share their story's address.
        return absolute_url(f"{correction.story.get_absolute_url()}#correction-{correction.pk}")

    def item_guid_is_permalink(self, correction):
        return False

    def item_title(self, correction):
        return clean_text(f"Correction: {correction.story.headline}")

    def item_description(self, correction):
        return clean_text(correction.text)

    def item_author_name(self, correction):
        return None

    def item_pubdate(self, correction):
        return correction.published_at

    def item_updateddate(self, correction):
        return correction.published_at


class LatestCorrectionsAtomFeed(LatestCorrectionsFeed):
    """The same corrections as Atom 1.0."""

    feed_type = Atom1Feed
    url_name = "articles:corrections-atom"

    def subtitle(self):
        return self.description()
