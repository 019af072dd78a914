"""Seed a large public site on top of the demo (run by bench/public_pages.py)."""

import sys

from socle_site.models import NewsIndexPage, ProjectIndexPage, TestimonialIndexPage

from tests.factories import HousingProjectFactory
from tests.site import factories as f

size = int(sys.argv[1]) if len(sys.argv) > 1 else 100
projects = ProjectIndexPage.objects.get(locale__language_code="fr")
news = NewsIndexPage.objects.get(locale__language_code="fr")
testimonials = TestimonialIndexPage.objects.get(locale__language_code="fr")
image = f.make_image("bench")
for i in range(size):
    housing_project = HousingProjectFactory(slug=f"bench-{i}", name=f"Bench project {i}")
    f.add_project(projects, housing_project=housing_project, image=image)
    f.add_news(news, n=10_000 + i, housing_project=housing_project, image=image)
    f.add_testimonial(testimonials, housing_project=housing_project, n=10_000 + i, image=image)
print(f"seeded {size} projects, news items and testimonials")
