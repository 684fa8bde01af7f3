"""The uploaded images and their sizes, served from storage."""

import mimetypes
import posixpath

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe


@require_safe
def media(request, name):
    """An uploaded image or one of its sizes. Every stored name is a hash of the file's bytes, so
    browsers may keep it for good. (With a bucket as the storage, its own URLs are used.)"""
    # Only what is under images/, named as stored: "images/../x" is not an image.
    if name != posixpath.normpath(name) or not name.startswith("images/"):
        raise Http404
    try:
        if not default_storage.exists(name):
            raise Http404
        file = default_storage.open(name)
    except SuspiciousFileOperation:
        raise Http404 from None
    response = FileResponse(file, content_type=mimetypes.guess_type(name)[0])
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["X-Content-Type-Options"] = "nosniff"
    return response
