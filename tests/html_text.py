"""Read the text of a rendered page the way a reader sees it: element by element."""

from html.parser import HTMLParser

VOID = {"meta", "link", "br", "img", "input", "hr", "source", "wbr"}


class ElementText(HTMLParser):
    """Collects (tag, attrs, text parts, skipped) for every element, in document order."""

    def __init__(self, skip=()):
        super().__init__(convert_charrefs=True)
        self.skip = set(skip)
        self.stack, self.elements = [], []

    def handle_starttag(self, tag, attrs):
        inside_skipped = any(entry[0] in self.skip for entry in self.stack)
        entry = (tag, dict(attrs), [], inside_skipped or tag in self.skip)
        self.elements.append(entry)
        if tag not in VOID:
            self.stack.append(entry)

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        for entry in self.stack:
            entry[2].append(data)


def elements(html, *tags, skip=()):
    """[(tag, attrs, text)] for the given tags, in order, text whitespace-collapsed.

    Elements inside a `skip` tag (say "nav": a table of contents repeats the headings) are left out.
    """
    parser = ElementText(skip)
    parser.feed(html)
    return [
        (tag, attrs, " ".join("".join(parts).split()))
        for tag, attrs, parts, skipped in parser.elements
        if (not tags or tag in tags) and not skipped
    ]


def main_content(html):
    """The page's <main> element: what is left when the header and footer are taken away."""
    return html[html.index("<main") : html.index("</main>")]
