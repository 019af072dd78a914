"""A notification is kept as its message, not as text: the untranslated
message ids of its title and body, its parameters as typed values, and the
objects it names. It is written out when read (the list, the e-mail, the
digest), in the reader's language then. Rows from before keep their text.

Typed parameters: the lazy values of ``socle_site.kernel.formatting``
(``moment``, ``day``, ``money``) are kept as {"__moment__": iso}, {"__day__":
iso}, {"__money__": cents}; lazy translated strings as {"__msgid__": …}; a
translatable text of an object (``text_of(activity, "title")``) as
{"__content__": [model, pk, field]}, read in the reader's language."""

from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.urls import translate_url
from django.utils import translation
from django.utils.functional import Promise
from socle_site.kernel import formatting

_FORMATTERS = {"__moment__": formatting.format_moment, "__day__": formatting.format_day, "__money__": formatting.format_money}


class text_of:  # noqa: N801 (reads like the lazy helpers it sits beside)
    """A member-written text of an object, shown in the reader's language."""

    def __init__(self, obj, field: str):
        self.obj, self.field = obj, field

    def __str__(self) -> str:
        return str(getattr(self.obj, self.field) or "")


def freeze_text(text) -> dict[str, str]:
    """A title or body as its message id (and context), or as plain text."""
    if isinstance(text, Promise):
        func, args = _lazy_parts(text)
        if func is translation.gettext and len(args) == 1:
            return {"msgid": args[0]}
        if func is translation.pgettext and len(args) == 2:
            return {"context": args[0], "msgid": args[1]}
    return {"text": str(text)}


def _lazy_parts(proxy) -> tuple[Any, tuple]:
    # Django's lazy proxy pickles as (func, args, kwargs, *result classes).
    try:
        _unpickle, (func, args, *_rest) = proxy.__reduce__()
    except (TypeError, ValueError):
        return None, ()
    return func, tuple(args)


def freeze_value(value) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, formatting._Lazy):
        key = {formatting.format_moment: "__moment__", formatting.format_day: "__day__",
               formatting.format_money: "__money__"}.get(value.formatter)
        if key is not None:
            raw = value.value.isoformat() if isinstance(value.value, (date, datetime)) else value.value
            return {key: raw, "options": dict(value.options)}
    if isinstance(value, text_of):
        meta = value.obj._meta
        return {"__content__": [meta.label_lower, value.obj.pk, value.field], "text": str(value)}
    if isinstance(value, Promise):
        frozen = freeze_text(value)
        if "msgid" in frozen:
            return {"__msgid__": frozen}
    return str(value)


def freeze_message(*, title, body, params: dict[str, Any], url: str) -> dict[str, Any]:
    return {
        "title": freeze_text(title),
        "body": freeze_text(body),
        "params": {name: freeze_value(value) for name, value in params.items()},
        "url": url,
    }


def _thaw_text(frozen: dict[str, str]) -> str:
    if "msgid" not in frozen:
        return frozen.get("text", "")
    if "context" in frozen:
        return translation.pgettext(frozen["context"], frozen["msgid"])
    return translation.gettext(frozen["msgid"])


def _thaw_value(value) -> Any:
    if not isinstance(value, dict):
        return value
    for key, formatter in _FORMATTERS.items():
        if key in value:
            raw = value[key]
            if key == "__moment__":
                raw = datetime.fromisoformat(raw)
            elif key == "__day__":
                raw = datetime.fromisoformat(raw) if "T" in raw else date.fromisoformat(raw)
            return formatter(raw, **value.get("options", {}))
    if "__msgid__" in value:
        return _thaw_text(value["__msgid__"])
    if "__content__" in value:
        label, pk, field = value["__content__"]
        preloaded = _preloaded.get()
        try:
            model = apps.get_model(label)
        except LookupError:
            obj = None
        else:
            obj = preloaded.get((label, pk)) if preloaded is not None else model.objects.filter(pk=pk).first()
        # Gone since: the text it had when the notification was sent.
        return str(getattr(obj, field) or "") if obj is not None else value.get("text", "")
    return str(value)


_preloaded: ContextVar[dict | None] = ContextVar("notification_contents", default=None)


@contextmanager
def contents_read_together(notifications):
    """While a list of notifications is written out: the objects their texts
    name, read with one query per model instead of one per notification."""
    wanted = defaultdict(set)
    for notification in notifications:
        for value in ((notification.message or {}).get("params") or {}).values():
            if isinstance(value, dict) and "__content__" in value:
                label, pk, _field = value["__content__"]
                wanted[label].add(pk)
    found = {}
    for label, pks in wanted.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        found.update({(label, obj.pk): obj for obj in model.objects.filter(pk__in=pks)})
    token = _preloaded.set(found)
    try:
        yield
    finally:
        _preloaded.reset(token)


@dataclass(frozen=True)
class RenderedNotification:
    title: str
    body: str
    url: str


def render_notification(notification, language: str | None = None) -> RenderedNotification:
    """The notification in ``language`` (default: the active one). The one
    place that writes a notification out: the list, the e-mails, the digest."""
    message = notification.message
    if not message:
        return RenderedNotification(notification.title, notification.body, notification.url)
    language = language or translation.get_language()
    with translation.override(language):
        params = {name: _thaw_value(value) for name, value in (message.get("params") or {}).items()}
        title, body = _thaw_text(message["title"]), _thaw_text(message["body"])
        if params:
            title, body = _fill(title, params), _fill(body, params)
        url = _in_language(message.get("url") or "", language)
    return RenderedNotification(title[:250], body, url)


def _in_language(url: str, language: str) -> str:
    """The same page under the reader's language prefix (/fr/… → /nl/…)."""
    written_in = translation.get_language_from_path(url) if url.startswith("/") else None
    if not url or not written_in or written_in == language:
        return url
    # translate_url resolves the path, which only matches in its own language.
    with translation.override(written_in):
        return translate_url(url, language)


def _fill(text: str, params: dict[str, Any]) -> str:
    try:
        return text % params
    except (KeyError, TypeError, ValueError):
        # A translation that lost a field must not hide the notification.
        return text
