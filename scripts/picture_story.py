"""Add a copy of the seed story with a photo-like lead image, for Lighthouse to audit a story
page with a picture; prints its path. Run by scripts/lighthouse.sh against its throw-away
database (DATABASE_URL, MEDIA_ROOT), never against a real one.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.core.files.base import ContentFile

    from articles.models import Story
    from tests.pictures import detailed_photo_bytes

    seed = Story.objects.published().first()
    sections = list(seed.sections.all())
    story = Story(
        headline=seed.headline,
        slug=f"{seed.slug}-with-a-picture",
        standfirst=seed.standfirst,
        byline=seed.byline,
        status=seed.status,
        published_at=seed.published_at,
        image=ContentFile(detailed_photo_bytes(), name="lighthouse.jpg"),
        image_alt="A generated test picture: textured colours over a fractal",
        image_caption="A picture for the audit.",
        image_credit="Newsroom",
    )
    story.save()
    for section in sections:
        section.pk, section.story = None, story
        section.save()
    print(story.get_absolute_url())


if __name__ == "__main__":
    main()
