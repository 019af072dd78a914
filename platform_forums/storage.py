"""Where forum attachments live: PRIVATE_ROOT, a folder that no web server
serves (MEDIA_ROOT is elsewhere); files reach people only through the
permission-checked download view."""

from functools import cache

from django.conf import settings
from django.core.files.storage import FileSystemStorage


@cache
def private_storage() -> FileSystemStorage:
    return FileSystemStorage(location=settings.PRIVATE_ROOT, base_url=None)
