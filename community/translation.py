"""Data strings shown to members in their language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from community.models import College


@register(College)
class CollegeTranslation(TranslationOptions):
    fields = ("name", "description")
