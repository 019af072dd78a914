"""Data strings of governance shown to members in their language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import AgendaItem, Body, Meeting, Question


@register(Body)
class BodyTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Meeting)
class MeetingTranslation(TranslationOptions):
    fields = ("title", "description")


@register(AgendaItem)
class AgendaItemTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("title", "description")
