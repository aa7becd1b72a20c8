"""Add a copy of the seed story with a photo-like lead image, for Lighthouse to audit a story
page with a picture; prints its path. Run by scripts/lighthouse.sh against its throw-away
database (DATABASE_URL, MEDIA_ROOT), never against a real one.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def photo(width=2400, height=1350):
    """JPEG bytes that compress like a photograph: grain over soft shapes, at camera size."""
    import io

    from PIL import Image, ImageFilter

    def texture(scale, sigma):
        """Detail a few pixels across, like leaves or gravel, which survives resizing."""
        small = Image.effect_noise((width // scale, height // scale), sigma)
        return small.resize((width, height), Image.Resampling.BICUBIC)

    sky = Image.linear_gradient("L").resize((width, height))
    shapes = Image.effect_mandelbrot((width, height), (-2.0, -1.2, 1.0, 1.2), 60)
    image = Image.merge(
        "RGB",
        (
            Image.blend(sky, texture(3, 60), 0.5),
            Image.blend(shapes, texture(5, 50), 0.4),
            texture(2, 40).filter(ImageFilter.SMOOTH),
        ),
    )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.core.files.base import ContentFile

    from articles.models import Story

    seed = Story.objects.published().first()
    sections = list(seed.sections.all())
    story = Story(
        headline=seed.headline,
        slug=f"{seed.slug}-with-a-picture",
        standfirst=seed.standfirst,
        byline=seed.byline,
        status=seed.status,
        published_at=seed.published_at,
        image=ContentFile(photo(), name="lighthouse.jpg"),
        image_alt="A generated test picture: a gradient under a fractal",
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
