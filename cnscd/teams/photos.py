"""Activity photos: accept real images only, and store them without their EXIF.

Phones put GPS coordinates and device data in EXIF; a photo of a village
meeting must not publish where a member lives. Every upload is decoded by
Pillow, turned upright, shrunk to a sensible size and re-encoded as JPEG,
which drops all metadata.
"""

import io

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from cnscd.errors import ServiceError

MAX_UPLOAD_BYTES = 8 * 1024 * 1024
MAX_SIDE = 1600
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "MPO", "HEIF"}


def photo_clean(upload: UploadedFile) -> ContentFile:
    """A metadata-free JPEG of the upload, or ServiceError if it is too big or not an image."""
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise ServiceError(
            "photo_too_large",
            _("The photo %(name)s is larger than %(limit)d MB.")
            % {"name": upload.name, "limit": MAX_UPLOAD_BYTES // (1024 * 1024)},
            field="photos",
        )
    try:
        with Image.open(upload) as image:
            if image.format not in ACCEPTED_FORMATS:
                raise UnidentifiedImageError(image.format)
            image.load()
            upright = ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise ServiceError(
            "photo_not_image",
            _("%(name)s is not a photo (JPEG, PNG or WebP).") % {"name": upload.name},
            field="photos",
        ) from None
    upright.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    upright.save(out, format="JPEG", quality=82, optimize=True)
    return ContentFile(out.getvalue(), name="photo.jpg")
