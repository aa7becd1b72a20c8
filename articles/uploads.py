"""Pictures as editors upload them: what is accepted, and the name an original is stored under.

An upload is refused, with a message that says why, when it is not a JPEG, PNG, WebP or AVIF
image, when it is larger than PICTURE_MAX_UPLOAD_MB, or when it has more than
PICTURE_MAX_PIXELS pixels (a small file can decode to gigabytes: a "decompression bomb").
Only the header is read to check the size in pixels, before anything is decoded.

Originals are stored under a name made from their content (pictures/<sha256, 20 hex>.<ext>),
and never deleted: a revision restored later may point at one.
"""

import hashlib
import posixpath
import warnings
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib.admin.widgets import AdminFileWidget
from django.db import models
from django.db.models.fields.files import ImageFieldFile
from PIL import Image
from PIL.ExifTags import Base as ExifTag

ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "AVIF": "avif"}
# EXIF orientations that turn the picture a quarter: its width and height swap on screen.
QUARTER_TURNS = {5, 6, 7, 8}


def megabytes(size):
    return f"{size / 1_000_000:.1f} MB"


class PictureFormField(forms.ImageField):
    """Django's image field, with the newsroom's limits and messages that say what to do."""

    def to_python(self, data):
        if data in self.empty_values:
            return None
        limit = settings.PICTURE_MAX_UPLOAD_MB * 1_000_000
        if data.size > limit:
            raise forms.ValidationError(
                f"This file is {megabytes(data.size)}; the largest picture accepted is "
                f"{megabytes(limit)}. Export it smaller (2,400 pixels wide is plenty) and "
                "upload it again.",
                code="too_large",
            )
        self.check_pixels(data)
        image = super().to_python(data)
        if image.image.format not in ACCEPTED_FORMATS:
            raise forms.ValidationError(
                f"This is a {image.image.format} image; upload a JPEG, PNG, WebP or AVIF.",
                code="invalid_image",
            )
        self.check_decodes(data)
        return image

    def check_decodes(self, data):
        """Decode every pixel now (the size is bounded above): a cut-off or damaged file is
        refused here, rather than saved with no renditions."""
        data.seek(0)
        try:
            with Image.open(data) as image:
                image.load()
        except Exception as exc:
            raise forms.ValidationError(
                "This picture is damaged or incomplete (the upload may have been cut off). "
                "Open it on your computer to check, then upload it again.",
                code="damaged_image",
            ) from exc
        finally:
            data.seek(0)

    def check_pixels(self, data):
        """Refuse a picture with too many pixels, reading only its header."""
        refusal = forms.ValidationError(
            "This picture has too many pixels to process safely (at most "
            f"{settings.PICTURE_MAX_PIXELS / 1_000_000:g} megapixels). Resize it and upload "
            "it again.",
            code="too_many_pixels",
        )
        data.seek(0)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(data) as image:
                    width, height = image.size
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise refusal from exc
        except Exception:
            return  # not an image at all: Django's own check says so
        finally:
            data.seek(0)
        if width * height > settings.PICTURE_MAX_PIXELS:
            raise refusal


class PictureFieldFile(ImageFieldFile):
    """Width and height as the picture is shown: a photo whose EXIF says "turn a quarter"
    is stored wide but shown tall."""

    def _get_image_dimensions(self):
        if not hasattr(self, "_dimensions_cache"):
            close = self.closed  # as Django's own: leave the file as it was found
            self.open()
            try:
                with Image.open(self.file) as image:
                    turned = image.getexif().get(ExifTag.Orientation) in QUARTER_TURNS
                    width, height = image.size
                self._dimensions_cache = (height, width) if turned else (width, height)
            finally:
                if close:
                    self.close()
                else:
                    self.file.seek(0)
        return self._dimensions_cache

    def save(self, name, content, save=True):
        # The same picture uploaded again is the file stored already: same name, same
        # renditions, nothing written twice.
        name = self.field.generate_filename(self.instance, name)
        if not self.storage.exists(name):
            name = self.storage.save(name, content, max_length=self.field.max_length)
        self.name = name
        setattr(self.instance, self.field.attname, self.name)
        self._committed = True
        if save:
            self.instance.save()

    save.alters_data = True


class PictureInput(AdminFileWidget):
    """The admin's file input with "Currently: <name>" linked to a rendition, since originals
    (with their EXIF data) are never served. Labelled by a <label>, not by the <legend> of a
    fieldset round it, which labels no input (axe: "Form elements must have labels")."""

    use_fieldset = False

    def format_value(self, value):
        value = super().format_value(value)
        instance = getattr(value, "instance", None)
        picture = getattr(instance, "picture", None)
        return ShownPicture(value.name, picture.fallback.url) if picture else value


@dataclass(frozen=True)
class ShownPicture:
    name: str
    url: str

    def __str__(self):
        return self.name


class PictureField(models.ImageField):
    """An uploaded picture, stored under a name made from its content."""

    attr_class = PictureFieldFile

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("upload_to", content_name)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PictureFormField, **kwargs})


def content_name(instance, filename):
    """pictures/<hash of the content>.<the format's extension>: the same picture gets the same
    name, and a name never changes meaning, so its renditions can be cached for good."""
    upload = instance.image
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    image = getattr(upload.file, "image", None)
    extension = ACCEPTED_FORMATS.get(image.format if image else "", "")
    if not extension:
        extension = posixpath.splitext(filename)[1].lstrip(".").lower() or "img"
    return f"pictures/{digest.hexdigest()[:20]}.{extension}"
