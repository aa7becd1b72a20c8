"""Test pictures, made with Pillow: no binary fixtures. One has a GPS position in its EXIF."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFilter

# EXIF tags: GPSInfo (an IFD of its own), and in it the latitude.
GPS_IFD = 0x8825
GPS_LATITUDE_REF, GPS_LATITUDE = 1, 2


def photo_bytes(width=1600, height=900, *, fmt="JPEG", gps=False, colour=None):
    """A photo-like picture (a gradient, which compresses like a photo does, not like a flat
    colour); with `gps`, its EXIF holds a camera model and a GPS latitude."""
    gradient = Image.linear_gradient("L").resize((width, height))
    image = Image.merge(
        "RGB",
        (
            gradient,
            gradient.transpose(Image.Transpose.FLIP_LEFT_RIGHT),
            Image.new("L", (width, height), colour or 128),
        ),
    )
    buffer = io.BytesIO()
    options = {}
    if gps:
        exif = Image.Exif()
        exif[0x0110] = "Newsroom Test Camera"  # Model
        exif.get_ifd(GPS_IFD).update({GPS_LATITUDE_REF: "N", GPS_LATITUDE: (51.0, 30.0, 0.0)})
        options["exif"] = exif
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def detailed_photo_bytes(width=2400, height=1350):
    """JPEG bytes with the fine detail of a real photograph (leaves, gravel: texture a few
    pixels across that survives resizing), at camera size: renditions weigh what real ones do
    (more than most), for page-weight budgets and Lighthouse."""

    def texture(scale, sigma):
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


def upload(content=None, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, photo_bytes() if content is None else content, content_type)


def decompression_bomb(width=30_000, height=30_000):
    """A PNG whose header claims 900 megapixels: a few dozen bytes that would decode to
    gigabytes. Pillow refuses to open it (DecompressionBombError) without decoding a pixel."""
    buffer = io.BytesIO()
    Image.new("L", (1, 1)).save(buffer, "PNG")
    png = bytearray(buffer.getvalue())
    header = struct.pack(">II", width, height) + bytes(png[24:29])
    png[16:29] = header
    png[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + header))
    return bytes(png)
