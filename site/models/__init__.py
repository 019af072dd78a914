"""The public Wagtail pages. Pages are the story; the facts they tell about
(a housing project, a registration) are plain models (house style 7).

The models live by use case in this package; their app label and their
templates (``socle_site/<model>.html``) are unchanged.
"""

from .base import PAGE_SIZE, RICH_FEATURES, PublicPage, deferred
from .content import ContentPage
from .events import EventIndexPage, PublicEventPage, ResourceOrder
from .home import HomePage
from .news import NewsIndexPage, NewsPage, NewsPageTag
from .projects import ProjectGalleryImage, ProjectIndexPage, ProjectMilestone, ProjectPage
from .recommendations import (
    Recommendation,
    RecommendationIndexPage,
    RecommendationStatus,
    RecommendationStatusChange,
    RecommendationTheme,
)
from .testimonials import TestimonialIndexPage, TestimonialPage

__all__ = [
    "RICH_FEATURES",
    "PAGE_SIZE",
    "deferred",
    "PublicPage",
    "HomePage",
    "ProjectIndexPage",
    "ProjectPage",
    "ProjectMilestone",
    "ProjectGalleryImage",
    "TestimonialIndexPage",
    "TestimonialPage",
    "RecommendationTheme",
    "RecommendationStatus",
    "RecommendationIndexPage",
    "Recommendation",
    "RecommendationStatusChange",
    "NewsIndexPage",
    "NewsPageTag",
    "NewsPage",
    "EventIndexPage",
    "PublicEventPage",
    "ResourceOrder",
    "ContentPage",
]
