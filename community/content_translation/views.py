"""One translate page for every registered kind of content."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from socle_site.kernel.refusals import carried_out

from .forms import TranslateForm
from .reading import ONLY_IN, original_language_of
from .registry import kind_named
from .services import translate_content


@login_required
def translate(request: HttpRequest, kind: str, pk: int, language: str) -> HttpResponse:
    translatable = kind_named(kind)
    if translatable is None or language not in dict(settings.LANGUAGES):
        raise Http404
    obj = get_object_or_404(translatable.model, pk=pk)
    form = TranslateForm(request.POST or None, kind=translatable, obj=obj, language=language)
    if request.method == "POST" and form.is_valid():
        with carried_out(request, _("The translation is saved.")) as outcome:
            translate_content(kind=translatable, obj=obj, language=language, texts=form.cleaned_data, acting_user=request.user)
        if outcome.ok:
            return redirect(translatable.page_url(obj) or "community:my_space")
    status = 200
    refusal = None
    if not translatable.may_translate(request.user, obj):
        # Said on the page too, not only on submitting: nothing can be saved from here.
        refusal = _("Only the people who may edit this may translate it.")
        status = 403
    original = original_language_of(obj)
    return render(request, "community/translate.html", {
        "form": form, "obj": obj, "kind": translatable, "language": language,
        "language_name": get_language_info(language)["name_translated"], "original_language": original,
        "only_in": ONLY_IN.get(original), "refusal": refusal, "back_url": translatable.page_url(obj),
    }, status=status)
