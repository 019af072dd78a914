"""What a page's forms got wrong, gathered once for the error summary at the
top of the page (the GOV.UK "error summary" pattern: a box titled "There is a
problem" listing each error as a link to its field, the page title prefixed
with "Error: ").

The base layout asks this module, so every page rendering a bound form or
formset with errors shows the summary without its template doing anything:
a new form cannot forget it. Each field's own error stays next to the field,
linked by Django's ``aria-describedby`` and ``aria-invalid``.
"""

from dataclasses import dataclass

from django.forms import BaseForm, BaseFormSet
from django.forms.widgets import CheckboxSelectMultiple, RadioSelect


@dataclass(frozen=True)
class ErrorLink:
    message: str
    target: str  # the id of the element the link leads to; "" for an error that belongs to no field
    label: str = ""  # the field's label, so that a generic message ("This field is required.") says which


def _target(form: BaseForm, name: str) -> str:
    field = form[name]
    if not field.auto_id or field.is_hidden:
        return ""
    # A group of radio buttons or boxes is reached through its first choice
    # (what GOV.UK links to), the id Django gives it.
    if isinstance(field.field.widget, RadioSelect | CheckboxSelectMultiple):
        return f"{field.auto_id}_0"
    return field.id_for_label or field.auto_id


def _is_generic(field, error) -> bool:
    """Django's own message ("This field is required."), which names no
    field: the summary puts the label before it. A message written for the
    field already says what is wrong."""
    if not error.code:
        return False
    defaults: dict = {}
    for klass in reversed(type(field).__mro__):
        defaults.update(getattr(klass, "default_error_messages", {}))
    return error.code not in field.error_messages or field.error_messages[error.code] == defaults.get(error.code)


def _form_links(form: BaseForm) -> list[ErrorLink]:
    if not form.is_bound or not form.errors:
        return []
    links = [ErrorLink(str(message), "") for message in form.non_field_errors()]
    as_data = form.errors.as_data()
    for name, field in form.fields.items():
        for error in as_data.get(name, []):
            label = str(field.label or "") if _is_generic(field, error) else ""
            links.extend(ErrorLink(str(message), _target(form, name), label) for message in error)
    # Errors added for names that are not fields (a hidden field's, say).
    for name, messages in form.errors.items():
        if name != "__all__" and name not in form.fields:
            links.extend(ErrorLink(str(message), "") for message in messages)
    return links


def links_of(thing) -> list[ErrorLink]:
    """The errors of one form or formset, in the order of the page."""
    if isinstance(thing, BaseFormSet):
        if not thing.is_bound:
            return []
        links = [ErrorLink(str(message), "") for message in thing.non_form_errors()]
        for form in thing.forms:
            links.extend(_form_links(form))
        return links
    if isinstance(thing, BaseForm):
        return _form_links(thing)
    return []


def page_errors(values) -> list[ErrorLink]:
    """The errors of every form and formset among a template context's
    values (one level into lists, where a page keeps a form per item),
    each once."""
    seen: set[int] = set()
    links: list[ErrorLink] = []
    for value in values:
        candidates = value if isinstance(value, list | tuple) else [value]
        for candidate in candidates:
            if isinstance(candidate, BaseForm | BaseFormSet) and id(candidate) not in seen:
                seen.add(id(candidate))
                links.extend(links_of(candidate))
    return links
