"""The Markdown subset of section bodies, and typographic quotes on reader pages.

A body is plain text whose paragraphs are separated by blank lines, as it always was. Within
that, an editor may write (the rules the admin's help text gives, BODY_HELP_TEXT):

- *emphasis* or _emphasis_, and **strong** or __strong__: the marks must sit at the edges of
  words, so 2*3*4, snake_case and a lone * stay as typed;
- [link text](https://example.com/): http, https and mailto addresses, or addresses on this
  site (/stories/...). Any other scheme (javascript:, data:, vbscript:, ...) is refused by the
  form, and dropped (its text kept) from any row that got in another way;
- a bulleted list: a paragraph of two or more lines that all start with "- " (or "* ", "+ ");
- a numbered list: a paragraph of two or more lines that all start with a number and ". ";
- a block quote: a paragraph whose every line starts with "> ".

Anything else is text, shown as typed: a paragraph that only partly looks like a list or a
quote, "1. The council..." on its own, headings (#), code, tables, images, raw HTML (escaped),
backslashes (they escape nothing) and entities (&amp; shows as typed), footnote-like [1].

markdown-it-py parses, from its "zero" preset with only these rules enabled; each blank-line
paragraph is parsed on its own and keeps its Markdown shape only when it is one of the shapes
above, which is what keeps plain text exact. nh3 then sanitises the HTML against an
allow-list of exactly the tags and attributes this subset makes, as defence in depth.

Quotes: straight ' and " become curly (U+2018/2019, U+201C/201D; an apostrophe U+2019) on
output only, through markdown-it's
own smartquotes rule (text only: never inside an address or an attribute). The stored text,
the plain text (search, summaries, feeds) and JSON-LD keep the quotes as typed.
"""

import functools
import re
from typing import NamedTuple
from urllib.parse import urlsplit

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt
from markdown_it.rules_core.smartquotes import smartquotes
from markdown_it.rules_core.state_core import StateCore
from markdown_it.rules_inline import emphasis
from markdown_it.rules_inline.state_inline import StateInline

BODY_HELP_TEXT = (
    "Separate paragraphs with a blank line. Markdown, only this much: *emphasis*, **strong**, "
    "[link text](https://example.com/) (http, https, mailto or this site's addresses); a "
    "paragraph whose every line starts with “- ” is a bulleted list, with “1. ”, “2. ” a "
    "numbered list (two lines or more), with “> ” a quote. Everything else shows as typed, "
    "so “1. The council…” alone, snake_case, # and <b> stay text. Straight quotes show as "
    "curly ones on the site."
)

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
# Browsers ignore these inside a URL ("java\tscript:" is javascript:), so the scheme check must.
IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]")
QUOTE_LINE = re.compile(r">( |$)")
# A one-line paragraph without a character that the subset, smartquotes or HTML escaping acts
# on renders as itself. Most paragraphs are such, and markdown-it costs 0.1 ms for each.
PLAIN_PARAGRAPH = re.compile(r"[^\n*_\[\]<>&'\"\\`\x00-\x1f\x7f-\xa0]+")

# What the subset produces, and nothing else gets through nh3.
TAGS = {"p", "a", "em", "strong", "ul", "ol", "li", "blockquote"}
ATTRIBUTES = {"a": {"href", "title", "rel"}, "ol": {"start"}}

LIST_TYPES = {"bullet_list_open", "ordered_list_open"}
LIST_SHAPE = LIST_TYPES | {
    "bullet_list_close",
    "ordered_list_close",
    "list_item_open",
    "list_item_close",
    "paragraph_open",
    "paragraph_close",
    "inline",
}
QUOTE_SHAPE = {"blockquote_open", "blockquote_close", "paragraph_open", "paragraph_close", "inline"}


class Rendered(NamedTuple):
    html: str  # sanitised, typographic quotes
    text: str  # Markdown syntax removed, link text kept, quotes as typed; blank-line paragraphs
    refused_links: list  # addresses of links that were dropped


def emphasis_at_word_edges(state: StateInline, silent: bool) -> bool:
    """markdown-it's emphasis rule, with `*` held to the rule CommonMark sets for `_`: it can't
    open or close inside a word, so 2*3*4 stays arithmetic."""
    state.scanDelims = lambda start, _can_split_word: StateInline.scanDelims(state, start, False)
    return emphasis.tokenize(state, silent)


def parser(*block_rules):
    md = MarkdownIt("zero", {"typographer": True})  # typographer: for the smartquotes call
    md.enable([*block_rules, "link", "emphasis"])
    md.inline.ruler.at("emphasis", emphasis_at_word_edges)
    md.validateLink = lambda url: True  # every link is parsed; links_by_policy judges them
    return md


BLOCKS = parser("list", "blockquote")
PARAGRAPH = parser()  # nothing but a paragraph: the fallback for anything that isn't a shape
QUOTES = MarkdownIt("zero", {"typographer": True}).enable("smartquotes")


def render(source, *, site_host="", nofollow=False):
    """Rendered HTML, plain text and refused link addresses of a section body."""
    html, texts, refused = [], [], []
    for block in blocks(source):
        if PLAIN_PARAGRAPH.fullmatch(block):
            block_html, text, block_refused = f"<p>{block}</p>\n", block, []
        else:
            block_html, text, block_refused = parse_and_render(block, site_host, nofollow)
        html.append(block_html)
        texts.append(text)
        refused += block_refused
    return Rendered(sanitise("".join(html)), "\n\n".join(texts), refused)


def parse_and_render(block, site_host, nofollow):
    """(HTML, plain text, refused addresses) of one paragraph, through markdown-it."""
    md, tokens = parse_block(block)
    refused = links_by_policy(tokens, site_host, nofollow)
    text = plain_text(tokens)
    smartquotes(StateCore(block, md, {}, tokens))
    return md.renderer.render(tokens, md.options, {}), text, refused


def render_body(source):
    """`render` with the site's settings: links off SITE_URL's host are external."""
    host = urlsplit(settings.SITE_URL).hostname or ""
    return cached_render(source or "", host, settings.BODY_LINKS_NOFOLLOW)


# A save renders a body for its HTML, its text and its validation: once.
@functools.lru_cache(maxsize=64)
def cached_render(source, site_host, nofollow):
    return render(source, site_host=site_host, nofollow=nofollow)


def blocks(source):
    """Paragraphs as the plain-text format has always had them: split at blank lines."""
    normalized = source.replace("\r\n", "\n").replace("\r", "\n")
    return [b.strip() for b in re.split(r"\n[ \t]*\n", normalized) if b.strip()]


def parse_block(block):
    """(parser, tokens): a list or a quote when the whole block is one, else a paragraph."""
    tokens = BLOCKS.parse(block)
    if is_list(tokens, block) or is_quote(tokens, block):
        return BLOCKS, tokens
    return PARAGRAPH, PARAGRAPH.parse(block)


def is_list(tokens, block):
    lines = block.split("\n")
    items = sum(t.type == "list_item_open" for t in tokens)
    return (
        len(lines) >= 2
        and tokens[0].type in LIST_TYPES
        and sum(t.type in LIST_TYPES for t in tokens) == 1  # no list inside an item
        and items == len(lines)  # every line an item, none continuing another
        and {t.type for t in tokens} <= LIST_SHAPE
    )


def is_quote(tokens, block):
    return (
        tokens[0].type == "blockquote_open"
        and sum(t.type == "blockquote_open" for t in tokens) == 1
        and all(QUOTE_LINE.match(line) for line in block.split("\n"))
        and {t.type for t in tokens} <= QUOTE_SHAPE
    )


def links_by_policy(tokens, site_host, nofollow):
    """Drop links to refused schemes (their text stays) and mark the ones to other sites;
    return the refused addresses."""
    refused = []
    for token in tokens:
        if token.type != "inline":
            continue
        kept, dropping = [], []
        for child in token.children:
            if child.type == "link_open":
                href = child.attrGet("href") or ""
                dropping.append(not allowed_address(href))
                if dropping[-1]:
                    refused.append(href)
                    continue
                if is_external(href, site_host):
                    child.attrSet("rel", "nofollow noopener" if nofollow else "noopener")
            elif child.type == "link_close" and dropping.pop():
                continue
            kept.append(child)
        token.children = kept
    return refused


def allowed_address(href):
    """http, https and mailto addresses, and addresses with no scheme (this site's)."""
    cleaned = IGNORED_IN_URLS.sub("", href)
    try:
        scheme = urlsplit(cleaned).scheme.lower()
    except ValueError:  # such as an unclosed [ in the host
        return False
    return scheme in ALLOWED_SCHEMES or (not scheme and ":" not in cleaned.split("/", 1)[0])


def is_external(href, site_host):
    parts = urlsplit(href)
    return (
        parts.scheme in {"http", "https", ""}
        and bool(parts.netloc)
        and (parts.hostname != site_host)
    )


def plain_text(tokens):
    """What a reader reads, without the markup: list items and quoted paragraphs on lines."""
    lines = []
    for token in tokens:
        if token.type == "inline":
            lines.append("".join(c.content for c in token.children if c.type == "text"))
    return "\n".join(lines)


def sanitise(html):
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=set(ALLOWED_SCHEMES),
        link_rel=None,  # rel is set above, only on links to other sites
        strip_comments=True,
    )


def refuse_unsafe_links(source):
    """Validator for section bodies: a link may not go to javascript:, data:, or any scheme
    but http, https and mailto."""
    if isinstance(source, str) and (refused := render_body(source).refused_links):
        shown = refused[0] if len(refused[0]) <= 60 else refused[0][:60] + "…"
        raise ValidationError(
            f"The link to “{shown}” is not allowed: links may go to http, https or mailto "
            "addresses, or to addresses on this site. Change or remove it, then save again.",
            code="unsafe_link",
        )


def typographic(text):
    """Escaped HTML of plain text with straight quotes made typographic: for headlines,
    standfirsts, headings and related-link titles on reader pages."""
    if not text or ("'" not in text and '"' not in text):
        return escape(text or "")
    return mark_safe(QUOTES.renderInline(text))  # markdown-it escapes the text it renders
