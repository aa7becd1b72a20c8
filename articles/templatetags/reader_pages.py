"""Template tags for reader pages: absolute URLs, JSON-LD blocks and share links.

They need the request (for the scheme and host), so they live here rather than on the model.
"""

from django import template
from django.urls import reverse

from articles import sharing, structured_data

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """`path` as a full URL on the host the reader asked for: for canonical links and og:url."""
    return context["request"].build_absolute_uri(path)


@register.simple_tag(takes_context=True)
def story_json_ld(context, story):
    request = context["request"]
    data = structured_data.news_article(
        story,
        page_url=request.build_absolute_uri(story.get_absolute_url()),
        site_url=request.build_absolute_uri(reverse("articles:front")),
    )
    return structured_data.json_ld_script(data)


@register.simple_tag(takes_context=True)
def website_json_ld(context):
    request = context["request"]
    data = structured_data.website(
        site_url=request.build_absolute_uri(reverse("articles:front")),
        search_url=request.build_absolute_uri(reverse("articles:search")),
    )
    return structured_data.json_ld_script(data)


@register.simple_tag(takes_context=True)
def share_links(context, story):
    page_url = context["request"].build_absolute_uri(story.get_absolute_url())
    return sharing.share_links(story.headline, page_url)


@register.filter
def iso_datetime(moment):
    """ISO 8601 to the second in the site's time zone, for <time datetime> and meta tags.

    Django's "c" format keeps microseconds, which HTML's datetime attribute does not allow.
    """
    return structured_data.iso_datetime(moment) or ""
