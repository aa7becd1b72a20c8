"""Turn a plain-text article into a Story.

The format, line by line:

- The first line is the headline.
- Each following line is a paragraph or a section heading, until the first blank line.
- After the first blank line come the related headlines, one per line.

A heading is a short line (at most 120 characters) that introduces paragraphs: a
body line follows it, and it does not end like a sentence (. ! … ; , or a closing quote after
them), though it may end in "?" or contain ":". Everything else in the body is a paragraph, so a
one-line paragraph that ends in a period stays a paragraph. Paragraphs before the first heading
form the lead, a section with no heading. A related headline may end in anything.

The file is UTF-8 (a BOM is allowed), or UTF-16 with a BOM, and at most 2 MB. Lines end at
LF, CRLF or CR only: a line separator (U+2028) stays inside its paragraph. A control character
is refused (FILE:LINE names it), except a Word soft return (U+000B), which becomes a space.
"""

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from . import derived
from .editing import versions
from .models import RelatedLink, Section, Story
from .text import describe, first_control_character, soft_returns_to_spaces

HEADING_MAX_CHARS = 120
HEADLINE_MAX_CHARS = Story._meta.get_field("headline").max_length
TITLE_MAX_CHARS = RelatedLink._meta.get_field("title").max_length
SENTENCE_ENDINGS = (".", "!", "…", ";", ",")
CLOSING_QUOTES = "\"'”’»)"
# Far beyond any real article (the seed is 9 KB); a bigger file is a mistake, not a story.
MAX_FILE_BYTES = 2 * 1024 * 1024
# Only real newlines end a line: str.splitlines() also splits on U+2028, \x0b, \x0c, \x1c-\x1e
# and \x85, which would cut a paragraph in two.
NEWLINE = re.compile(r"\r\n|\r|\n")
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
UTF32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)


class ArticleFormatError(Exception):
    """A file that is not an article in this format. Says which file, which line, and why."""

    def __init__(self, path, line, reason):
        self.path, self.line, self.reason = path, line, reason
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {reason}")


@dataclass
class ParsedSection:
    heading: str
    paragraphs: list[str] = field(default_factory=list)

    @property
    def body(self):
        return "\n\n".join(self.paragraphs)


@dataclass
class ParsedArticle:
    headline: str
    sections: list[ParsedSection]
    related: list[str]


def ends_like_sentence(line):
    return line.rstrip(CLOSING_QUOTES).endswith(SENTENCE_ENDINGS)


def is_heading(line, next_line):
    return next_line is not None and len(line) <= HEADING_MAX_CHARS and not ends_like_sentence(line)


def read_bytes(path):
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_FILE_BYTES + 1)  # never more, whatever the file claims to be
    except OSError as exc:
        raise ArticleFormatError(path, None, f"cannot read the file ({exc.strerror})") from exc
    if len(raw) > MAX_FILE_BYTES:
        raise ArticleFormatError(
            path,
            None,
            f"the file is larger than the {MAX_FILE_BYTES // 1024 // 1024} MB an article may "
            "be; split it or trim it",
        )
    return raw


def decode(path, raw):
    """UTF-8, or UTF-16 when a BOM says so; anything else is refused by name."""
    if raw.startswith(UTF32_BOMS):  # before UTF-16: a UTF-32 LE BOM starts like a UTF-16 one
        raise ArticleFormatError(path, None, "UTF-32 text is not supported; save it as UTF-8")
    if raw.startswith(UTF16_BOMS):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ArticleFormatError(path, None, "the text is not valid UTF-16") from exc
    if b"\x00" in raw:
        raise ArticleFormatError(
            path,
            None,
            "this is a binary file, not a plain-text article (UTF-16 needs a byte order mark)",
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ArticleFormatError(path, line, "the text is not valid UTF-8") from exc


def read_lines(path):
    path = Path(path)
    text = decode(path, read_bytes(path))
    if not text.strip():
        raise ArticleFormatError(path, None, "the file is empty")
    lines = []
    for number, line in enumerate(NEWLINE.split(text), start=1):
        line = soft_returns_to_spaces(line)
        if found := first_control_character(line):
            raise ArticleFormatError(path, number, f"this line {describe(found)}")
        lines.append(line.strip())
    return lines


def parse_article(path):
    """Read `path` into a ParsedArticle, or raise ArticleFormatError."""
    lines = read_lines(path)
    headline = lines[0]
    if not headline:
        raise ArticleFormatError(path, 1, "the first line must be the headline, but it is blank")
    if len(headline) > HEADLINE_MAX_CHARS:
        raise ArticleFormatError(
            path, 1, f"the headline is longer than {HEADLINE_MAX_CHARS} characters"
        )
    try:
        blank = lines.index("", 1)
    except ValueError:
        blank = len(lines)
    body = lines[1:blank]
    if not body:
        raise ArticleFormatError(path, 2, "the article has a headline but no body paragraphs")

    sections = []
    for i, line in enumerate(body):
        next_line = body[i + 1] if i + 1 < len(body) else None
        if is_heading(line, next_line):
            sections.append(ParsedSection(heading=line))
        else:
            if not sections:
                sections.append(ParsedSection(heading=""))
            sections[-1].paragraphs.append(line)
    related = []
    for number, title in enumerate(lines[blank + 1 :], start=blank + 2):
        if len(title) > TITLE_MAX_CHARS:
            raise ArticleFormatError(
                path, number, f"this related headline is longer than {TITLE_MAX_CHARS} characters"
            )
        if title:
            related.append(title)
    return ParsedArticle(headline=headline, sections=sections, related=related)


@transaction.atomic
def import_story(path, *, publish=True, replace=False):
    """Create (or, with replace, rebuild) the story in `path`. All or nothing.

    It is a new version like an admin save (versions.new_version), so an editor with the
    story open gets a merge or a conflict, not an overwrite.
    """
    article = parse_article(path)
    story = Story.objects.filter(headline=article.headline).first()
    if story and not replace:
        raise ArticleFormatError(
            path,
            1,
            f"a story with this headline already exists (/{story.slug}); "
            "use --replace to rebuild it from the file",
        )
    comment = f"Imported from {Path(path).name}"
    with versions.new_version(
        story.pk if story else Story(headline=article.headline), comment=comment
    ) as new:
        save_article(article, new.story, publish=publish)
    return new.story


def save_article(article, story, *, publish):
    """Give `story` (saved, and locked if it was there before) the article's parts."""
    story.sections.all().delete()
    story.related_links.all().delete()
    if publish:
        story.status = Story.Status.PUBLISHED
        story.published_at = story.published_at or timezone.now()
    Section.objects.bulk_create(
        Section(story=story, position=n, heading=s.heading, body=s.body)
        for n, s in enumerate(article.sections, start=1)
    )
    RelatedLink.objects.bulk_create(
        RelatedLink(story=story, position=n, title=title)
        for n, title in enumerate(article.related, start=1)
    )
    # bulk_create sends no signals: the stored summary and search document are refreshed here;
    # new_version's revision takes the parts through the story's follow.
    derived.refresh([story.pk])
