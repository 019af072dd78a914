"""Reads of the public site. Joins and prefetches are chosen here once, so a
list page costs the same number of queries whatever the amount of content."""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Page

from community import capacity, showcase

LISTING_RENDITION = "fill-480x270"
GALLERY_RENDITIONS = ("fill-480x320", "max-1200x800")
PORTRAIT_RENDITION = "fill-160x160"


def _images(*filters):
    # Wagtail 7: renditions fetched with the images, not one query per image.
    return get_image_model().objects.prefetch_renditions(*filters)


def live_key_figures() -> list[showcase.Figure]:
    """Home-page figures counted from the data, not typed by an editor: the
    ones the apps register (community.showcase)."""
    return showcase.key_figures()


def _project_pages() -> QuerySet:
    from socle_site.models import ProjectGalleryImage, ProjectPage

    return (
        ProjectPage.objects.live()
        .select_related("housing_project")
        .prefetch_related(
            Prefetch(
                "gallery_images",
                queryset=ProjectGalleryImage.objects.order_by("sort_order").prefetch_related(
                    Prefetch("image", queryset=_images(LISTING_RENDITION))
                ),
            )
        )
    )


def projects_under(index: Page, *, status: str | None = None, municipality: str | None = None) -> QuerySet:
    projects = _project_pages().child_of(index).order_by("title")
    if status:
        projects = projects.filter(housing_project__status=status)
    if municipality:
        projects = projects.filter(housing_project__municipality=municipality)
    return projects


def project_places(index: Page, *, status: str | None = None, municipality: str | None = None) -> list:
    """The projects of the index's list (same filters) that have a map position, not
    paginated (one map shows them all): one query, for the map and its list of places."""
    return list(
        projects_under(index, status=status, municipality=municipality)
        .prefetch_related(None)  # no gallery: the places show no image
        .filter(latitude__isnull=False, longitude__isnull=False)
    )


def project_municipalities(index: Page) -> list[str]:
    from socle_site.models import ProjectPage

    return list(
        ProjectPage.objects.live()
        .child_of(index)
        .order_by("housing_project__municipality")
        .values_list("housing_project__municipality", flat=True)
        .distinct()
    )


def featured_projects(home) -> list:
    ids = [block.value.pk for block in home.featured_projects if block.value]
    if not ids:
        return []
    by_id = {page.pk: page for page in _project_pages().filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


def home_testimonial(home):
    from socle_site.models import TestimonialPage

    if not home.testimonial_id:
        return None
    return (
        TestimonialPage.objects.live()
        .select_related("housing_project")
        .prefetch_related(Prefetch("portrait", queryset=_images(PORTRAIT_RENDITION)))
        .filter(pk=home.testimonial_id)
        .first()
    )


def gallery(project) -> list:
    from socle_site.models import ProjectGalleryImage

    return list(
        ProjectGalleryImage.objects.filter(page=project)
        .order_by("sort_order")
        .prefetch_related(Prefetch("image", queryset=_images(*GALLERY_RENDITIONS)))
    )


def _testimonials() -> QuerySet:
    from socle_site.models import TestimonialPage

    return (
        TestimonialPage.objects.live()
        .select_related("housing_project")
        .prefetch_related(Prefetch("portrait", queryset=_images(PORTRAIT_RENDITION)))
    )


def testimonials_under(index: Page) -> QuerySet:
    return _testimonials().child_of(index).order_by("-first_published_at", "pk")


def testimonials_for_project(project) -> list:
    return list(
        _testimonials().filter(locale_id=project.locale_id, housing_project_id=project.housing_project_id).order_by("title")[:6]
    )


def _news() -> QuerySet:
    from socle_site.models import NewsPage

    return (
        NewsPage.objects.live()
        .prefetch_related(Prefetch("image", queryset=_images(LISTING_RENDITION)), "tags")
        .order_by("-date", "-pk")
    )


def news_under(index: Page, *, tag: str = "") -> QuerySet:
    news = _news().child_of(index)
    if tag:
        news = news.filter(tags__name=tag).distinct()
    return news


def news_in_locale(locale_id: int) -> QuerySet:
    return _news().filter(locale_id=locale_id)


def news_for_project(project) -> list:
    return list(_news().filter(locale_id=project.locale_id, housing_project_id=project.housing_project_id)[:5])


def upcoming_events(locale_id: int) -> QuerySet:
    from socle_site.models import PublicEventPage

    return PublicEventPage.objects.live().filter(locale_id=locale_id, ends_at__gte=timezone.now()).order_by("starts_at")


def events_under(index: Page) -> tuple[list, list]:
    from socle_site.models import PublicEventPage

    events = PublicEventPage.objects.live().child_of(index)
    now = timezone.now()
    upcoming = list(events.filter(ends_at__gte=now).order_by("starts_at"))
    past = list(events.filter(ends_at__lt=now).order_by("-starts_at")[:20])
    return upcoming, past


def event_seats(event) -> dict:
    """Seats taken and the waiting list, counted over the event's translations
    (they share one gathering, found by the translation key): one query."""
    from community.models import Registration

    counts = Registration.objects.filter(gathering__key=event.translation_key).aggregate(
        confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=Registration.Status.WAITING)),
    )
    return {
        **counts,
        "capacity": event.capacity,
        "left": capacity.places_left(capacity=event.capacity or None, taken=counts["confirmed"]),
    }


def registration_of(event, user):
    from community import selectors as community_selectors

    # The event's translations share one gathering, keyed by the translation key.
    return community_selectors.registration_of(user, key=event.translation_key)


def recommendations_by_theme(index, *, theme: str | None = None, status: str | None = None) -> list[dict]:
    """[{theme, label, recommendations}] in the memorandum's order."""
    from socle_site.models import Recommendation, RecommendationStatusChange, RecommendationTheme

    recommendations = (
        Recommendation.objects.filter(page=index)
        .order_by("number")
        .prefetch_related(Prefetch("history", queryset=RecommendationStatusChange.objects.order_by("date", "pk")))
    )
    if theme:
        recommendations = recommendations.filter(theme=theme)
    if status:
        recommendations = recommendations.filter(status=status)
    grouped: dict[str, list] = {}
    for recommendation in recommendations:
        grouped.setdefault(recommendation.theme, []).append(recommendation)
    return [
        {"theme": code, "label": label, "recommendations": grouped[code]}
        for code, label in RecommendationTheme.choices
        if code in grouped
    ]


def search_pages(query: str, language_code: str):
    """The public search's pages: live, public and in the visitor's language.

    Plain pages, not .specific(): a result shows the title, the description and
    the URL, all on Page, and each page type would cost a query of its own (issue 18).
    The language is joined and the privacy is a subquery rather than two queries
    of their own (``Locale.get_active()``, Wagtail's ``public()`` reads every
    view restriction first): the search costs its count and its page only
    (issue 18 point 4); ``tests/site/test_public_search.py`` pins it."""
    from django.db.models import Exists, OuterRef
    from django.db.models.functions import Left, Length
    from wagtail.models import PageViewRestriction

    # public(): no view restriction on the page or an ancestor (its path a prefix of the page's).
    restricted = PageViewRestriction.objects.filter(page__path=Left(OuterRef("path"), Length("page__path")))
    # One subquery on the primary key: the search backend accepts filters on its
    # declared filter fields only (``Page.search_fields``: id, live, ...).
    shown = Page.objects.filter(locale__language_code=language_code).exclude(Exists(restricted)).values("pk")
    return Page.objects.live().filter(pk__in=shown).search(query)


SEARCH_PER_PAGE = 20


@dataclass(frozen=True)
class SearchHit:
    """What a public search result shows: its title, description and address."""

    title: str
    url: str
    search_description: str


def search_results_page(query: str, language_code: str, page_number, request=None):
    """One page of the public search, as a Django paginator page of
    ``SearchHit``s, remembered per publication (issue 18 point 4).

    The results are the same for every visitor (live public pages of one
    language), and Wagtail's search backend costs most of the page to build
    its two queries, so a question asked again (the popular words) is answered
    from the cache. Any publish, unpublish, move, deletion or view
    restriction starts a new generation (socle_site.page_cache), so a stored
    answer never outlives the pages it lists."""
    from django.core.paginator import Paginator
    from socle_site import page_cache
    from wagtail.models import Site

    raw = f"{language_code}|{query}|{page_number}"
    key = f"socle_site:search:{page_cache.generation(request)}:{hashlib.sha256(raw.encode()).hexdigest()}"
    stored = cache.get(key)
    if stored is None:
        page = Paginator(search_pages(query, language_code), SEARCH_PER_PAGE).get_page(page_number)
        # Each result's address reads the site root paths once for the whole page
        # (Wagtail keeps them on this attribute), with no site lookup by host.
        root_paths = Site.get_site_root_paths()
        hits = []
        for result in page:
            result._wagtail_cached_site_root_paths = root_paths
            hits.append(SearchHit(result.title, result.url, result.search_description))
        stored = (page.number, page.paginator.count, hits)
        cache.set(key, stored, page_cache.PAGE_TTL)
    number, count, hits = stored
    # The numbers of the pages from the count alone: a range has a length and no query.
    page = Paginator(range(count), SEARCH_PER_PAGE).get_page(number)
    page.object_list = hits
    return page


def footer_pages(language_code: str) -> list[tuple[str, str]]:
    """[(title, url)] of the generic pages an editor put in the menus, just
    under the home page of this language."""
    from socle_site.models import ContentPage

    pages = ContentPage.objects.live().public().filter(show_in_menus=True, depth=3, locale__language_code=language_code)
    return [(page.title, page.url) for page in pages.order_by("path")]
