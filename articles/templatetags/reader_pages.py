"""Template tags for reader pages: absolute URLs, JSON-LD blocks, share links and times.

Absolute addresses come from settings.SITE_URL (articles/addresses.py), never from the
request's Host header.
"""

from django import template
from django.template.defaultfilters import date
from django.urls import reverse
from django.utils import timezone

from articles import markup, recency, renditions, sharing, structured_data
from articles.addresses import absolute_media_url
from articles.addresses import absolute_url as site_address
from articles.text import clean_text

register = template.Library()


@register.simple_tag
def absolute_url(path):
    """`path` as a full URL on the site's public address: for canonical links and og:url."""
    return site_address(path)


# How each place on a page shows a picture: (sizes, fetched first, caption and credit shown).
PICTURE_ROLES = {
    "lead": (renditions.LEAD_SIZES, True, True),  # a story's lead image
    "section": (renditions.LEAD_SIZES, False, True),  # a section's picture, further down
    "top": (renditions.LEAD_SIZES, True, False),  # the front page's top story
    "card": (renditions.CARD_SIZES, False, False),  # a story card's small picture
}


@register.inclusion_tag("articles/includes/picture.html")
def picture(picture, role="section", sizes=None):
    """A picture with its renditions, as `role` (a key of PICTURE_ROLES) shows it:
    {% picture story.picture "lead" %}, or {% picture story.picture "card" sizes="8rem" %}
    for a slot of another width; nothing when `picture` is None."""
    role_sizes, lead, figure = PICTURE_ROLES[role]
    return {"picture": picture, "sizes": sizes or role_sizes, "lead": lead, "figure": figure}


@register.filter
def absolute_media(url):
    """A picture's full address, for og:image and the Twitter card."""
    return absolute_media_url(url)


@register.simple_tag
def story_json_ld(story):
    data = structured_data.news_article(
        story,
        page_url=site_address(story.get_absolute_url()),
        site_url=site_address(reverse("articles:front")),
    )
    return structured_data.json_ld_script(data)


@register.simple_tag
def website_json_ld():
    data = structured_data.website(
        site_url=site_address(reverse("articles:front")),
        search_url=site_address(reverse("articles:search")),
    )
    return structured_data.json_ld_script(data)


@register.simple_tag
def share_links(story):
    page_url = site_address(story.get_absolute_url())
    return sharing.share_links(story.headline, page_url)


@register.filter
def iso_datetime(moment):
    """ISO 8601 to the second in the site's time zone, for <time datetime> and meta tags.

    Django's "c" format keeps microseconds, which HTML's datetime attribute does not allow.
    """
    return structured_data.iso_datetime(moment) or ""


@register.filter
def xml_text(text):
    """Text for an XML document (the news sitemap): no character XML 1.0 can't hold."""
    return clean_text(text)


@register.filter
def published_when(moment, now):
    """ "3 hours ago" within a day of `now` (the time the page was made; the moment it goes
    stale is in the page's Expires header), or else the date: "12 June 2026"."""
    return recency.ago(moment, now or timezone.now()) or date(moment, "j F Y")


@register.filter
def typographic(text):
    """Straight quotes as typographic (curly) ones, escaped: for what readers read on the
    page. Stored text, feeds, JSON-LD and meta tags keep the quotes as typed."""
    return markup.typographic(text)
