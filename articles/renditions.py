"""Renditions: the sizes and formats readers get of an uploaded picture, made with Pillow once
(when the story or section holding it is saved) and stored in the "default" storage.

For an original stored as pictures/<hash>.<ext>, under renditions/<hash>/:
- <width>.webp and <width>.jpg for each of WIDTHS up to the original's own width: the srcset
  of a <picture>, WebP for browsers that take it and JPEG for the rest;
- 16x9.jpg, 4x3.jpg and 1x1.jpg: centre crops, up to SHARE_WIDTH wide, for NewsArticle.image
  in JSON-LD (Google asks for the three ratios). The centre, not a focal point: news photos
  are framed by the photographer, and an editor can upload a tighter crop.

Originals are named after their content (articles/uploads.py), so a rendition's address never
changes meaning and media answers may be cached for good. Each rendition is encoded from the
pixels alone (after turning the picture as its EXIF orientation says) and their colour
profile, so no EXIF, GPS position or other metadata reaches readers. Pages need no storage
access: every address and size follows from the original's name and its stored width and
height.
"""

import io
import logging
import posixpath
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

logger = logging.getLogger(__name__)

WIDTHS = (360, 480, 720, 960, 1200)
# og:image, the Twitter card and the JSON-LD crops: 1200 wide, as Google and Facebook ask.
SHARE_WIDTH = 1200
CROPS = {"16x9": (16, 9), "4x3": (4, 3), "1x1": (1, 1)}
ENCODINGS = {
    "webp": ("WEBP", {"quality": 72, "method": 4}),
    "jpg": ("JPEG", {"quality": 78, "optimize": True, "progressive": True}),
}
# What a page's <img> asks for: the lead fills the text column (40rem less 2rem of padding).
LEAD_SIZES = "(min-width: 40rem) 38rem, calc(100vw - 2rem)"
# A front-page card's small picture.
CARD_SIZES = "(min-width: 40rem) 12rem, 33vw"


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int


@dataclass(frozen=True)
class Picture:
    """An uploaded picture as pages show it: `Picture.of(story)` or `Picture.of(section)`."""

    name: str
    width: int
    height: int
    alt: str
    caption: str
    credit: str

    @classmethod
    def of(cls, pictured):
        """The picture of a story or section (fields image, image_width, ...), or None."""
        if not pictured.image or not pictured.image_width or not pictured.image_height:
            return None
        return cls(
            pictured.image.name,
            pictured.image_width,
            pictured.image_height,
            pictured.image_alt,
            pictured.image_caption,
            pictured.image_credit,
        )

    @property
    def folder(self):
        return f"renditions/{posixpath.splitext(posixpath.basename(self.name))[0]}"

    @property
    def widths(self):
        """The widths made, never wider than the original."""
        widest = min(self.width, WIDTHS[-1])
        return [w for w in WIDTHS if w < widest] + [widest]

    def rendition(self, width, extension):
        height = max(1, round(self.height * width / self.width))
        return Rendition(default_storage.url(f"{self.folder}/{width}.{extension}"), width, height)

    def srcset(self, extension):
        return ", ".join(f"{r.url} {r.width}w" for r in self.renditions(extension))

    def renditions(self, extension):
        return [self.rendition(width, extension) for width in self.widths]

    @property
    def webp_srcset(self):
        return self.srcset("webp")

    @property
    def jpeg_srcset(self):
        return self.srcset("jpg")

    @property
    def fallback(self):
        """The <img>'s own src and size (the ratio every rendition shares): a middle width."""
        widths = self.widths
        return self.rendition(widths[min(2, len(widths) - 1)], "jpg")

    @property
    def share(self):
        """The JPEG for og:image and the Twitter card: SHARE_WIDTH wide, or the widest made."""
        return self.rendition(self.widths[-1], "jpg")

    @property
    def crops(self):
        """The 16:9, 4:3 and 1:1 centre crops, in that order."""
        return [
            Rendition(default_storage.url(f"{self.folder}/{name}.jpg"), *size)
            for name, size in self.crop_sizes().items()
        ]

    def crop_sizes(self):
        sizes = {}
        for name, (across, down) in CROPS.items():
            width = min(self.width, self.height * across // down, SHARE_WIDTH)
            sizes[name] = (width, max(1, round(width * down / across)))
        return sizes

    def selected(self, css_width):
        """The WebP a browser picks for a slot `css_width` pixels wide at 1x: the narrowest
        rendition at least that wide (the widest if none is)."""
        fitting = [r for r in self.renditions("webp") if r.width >= css_width]
        return fitting[0] if fitting else self.renditions("webp")[-1]


def make_renditions(picture, storage=default_storage):
    """Make and store the renditions of `picture` that are missing; return how many were made."""
    wanted = {f"{picture.folder}/{w}.{ext}": w for w in picture.widths for ext in ENCODINGS}
    crops = {f"{picture.folder}/{name}.jpg": size for name, size in picture.crop_sizes().items()}
    names = [*wanted, *crops]
    # Made in this order, so the last one there means all are (one look-up per save).
    if storage.exists(names[-1]):
        return 0
    missing = [name for name in names if not storage.exists(name)]
    with storage.open(picture.name) as original, Image.open(original) as opened:
        image = flattened(ImageOps.exif_transpose(opened))
        # The colour profile is kept (a wide-gamut photo's colours depend on it); no metadata.
        colours = opened.info.get("icc_profile")
    for name in missing:
        if name in wanted:
            width = wanted[name]
            size = (width, max(1, round(image.height * width / image.width)))
            made = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
        else:
            made = ImageOps.fit(image, crops[name], Image.Resampling.LANCZOS)
        storage.save(name, ContentFile(encoded(made, name, colours)))
    return len(missing)


def flattened(image):
    """RGB pixels, with transparency laid on white (JPEG has no alpha)."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def encoded(image, name, colours=None):
    """The image's bytes in the format its name says: pixels and their colour profile only,
    no EXIF, XMP or comments."""
    fmt, options = ENCODINGS[posixpath.splitext(name)[1].lstrip(".")]
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options, **({"icc_profile": colours} if colours else {}))
    return buffer.getvalue()


def ensure_renditions(sender, instance, **kwargs):
    """post_save of a story or section: make its picture's renditions if any are missing.

    A failure (the original gone from storage, a broken file) is logged, never an error page:
    the text is saved either way.
    """
    picture = Picture.of(instance)
    if picture is None:
        return
    try:
        make_renditions(picture)
    except Exception:
        logger.exception("Could not make the renditions of %s", picture.name)
