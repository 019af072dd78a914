"""Public-site pages built through Wagtail's API, as editors would."""

import datetime as dt
import io

import factory
from django.core.files.images import ImageFile
from django.utils import timezone
from socle_site.models import (
    EventIndexPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    ProjectGalleryImage,
    ProjectIndexPage,
    ProjectMilestone,
    ProjectPage,
    PublicEventPage,
    Recommendation,
    RecommendationIndexPage,
    RecommendationStatusChange,
    ResourceOrder,
    TestimonialIndexPage,
    TestimonialPage,
)
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

from tests.factories import HousingProjectFactory


def publish(page):
    page.save_revision().publish()
    return page


def make_image(title="test image"):
    from PIL import Image as PILImage

    data = io.BytesIO()
    PILImage.new("RGB", (64, 48), (30, 110, 90)).save(data, format="PNG")
    image = get_image_model()(title=title, file=ImageFile(data, name="test.png"))
    image.save()
    return image


def make_site() -> dict:
    """A French home page with one index of each kind, published."""
    fr = Locale.objects.get_or_create(language_code="fr")[0]
    for code in ("nl", "en"):
        Locale.objects.get_or_create(language_code=code)
    # After a transactional test flushed the database there is no tree root at all.
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root", locale=fr))
    for welcome in Page.objects.filter(depth=2):
        Site.objects.filter(root_page=welcome).delete()
        welcome.delete()
    home = publish(root.add_child(instance=HomePage(title="Accueil", slug="accueil", intro="Des logements abordables.", locale=fr)))
    Site.objects.update_or_create(is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home})
    pages = {"home": home}
    for key, model, slug in [
        ("projects", ProjectIndexPage, "projets"), ("testimonials", TestimonialIndexPage, "temoignages"),
        ("recommendations", RecommendationIndexPage, "recommandations"), ("news", NewsIndexPage, "actualites"),
        ("events", EventIndexPage, "evenements"),
    ]:
        pages[key] = publish(home.add_child(instance=model(title=slug.capitalize(), slug=slug, show_in_menus=True)))
    return pages


def add_project(index, *, housing_project=None, image=None, **fields):
    housing_project = housing_project or HousingProjectFactory()
    page = ProjectPage(
        title=fields.pop("title", housing_project.name), slug=fields.pop("slug", housing_project.slug),
        housing_project=housing_project, intro=fields.pop("intro", "Un projet."),
        latitude=fields.pop("latitude", "50.85"), longitude=fields.pop("longitude", "4.33"), **fields,
    )
    page.milestones = [ProjectMilestone(stage="study", date=dt.date(2020, 1, 1)), ProjectMilestone(stage="works", date=dt.date(2022, 1, 1))]
    if image is not None:
        page.gallery_images = [ProjectGalleryImage(image=image, alt="Façade")]
    index.add_child(instance=page)
    return publish(page)


def add_testimonial(index, *, housing_project=None, n=0, image=None):
    page = TestimonialPage(
        title=f"Témoignage {n}", slug=f"temoignage-{n}", quote="Je connaissais mes voisins.", author_name="Fatima",
        housing_project=housing_project, consent_given_by="Fatima", consent_given_on=dt.date(2025, 3, 3),
        consent_text_version="v1", portrait=image, portrait_alt="Portrait" if image else "",
    )
    index.add_child(instance=page)
    return publish(page)


def add_news(index, *, n=0, housing_project=None, image=None, tags=("projets",)):
    page = NewsPage(
        title=f"Nouvelle {n}", slug=f"nouvelle-{n}", intro="Une nouvelle.", date=dt.date(2025, 1, 1) + dt.timedelta(days=n),
        housing_project=housing_project, image=image, image_alt="Illustration" if image else "",
    )
    index.add_child(instance=page)
    page.tags.set(list(tags))
    return publish(page)


def add_recommendations(index, numbers=range(1, 24)):
    recommendations = []
    for number in numbers:
        recommendation = Recommendation(number=number, theme="A" if number < 7 else "C", title=f"Recommandation {number}", status="proposed", sort_order=number)
        recommendation.history = [RecommendationStatusChange(date=dt.date(2024, 1, 1), status="discussed")]
        recommendations.append(recommendation)
    index.recommendations = recommendations
    return publish(index)


def add_event(index, *, capacity=2, n=0, orders=True, **fields):
    starts = fields.pop("starts_at", timezone.now() + dt.timedelta(days=30))
    page = PublicEventPage(
        title=f"Forum {n}", slug=f"forum-{n}", intro="Un forum.", venue="Bruxelles", starts_at=starts,
        ends_at=starts + dt.timedelta(hours=8), capacity=capacity, takes_resource_orders=orders, **fields,
    )
    index.add_child(instance=page)
    return publish(page)


class ResourceOrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResourceOrder

    event_key = factory.Faker("uuid4")
    event_title = "Forum"
    quantity_fr = 10
    organisation = "CPAS de Forest"
    contact_name = "Anne"
    email = "anne@example.org"
    delivery_address = "Rue du Curé 2, 1190 Forest"
