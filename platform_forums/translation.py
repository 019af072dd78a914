"""Text members type on the platforms, kept per language
(django-modeltranslation); read through ``community.content_translation``."""

from modeltranslation.translator import TranslationOptions, register

from .models import AgendaItem, Meeting, Opinion, Practice


@register(Meeting)
class MeetingTranslation(TranslationOptions):
    fields = ("title",)


@register(AgendaItem)
class AgendaItemTranslation(TranslationOptions):
    fields = ("title",)


@register(Opinion)
class OpinionTranslation(TranslationOptions):
    fields = ("title", "body_html")


@register(Practice)
class PracticeTranslation(TranslationOptions):
    fields = ("title", "summary", "body_html")
