"""The member search: every registered kind in one ``UNION ALL``, each branch
being the rows the member may read (the kind's ``visible`` queryset, the
pages' own) that match the words; ranked, counted per kind and cut to a page
in one statement (a CTE), whatever the data and the number of kinds
(``tests/community/test_search.py`` pins it). On PostgreSQL the statement is
sent with its values written in (``_inlined``) and the words read once.

PostgreSQL: full-text search. Text members type is stored per language
(django-modeltranslation's ``title_fr``, ``title_nl``, ``title_en`` columns,
``community.content_translation``), so each column is read with its own
configuration (french, dutch, english: stemming and stop words of that
language). Text whose language is not recorded (forum posts, actions, document
titles) is read with the three configurations: the member may have typed it in
any of them, and 'simple' would miss plurals and conjugations ("réunions" for
"réunion", "vergaderingen" for "vergadering"). The words typed are read with
the three configurations too (``websearch_to_tsquery``: quotes, "or", "-word"),
any of them matching. Titles weigh more than text (``setweight`` A/B, ``ts_rank``).
The extract is ``ts_headline`` in the language of the text shown, computed for
the page's rows only.

SQLite (development, the default): every word must be found (``icontains``)
in some searched column; titles rank first; the extract is cut in Python.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections, models
from django.db.models import Case, F, Q, Value, When
from django.db.models.constants import LOOKUP_SEP
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Coalesce, Concat
from django.urls import NoReverseMatch, get_urlconf
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname

from community.access import access_key
from community.content_translation.fields import active_content_language, content_languages
from community.content_translation.reading import in_reader_language
from community.content_translation.registry import all_kinds as translatable_kinds

from . import highlight
from .registry import SearchKind, kinds

PER_PAGE = 20
MAX_LENGTH = 200  # characters of the query kept
MAX_TERMS = 8  # words kept on SQLite, each adding a condition
CONFIGS = {"fr": "french", "nl": "dutch", "en": "english"}
EXTRACT_CHARS = 220
INDEX_PREFIX = "socle_search_"  # the kinds' GIN indexes (``ensure_indexes``)


@dataclass(frozen=True)
class Hit:
    kind: SearchKind
    pk: int
    url: str
    title: str  # safe HTML (highlight.to_html)
    extract: str  # safe HTML
    date: dt.datetime | None


@dataclass
class Results:
    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    counts: dict[str, int] = field(default_factory=dict)  # kind code → results

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PER_PAGE))

    @property
    def first_number(self) -> int:
        return (self.page - 1) * PER_PAGE + 1

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def clean_query(text: str | None) -> str:
    return " ".join((text or "").replace("\x00", " ").split())[:MAX_LENGTH]


def _terms(query: str) -> list[str]:
    words = [w.strip("\"'()+-*,;:.!?") for w in query.split()]
    return [w for w in words if len(w) >= 2 and w.lower() not in {"or", "ou", "of", "and", "et", "en"}][:MAX_TERMS]


def _translated_fields(model) -> set[str]:
    return {name for kind in translatable_kinds() if issubclass(model, kind.model) for name in kind.fields}


def _strip_tags(expression):
    return models.Func(expression, Value("<[^>]*>"), Value(" "), Value("g"), function="regexp_replace",
                       output_field=models.TextField())


class _Branch:
    """The expressions of one kind over its model."""

    def __init__(self, kind: SearchKind, model, reader: str, vendor: str):
        self.kind, self.model, self.reader, self.vendor = kind, model, reader, vendor
        self.translated = _translated_fields(model)

    def columns(self, name: str) -> list[tuple[Any, str | None]]:
        """(expression, language or None) for each column holding ``name``."""
        if name in self.translated:
            found = [(F(build_localized_fieldname(name, code)), code) for code in content_languages()]
        else:
            found = [(F(name), None)]
        if name in self.kind.html and self.vendor == "postgresql":
            found = [(_strip_tags(expression), code) for expression, code in found]
        return found

    def shown(self, name: str):
        """The text a reader gets: their language, else the original (tags
        dropped on PostgreSQL, where ts_headline cuts it)."""
        text = in_reader_language(name, self.reader) if name in self.translated else Cast(F(name), models.TextField())
        return _strip_tags(text) if name in self.kind.html and self.vendor == "postgresql" else text

    def shown_language(self):
        """The language of the shown title or first text, for the extract's configuration."""
        for name in (self.kind.title, *self.kind.text):
            if name in self.translated:
                reader_column = build_localized_fieldname(name, self.reader)
                return Case(
                    When(Q(**{f"{reader_column}__gt": ""}), then=Value(CONFIGS[self.reader])),
                    *[When(original_language=code, then=Value(config)) for code, config in CONFIGS.items()],
                    default=Value(CONFIGS[self.reader]), output_field=models.CharField(),
                )
        # Unknown: the reader's language is the best guess for an extract.
        return Value(CONFIGS.get(self.reader, "simple"), output_field=models.CharField())

    def searched_titles(self) -> tuple[str, ...]:
        return (self.kind.title,) if self.kind.search_title else ()

    def matching(self, queryset, query: str):
        if self.vendor == "postgresql":
            return self._matching_postgres(queryset, query)
        return self._matching_words(queryset, query)

    def searched_fields(self) -> tuple[str, ...]:
        return (*self.searched_titles(), *self.kind.text)

    def vector(self):
        """The row's words as one weighted ``tsvector`` (PostgreSQL): titles A,
        text B, each column in its language's configuration (all three when
        the language is unknown). The same expression is the kind's GIN index
        (``index``), so the planner finds the matching rows in the index
        instead of parsing every visible row's text at each search."""
        from django.contrib.postgres.search import SearchVector

        vector = None
        for weight, names in (("A", self.searched_titles()), ("B", self.kind.text)):
            for name in names:
                for expression, code in self.columns(name):
                    configs = [CONFIGS[code]] if code else list(CONFIGS.values())
                    for config in configs:
                        part = SearchVector(Coalesce(expression, Value(""), output_field=models.TextField()), config=config, weight=weight)
                        vector = part if vector is None else vector + part
        return vector

    def index(self):
        """The GIN index of ``vector`` on the kind's table, or None when a
        searched field is read through a join (an index holds one table's
        columns; such a kind is matched row by row, e.g. a document's building name)."""
        from django.contrib.postgres.indexes import GinIndex

        if any(LOOKUP_SEP in name for name in self.searched_fields()):
            return None
        vector = self.vector()
        table = self.model._meta.db_table
        digest = hashlib.sha1(f"{table}|{vector!r}".encode()).hexdigest()[:12]
        return GinIndex(vector, name=f"{INDEX_PREFIX}{digest}")

    def _matching_postgres(self, queryset, query: str):
        from django.contrib.postgres.search import SearchQuery, SearchRank

        words = None
        for config in CONFIGS.values():
            part = SearchQuery(query, config=config, search_type="websearch")
            words = part if words is None else words | part
        return queryset.annotate(s_vector=self.vector()).filter(s_vector=words).annotate(
            s_rank=Cast(SearchRank(F("s_vector"), words), models.FloatField())
        )

    def _matching_words(self, queryset, query: str):
        terms = _terms(query) or [query]

        def found(names, term):
            condition = Q()
            for name in names:
                for expression, _code in self.columns(name):
                    condition |= Q(**{f"{expression.name}__icontains": term})
            return condition

        for term in terms:
            queryset = queryset.filter(found((*self.searched_titles(), *self.kind.text), term))
        rank = Value(1.0)
        for term in terms if self.searched_titles() else ():
            rank = rank + Case(When(found((self.kind.title,), term), then=Value(1.0)), default=Value(0.0))
        return queryset.annotate(s_rank=Cast(rank, models.FloatField()))

    def template(self, index: int, query: str):
        """The branch with a token for the visible rows and markers for the
        words: the same for every member, so compiled once (building these
        expressions cost ~100 ms of CPU per search; the pages' querysets are
        spliced in as ``pk IN (…)``)."""
        queryset = self.model._default_manager.filter(pk__in=RawSQL(VISIBLE, ()))
        if hasattr(queryset, "rewrite"):
            queryset = queryset.rewrite(False)  # modeltranslation: the columns as named
        if self.vendor == "postgresql":
            # The vector once; the words' match and rank are written around the
            # branch by ``_union`` against the statement's one ``tsquery``.
            queryset = queryset.order_by().annotate(s_vector=self.vector())
            last = "s_vector"
        else:
            queryset = self.matching(queryset.order_by(), query)
            last = "s_rank"
        text = [Coalesce(self.shown(name), Value(""), output_field=models.TextField()) for name in self.kind.text]
        if len(text) > 1:
            parts = [text[0]]
            for more in text[1:]:
                parts += [Value(" · "), more]
            text_expression = Concat(*parts, output_field=models.TextField())
        else:
            text_expression = text[0] if text else Value("", output_field=models.TextField())
        date = Cast(F(self.kind.date) if self.kind.date else Value(None), models.DateTimeField())
        return queryset.annotate(
            s_kind=Value(index, output_field=models.IntegerField()),
            s_pk=F("pk"),
            s_title=Cast(self.shown(self.kind.title), models.TextField()),
            s_text=Cast(text_expression, models.TextField()),
            s_config=self.shown_language(),
            s_date=date,
            s_extra=Cast(F(self.kind.url_field), models.TextField()),
        ).values_list("s_kind", "s_pk", "s_title", "s_text", "s_config", "s_date", "s_extra", last)


COLUMNS = ("s_kind", "s_pk", "s_title", "s_text", "s_config", "s_date", "s_extra", "s_rank")


def _visible_parts(user, registered: list[SearchKind], using: str) -> list[tuple[int, Any, str, tuple | None]]:
    """(index, model, SQL, parameters) of the rows the member may read, for
    each kind they read anything of; on PostgreSQL the values are written in
    (parameters None).

    Building and compiling the kinds' ``visible`` querysets was half of a
    search's CPU (issue 18, point 4: 8 ms of 15), and their result is the same
    at every search of the same person: a kind's ``visible`` is a function of
    the person's id, flags and access rows (``registry.SearchKind``), so the
    SQL is kept under ``community.access.access_key``, which changes as soon
    as a seat, role or home is gained or lost. Rows' own states (a draft, a
    hidden post) are conditions inside the SQL, read at each search."""
    key = (access_key(user), tuple(kind.code for kind in registered), using, timezone.localdate())
    with _visible_lock:
        kept = _visible.get(key)
        if kept is not None:
            _visible.move_to_end(key)
            return kept
    connection = connections[using]
    parts = []
    for index, kind in enumerate(registered):
        visible = kind.visible(user)
        if visible.query.is_empty():  # .none(): a kind this member reads nothing of
            continue
        try:
            sql, params = visible.order_by().values("pk").query.get_compiler(using).as_sql()
        except EmptyResultSet:  # e.g. ``pk__in=[]``: nothing to read either
            continue
        if connection.vendor == "postgresql":
            parts.append((index, visible.model, _inlined(connection, sql, params), None))
        else:
            parts.append((index, visible.model, sql, tuple(params)))
    with _visible_lock:
        _visible[key] = parts
        while len(_visible) > VISIBLE_KEPT:
            _visible.popitem(last=False)
    return parts


def _union(user, query: str, reader: str, using: str):
    connection = connections[using]
    vendor = connection.vendor
    registered = kinds()
    terms = _terms(query) or [query]
    words = [connection.ops.prep_for_like_query(term) for term in terms]
    inline = vendor == "postgresql"
    parts, params = [], []
    for index, model, visible_sql, visible_params in _visible_parts(user, registered, using):
        kind = registered[index]
        key = (kind.code, index, reader, vendor, len(terms), using)
        if key not in _templates:
            marked = QUERY_MARK if vendor == "postgresql" else " ".join(_term_mark(i) for i in range(len(terms)))
            sql, template_params = _Branch(kind, model, reader, vendor).template(index, marked) \
                .query.get_compiler(using).as_sql()
            before, _token, after = sql.partition(VISIBLE)
            cut = len(_PLACEHOLDER.findall(before))
            if inline:
                before, after = _inlined(connection, before, template_params[:cut]), \
                    _inlined(connection, after, template_params[cut:])
            _templates[key] = (before, after, list(template_params), cut)
        before, after, template_params, cut = _templates[key]
        if inline:
            # The vector appears once in the SQL PostgreSQL parses (it was three
            # times: the match, the rank and the annotation); the pulled-up
            # subquery's match still uses the kind's GIN index.
            parts.append(
                f"SELECT s_kind, s_pk, s_title, s_text, s_config, s_date, s_extra, "
                f"ts_rank(s_vector, (SELECT words FROM q))::double precision AS s_rank "
                f"FROM ({before}{visible_sql}{after}) b{index} "
                f"WHERE s_vector @@ (SELECT words FROM q)"
            )
        else:
            filled = [_fill(p, query, words) for p in template_params]
            parts.append(f"SELECT * FROM ({before}{visible_sql}{after}) b{index}")
            params += filled[:cut] + list(visible_params) + filled[cut:]
    if not parts:
        return registered, None, []
    return registered, " UNION ALL ".join(parts), params


VISIBLE = "__socle_search_visible__"
QUERY_MARK = "\x01query\x01"
_PLACEHOLDER = re.compile(r"(?<!%)%s")
_FORMAT = re.compile(r"%[%s]")
_templates: dict[tuple, tuple[str, str, list, int]] = {}
VISIBLE_KEPT = 2048  # members' visible SQL kept per process (a few KB each), the least recently searched dropped
_visible: OrderedDict[tuple, list] = OrderedDict()
_visible_lock = threading.Lock()  # threaded workers share the process's dict


def _term_mark(index: int) -> str:
    return f"\x01t{index}\x01"


def _fill(param, query: str, words: list[str]):
    """A template's parameter with the member's words in place of the markers (SQLite)."""
    if not isinstance(param, str) or "\x01" not in param:
        return param
    if param == QUERY_MARK:
        return query
    for index, word in enumerate(words):
        param = param.replace(_term_mark(index), word)
    return param


def _literal(connection, value) -> str:
    """``value`` as a PostgreSQL literal, quoted by psycopg (as its client-side
    binding would: Django's cursors bind on the client)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    from psycopg import sql

    connection.ensure_connection()
    return sql.Literal(value).as_string(connection.connection)


def _inlined(connection, sql: str, params) -> str:
    """Django's SQL with its parameters written in as literals, quoted as
    psycopg's client-side binding does (``%%`` read as ``%``), executed with no
    parameters. The search's statement held ~900 parameters: psycopg's
    client-side binding re-parsed it at each execution (a third of the
    search's CPU, issue 18 point 4); the kinds' parts are now written once
    (``_templates``) and only the member's words and visible rows per search."""
    values, missing = iter(params), object()

    def replace(match) -> str:
        if match.group() == "%%":
            return "%"
        return _literal(connection, next(values))

    out = _FORMAT.sub(replace, sql)
    assert next(values, missing) is missing, "every parameter has its placeholder"
    return out


def search(user, query: str, *, kind: str | None = None, page: int = 1, reader: str | None = None,
           using: str = "default") -> Results:
    """A page of what ``user`` may read that matches ``query``, best first."""
    query = clean_query(query)
    results = Results(query=query, page=max(1, page))
    if not query or not getattr(user, "is_authenticated", False):
        return results
    reader = reader or active_content_language()
    registered, union_sql, params = _union(user, query, reader, using)
    if union_sql is None:
        return results
    codes = [k.code for k in registered]
    connection = connections[using]
    postgres = connection.vendor == "postgresql"
    if kind in codes:
        where, where_params = "WHERE s_kind = %s", [codes.index(kind)]
    else:
        where, where_params = "", []
    if postgres:
        # The extract and the marked title for the page's rows only.
        title = ("ts_headline(s_config::regconfig, translate(s_title, %s, ''), "
                 "websearch_to_tsquery(s_config::regconfig, %s), %s)")
        text = ("ts_headline(s_config::regconfig, translate(s_text, %s, ''), "
                "websearch_to_tsquery(s_config::regconfig, %s), %s)")
        marks = f'StartSel="{highlight.START}", StopSel="{highlight.STOP}"'
        select, select_params = f"{title}, {text}", [
            highlight.SENTINELS, query, f"HighlightAll=true, {marks}",
            highlight.SENTINELS, query, f'MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … ", {marks}']
    else:
        select, select_params = "s_title, s_text", []
    order = "s_rank DESC, s_date DESC, s_kind, s_pk"

    def statement(page: int) -> tuple[str, list | None]:
        # One statement: the matching rows are computed once (a CTE read twice
        # is materialised), counted per kind, and the page cut from them.
        words = (
            # The member's words read in each language (any matching), once per statement.
            "q AS (SELECT " + " || ".join(f"websearch_to_tsquery('{config}'::regconfig, %s)" for config in CONFIGS.values())
            + " AS words), "
        ) if postgres else ""
        sql, all_params = (
            f"WITH {words}u AS ({union_sql.replace('%', '%%') if postgres else union_sql}), "
            f"hits AS (SELECT * FROM u {where} ORDER BY {order} LIMIT %s OFFSET %s) "
            f"SELECT 0, s_kind, COUNT(*), NULL, NULL, NULL, NULL, NULL FROM u GROUP BY s_kind "
            f"UNION ALL SELECT 1, s_kind, ROW_NUMBER() OVER (ORDER BY {order}), s_pk, s_extra, s_date, {select} "
            f"FROM hits ORDER BY 1, 3",
            ([query] * len(CONFIGS) if postgres else []) + params + where_params
            + [PER_PAGE, (page - 1) * PER_PAGE] + select_params,
        )
        # PostgreSQL: no parameters left for psycopg to parse (``_inlined``).
        return (_inlined(connection, sql, all_params), None) if postgres else (sql, all_params)

    with connection.cursor() as cursor:
        cursor.execute(*statement(results.page))
        rows = cursor.fetchall()
        results.counts = {codes[index]: count for part, index, count, *_rest in rows if part == 0}
        results.total = results.counts.get(kind, 0) if kind in codes else sum(results.counts.values())
        if results.total == 0:
            return results
        if results.page > results.pages:  # past the last page (an old link): the last one, in a second statement
            results.page = results.pages
            cursor.execute(*statement(results.page))
            rows = cursor.fetchall()
    rows = [(row[1], *row[3:]) for row in rows if row[0] == 1]
    terms = _terms(query) or [query]
    for index, pk, extra, date, title, text in rows:
        hit_kind = registered[index]
        is_html = bool(hit_kind.html)
        if postgres:
            title_marked = _keep_marks(title)
            text_marked = _keep_marks(text, is_html=is_html)
            if len(text_marked) > EXTRACT_CHARS * 2:
                text_marked = text_marked[: EXTRACT_CHARS * 2] + " …"
        else:
            title_marked = highlight.mark_terms(highlight.plain(title), terms)
            text_marked = highlight.mark_terms(highlight.plain(text, is_html=is_html), terms, extract=EXTRACT_CHARS)
        results.hits.append(Hit(
            kind=hit_kind, pk=pk, url=_address(hit_kind, pk, extra),
            title=highlight.to_html(title_marked), extract=highlight.to_html(text_marked),
            date=_as_datetime(date),
        ))
    return results


_PK_MARK, _EXTRA_MARK = 987_654_321, 987_654_322  # stand-ins, as numbers: every URL converter takes them
_addresses: dict[tuple, tuple[str, bool] | None] = {}
_PLAIN_PART = re.compile(r"[-A-Za-z0-9_]+")  # what reverse() writes as it is (a slug, a number)


def _address(kind: SearchKind, pk: int, extra) -> str:
    """``kind.url(pk, extra)``, reversed once per kind, language and URLconf
    with stand-ins then filled in (twenty ``reverse`` calls were a tenth of a
    results page's CPU). A value with characters an address would quote, or a
    kind whose address the stand-ins do not fit, is reversed each time."""
    key = (kind.code, get_language(), get_urlconf())
    if key not in _addresses:
        try:
            template = kind.url(_PK_MARK, _EXTRA_MARK)
        except NoReverseMatch:
            template = None
        fits = template is not None and template.count(str(_PK_MARK)) <= 1 and template.count(str(_EXTRA_MARK)) <= 1
        _addresses[key] = (template, str(_EXTRA_MARK) in template) if fits else None
    known = _addresses[key]
    if known is None or (known[1] and not _PLAIN_PART.fullmatch(str(extra))):
        return kind.url(pk, extra)
    template, has_extra = known
    address = template.replace(str(_PK_MARK), str(pk))
    return address.replace(str(_EXTRA_MARK), str(extra)) if has_extra else address


def _keep_marks(text: str | None, *, is_html: bool = False) -> str:
    """ts_headline's output read as text: entities of sanitised HTML decoded
    (escaped again by ``to_html``), its markers kept."""
    import html as html_module

    text = text or ""
    if is_html:
        text = html_module.unescape(text)
    return " ".join(text.split())


def _as_datetime(value) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    parsed = parse_datetime(str(value))
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, dt.UTC)  # SQLite keeps UTC without an offset
    return parsed
