"""Data strings of the register shown to households in their language
(django-modeltranslation): category names and activation steps."""

from modeltranslation.translator import TranslationOptions, register

from .models import ActivationStep, IncomeCategory


@register(IncomeCategory)
class IncomeCategoryTranslation(TranslationOptions):
    fields = ("name",)


@register(ActivationStep)
class ActivationStepTranslation(TranslationOptions):
    fields = ("name",)
