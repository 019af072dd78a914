"""Data strings of governance shown to members in their language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Body


@register(Body)
class BodyTranslation(TranslationOptions):
    fields = ("name", "description")
