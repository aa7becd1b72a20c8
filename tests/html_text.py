"""Read the text of a rendered page the way a reader sees it: element by element."""

from html.parser import HTMLParser

VOID = {"meta", "link", "br", "img", "input", "hr", "source", "wbr"}


class ElementText(HTMLParser):
    """Collects (tag, text) for every element, in document order, with entities decoded."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.elements = [], []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            self.elements.append((tag, dict(attrs), []))
            return
        entry = (tag, dict(attrs), [])
        self.elements.append(entry)
        self.stack.append(entry)

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        for entry in self.stack:
            entry[2].append(data)


def elements(html, *tags):
    """[(tag, attrs, text)] for the given tags, in order, text whitespace-collapsed."""
    parser = ElementText()
    parser.feed(html)
    return [
        (tag, attrs, " ".join("".join(parts).split()))
        for tag, attrs, parts in parser.elements
        if not tags or tag in tags
    ]
