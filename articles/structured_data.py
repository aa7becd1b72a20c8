"""JSON-LD for search engines: NewsArticle on story pages, WebSite with a SearchAction on the front.

`json_ld_script` writes a <script type="application/ld+json"> block escaped the way Django's
`json_script` escapes: "<", ">" and "&" become \\u003C, \\u003E and \\u0026, so no headline can
close the script element or open a comment, and the JSON still decodes to the exact text.
"""

import json

from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .addresses import absolute_media_url

LANGUAGE = "en"

# The same table as django.utils.html's (private) _json_script_escapes.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def iso_datetime(moment):
    """ISO 8601 in the site's time zone, to the second: what <time datetime> shows too.

    None (a draft has no publication time yet) stays None.
    """
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def publisher(site_url):
    return {"@type": "NewsMediaOrganization", "name": settings.SITE_NAME, "url": site_url}


def news_article(story, *, page_url, site_url):
    """NewsArticle for a story from `with_body()`: what Google's article guidelines ask for,
    and schema.org's `correction` when it has published corrections."""
    author = {"@type": "Person", "name": story.byline} if story.byline else publisher(site_url)
    corrections = [correction_comment(c) for c in story.published_corrections]
    # Google's article guidelines ask for the 16:9, 4:3 and 1:1 crops of the lead image.
    picture = story.picture
    return {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.headline,
        "description": story.summary,
        "datePublished": iso_datetime(story.published_at),
        "dateModified": iso_datetime(story.modified_at),
        "author": [author],
        "publisher": publisher(site_url),
        "mainEntityOfPage": {"@type": "WebPage", "@id": page_url},
        "url": page_url,
        "inLanguage": LANGUAGE,
        **({"correction": corrections} if corrections else {}),
        **({"image": [absolute_media_url(crop.url) for crop in picture.crops]} if picture else {}),
    }


def correction_comment(correction):
    """A published correction as schema.org's CorrectionComment."""
    return {
        "@type": "CorrectionComment",
        "text": correction.text,
        "datePublished": iso_datetime(correction.published_at),
    }


def website(*, site_url, search_url):
    """WebSite with a SearchAction: tells search engines how to search this site."""
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": settings.SITE_NAME,
        "url": site_url,
        "inLanguage": LANGUAGE,
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{search_url}?q={{search_term}}"},
            "query-input": "required name=search_term",
        },
    }


def json_ld_script(data):
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(JSON_SCRIPT_ESCAPES)),  # escaped just above
    )
