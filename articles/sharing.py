"""Share links as plain URLs: each service's own "share this address" page, no script of theirs.

A reader's click is the only thing that contacts the service; the page loads nothing from it.
"""

from urllib.parse import quote, urlencode

SERVICES = [
    ("Email", "mailto:", lambda title, url: {"subject": title, "body": url}),
    ("Bluesky", "https://bsky.app/intent/compose", lambda title, url: {"text": f"{title} {url}"}),
    (
        "LinkedIn",
        "https://www.linkedin.com/sharing/share-offsite/",
        lambda title, url: {"url": url},
    ),
    ("Facebook", "https://www.facebook.com/sharer/sharer.php", lambda title, url: {"u": url}),
    ("X", "https://x.com/intent/post", lambda title, url: {"text": title, "url": url}),
    ("WhatsApp", "https://wa.me/", lambda title, url: {"text": f"{title} {url}"}),
]


def share_links(title, url):
    """[(service name, href)] for sharing the page at absolute `url` under `title`."""
    # quote, not quote_plus: mail clients show a "+" for a space literally.
    return [
        (name, f"{base}?{urlencode(params(title, url), quote_via=quote)}")
        for name, base, params in SERVICES
    ]
