"""Content typed in the portal, in the reader's language.

The author writes in their own language; the row records it
(``original_language``). People who may edit the object add translations.
A page shows the reader's language when it exists, otherwise the original
with a notice saying so: never a silent mix of languages.

django-modeltranslation keeps one column per language (``title_fr``,
``title_nl``, ``title_en``). Its own fallback would pick another language
silently, so a feature that registers a model here (``register_translatable``
in its ``AppConfig.ready()``) gets descriptors that fall back to the
*original* language only, and the template tag ``{% translated %}`` and the
notice ``{% translation_notice %}`` say which language is shown.
The base knows no feature: each one registers its models and who may translate them.
"""
