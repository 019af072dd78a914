"""The one write: someone allowed to edit an object adds or corrects its
version in another language."""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname
from socle_site.kernel.sanitise import sanitise_html

from community.exceptions import CommunityError
from community.services.audit import record_audit

from .reading import original_language_of
from .registry import TranslatableKind


def translate_content(*, kind: TranslatableKind, obj, language: str, texts: dict[str, str], acting_user) -> None:
    """Store ``texts`` (field → text) as ``obj``'s version in ``language``.

    Refused, changing nothing, to someone who may not edit the object, for a
    language the site does not offer, and for the original language itself
    (that is edited where the object is edited)."""
    if not kind.may_translate(acting_user, obj):
        raise CommunityError(_("Only the people who may edit this may translate it."))
    if language not in dict(settings.LANGUAGES):
        raise CommunityError(_("This language is not offered here."))
    if language == original_language_of(obj):
        raise CommunityError(_("This is the original language: edit the text itself instead."))
    changed = []
    with transaction.atomic():
        locked = type(obj).objects.select_for_update().get(pk=obj.pk)
        for field in kind.fields:
            if field not in texts:
                continue
            text = (texts[field] or "").strip()
            if field in kind.html_fields and text:
                text = sanitise_html(text)
            column = build_localized_fieldname(field, language)
            if (getattr(locked, column) or "") != text:
                setattr(locked, column, text or None)
                changed.append(column)
        if changed:
            locked.save(update_fields=changed)
            record_audit(actor=acting_user, action="content.translated", target=locked, language=language, fields=changed)
    for column in changed:
        setattr(obj, column, getattr(locked, column))
