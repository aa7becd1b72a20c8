"""Synthetic stories for scale tests and benchmarks: `manage.py generate_stories N`.

Text is news-like English built from word lists, with a seeded random generator so the same
seed gives the same archive. Words are drawn with Zipf-like weights (a few words in almost every
story, a long tail in few), publication times are spread over years, and every story has a
lead, headed sections and related links (to earlier stories, to a URL, or plain text). A few
marker words have a known frequency, so benchmarks can search for a common, a rare and an
absent word (COMMON_WORD, RARE_WORD, ABSENT_WORD).

Rows go in with bulk_create, in batches, in one transaction; the stored summary is computed as
each story is built and the search documents are filled per batch (articles/derived.py).
"""

import random
from dataclasses import dataclass
from datetime import timedelta
from itertools import accumulate, batched

from django.db import connection, transaction
from django.db.models import Value
from django.utils import timezone
from django.utils.text import slugify

from . import derived
from .models import RelatedLink, Section, Story, summarize
from .slugs import SLUG_MAX_LENGTH

BATCH = 1000
# Found in nearly every story / in about one story in RARE_EVERY / in none.
COMMON_WORD = "council"
RARE_WORD = "quokka"
RARE_EVERY = 1000
ABSENT_WORD = "xylophonist"


def words(text):
    return text.split()


NOUNS = words(
    """
council city government minister report plan budget election police court school hospital
company market price water housing project committee vote decision law policy union workers
teachers residents families police officers street bridge harbour station river road tax
funding review inquiry data study research scientists doctors patients care energy power
climate weather storm flood fire team season match coach players fans club league festival
museum library theatre film music artist book museum exhibition church park garden farm farmers
food supply industry bank interest rates inflation jobs wages strike talks deal contract
agreement mayor governor president parliament senate party campaign candidate voters survey
figures results growth costs prices rents landlords tenants buses trains airport flights border
trade exports imports factory plant technology software network internet phone privacy security
army soldiers peace war ceiling statement spokesperson lawyer judge trial jury verdict appeal
prison sentence victims witnesses community charity volunteers donations children parents
students university college exam grades nurses ambulance clinic vaccine virus health safety
rules standards inspectors audit accounts scandal resignation protest march crowd square
village town region county coast island mountain valley lake
"""
)
VERBS = words(
    """
said announced approved rejected agreed warned promised expected reported found confirmed
denied raised cut increased reduced opened closed launched delayed cancelled proposed backed
criticised welcomed described discussed reviewed signed passed blocked defended questioned
revealed published released recorded completed started ended joined left won lost faced met
called urged asked told argued claimed suggested estimated
"""
)
ADJECTIVES = words(
    """
new local national public private small large major first last final early late recent former
senior young old key main local regional federal annual monthly weekly higher lower rising
falling strong weak clear sharp modest significant serious urgent independent official
unexpected controversial popular historic busy quiet crowded empty
"""
)
PLACES = words(
    """
Northport Eastbridge Westfield Southam Kingsbury Ashford Millbrook Riverton Oakdale Stonehaven
Fairview Greenhill Redcliffe Lakeside Marlow Bramley Thornbury Whitby Elmstead Carrow Dunmore
Felton Glenrock Hartley Ivybridge Kelso Langley Morden Newbury Penrith
"""
)
FIRST_NAMES = words(
    """
Ana Rui Maria John Sarah David Emma James Olivia Ahmed Fatima Chen Li Priya Raj Sofia Lucas Mia
Noah Leila Omar Hannah Tom Grace Daniel Amara Kofi Yuki Hiro Ines
"""
)
SURNAME_PARTS = words(
    """
ash bar bel bran cal car dal den el fen gar hal har kel lan mar mor nor pen ral ros sel tal tor
val wen win york ford ley ton wick by mere field brook stead worth
"""
)
CONNECTIVES = ["", "", "", "Meanwhile, ", "However, ", "In a statement, ", "Last week, "]
# Words of a kind are drawn this many at a time: one weighted draw per call of random.choices
# cost half the time of building a story.
DRAWN_AT_ONCE = 4096


def zipf(words, exponent=1.0):
    """Cumulative weights that make the first words common and the last ones rare."""
    return list(accumulate(1 / (rank**exponent) for rank in range(1, len(words) + 1)))


@dataclass
class Vocabulary:
    rng: random.Random

    def __post_init__(self):
        # The first noun (COMMON_WORD) is the commonest; the order of each list sets its tail.
        surnames = [(a + b).capitalize() for a in SURNAME_PARTS[:28] for b in SURNAME_PARTS[10:]]
        self.lists = {
            "noun": (NOUNS, zipf(NOUNS, 0.8)),
            "verb": (VERBS, zipf(VERBS)),
            "adjective": (ADJECTIVES, zipf(ADJECTIVES)),
            "place": (PLACES, zipf(PLACES)),
            "first": (FIRST_NAMES, zipf(FIRST_NAMES, 0.5)),
            "surname": (surnames, zipf(surnames)),
        }
        self.drawn = {kind: iter(()) for kind in self.lists}

    def pick(self, kind):
        word = next(self.drawn[kind], None)
        if word is None:
            words, weights = self.lists[kind]
            self.drawn[kind] = iter(self.rng.choices(words, cum_weights=weights, k=DRAWN_AT_ONCE))
            word = next(self.drawn[kind])
        return word

    def name(self):
        return f"{self.pick('first')} {self.pick('surname')}"

    def sentence(self):
        p = self.pick
        shapes = [
            lambda: f"The {p('adjective')} {p('noun')} {p('verb')} the {p('noun')} in {p('place')}",
            lambda: (
                f"{self.name()} {p('verb')} that the {p('noun')} had {p('verb')} "
                f"the {p('adjective')} {p('noun')}"
            ),
            lambda: (
                f"Officials {p('verb')} a {p('adjective')} {p('noun')} for the {p('noun')} "
                f"after the {p('noun')} {p('verb')}"
            ),
            lambda: (
                f"The {p('noun')} and the {p('noun')} {p('verb')} {p('adjective')} "
                f"{p('noun')} across {p('place')} this year"
            ),
            lambda: f"“The {p('noun')} is {p('adjective')},” {self.name()} {p('verb')}",
        ]
        text = self.rng.choice(shapes)()  # each shape starts with a capital
        connective = self.rng.choice(CONNECTIVES)
        if connective and text.startswith("The "):
            text = "the " + text.removeprefix("The ")
        return f"{connective}{text}."

    def paragraph(self):
        return " ".join(self.sentence() for _ in range(self.rng.randint(2, 4)))

    def heading(self):
        return f"{self.pick('adjective').capitalize()} {self.pick('noun')}"

    def headline(self):
        text = (
            f"{self.pick('place')} {self.pick('noun')} {self.pick('verb')} "
            f"{self.pick('adjective')} {self.pick('noun')} {self.pick('noun')}"
        )
        return text[0].upper() + text[1:]


def generate_stories(
    count, *, seed=1, sections=6, links=4, years=5, days=None, drafts=0.02, stdout=None
):
    """Add `count` stories (a `drafts` share of them drafts) published over the last `days`
    days (or else `years` years), and return how many were made."""
    rng = random.Random(seed)
    words = Vocabulary(rng)
    now = timezone.now()
    span = timedelta(days=days or 365 * years).total_seconds()
    with transaction.atomic():
        first_number = (Story.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        earlier_ids = []
        for numbers in batched(range(first_number, first_number + count), BATCH):
            built = [build_story(words, number, now, span, drafts, sections) for number in numbers]
            created = Story.objects.bulk_create([story for story, _ in built])
            Section.objects.bulk_create(
                section
                for story, (_, parts) in zip(created, built, strict=True)
                for section in attach(story, parts)
            )
            RelatedLink.objects.bulk_create(
                link
                for story in created
                for link in related_links(words, story, links, earlier_ids)
            )
            if connection.vendor != "postgresql":  # PostgreSQL's were inserted with the rows
                derived.store_search_documents(texts_of(created, built))
            earlier_ids += [story.pk for story in created]
            if stdout:
                stdout.write(f"{len(earlier_ids)} of {count} stories…")
    return count


def build_story(words, number, now, span, drafts, section_count):
    rng = words.rng
    headline = words.headline()
    parts = []
    for position in range(1, section_count + 1):
        paragraphs = [words.paragraph() for _ in range(rng.randint(1, 3))]
        if rng.randrange(RARE_EVERY) == 0:
            paragraphs[-1] += f" A {RARE_WORD} was seen near the {words.pick('noun')}."
        heading = words.heading() if position > 1 else ""
        parts.append((heading, "\n\n".join(paragraphs)))
    if not any(COMMON_WORD in body for _, body in parts):
        heading, body = parts[0]
        parts[0] = (heading, f"{body} The {COMMON_WORD} {words.pick('verb')} the plan.")
    standfirst = words.sentence() if rng.random() < 0.7 else ""
    draft = rng.random() < drafts
    byline = words.name() if rng.random() < 0.9 else ""
    story = Story(
        headline=headline,
        slug=f"{slugify(headline)[: SLUG_MAX_LENGTH - 12]}-{number}",
        standfirst=standfirst,
        byline=byline,
        status=Story.Status.DRAFT if draft else Story.Status.PUBLISHED,
        published_at=None if draft else now - timedelta(seconds=rng.uniform(60, span)),
        summary=summarize(headline, standfirst, [body for _, body in parts]),
    )
    if connection.vendor == "postgresql":
        # Computed in the INSERT: an UPDATE afterwards would write every row twice.
        texts = (headline, standfirst, derived.joined_sections(parts), byline)
        story.search_document = derived.postgresql_document(*map(Value, texts))
    return story, parts


def attach(story, parts):
    return [
        Section(story=story, position=position, heading=heading, body=body)
        for position, (heading, body) in enumerate(parts, start=1)
    ]


def related_links(words, story, count, earlier_ids):
    rng = words.rng
    made = []
    for position in range(1, count + 1):
        link = RelatedLink(story=story, position=position, title=words.headline())
        kind = rng.random()
        if kind < 0.5 and earlier_ids:
            link.target_id = rng.choice(earlier_ids)
        elif kind < 0.75:
            link.url = f"https://example.org/{slugify(link.title)}"
        made.append(link)
    return made


def texts_of(created, built):
    """What derived.store_search_documents needs, from the stories just built."""
    return {
        story.pk: {
            "headline": story.headline,
            "standfirst": story.standfirst,
            "byline": story.byline,
            "sections": derived.joined_sections(parts),
        }
        for story, (_, parts) in zip(created, built, strict=True)
    }
