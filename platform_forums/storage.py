"""Where forum attachments live: a folder under VAR_DIR that no web server
serves (MEDIA_ROOT is elsewhere); files reach people only through the
permission-checked download view."""

from functools import cache

from django.conf import settings
from django.core.files.storage import FileSystemStorage


@cache
def private_storage() -> FileSystemStorage:
    return FileSystemStorage(location=settings.VAR_DIR / "private", base_url=None)
