"""Text members type about rooms and activities, kept per language
(django-modeltranslation); read through ``community.content_translation``."""

from modeltranslation.translator import TranslationOptions, register

from .models import Activity, Room


@register(Room)
class RoomTranslation(TranslationOptions):
    fields = ("description", "equipment", "accessibility", "house_rules")


@register(Activity)
class ActivityTranslation(TranslationOptions):
    fields = ("title", "description")
