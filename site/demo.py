"""Demo pages of the public site: a home page per language."""

from django.db import transaction
from wagtail.models import Locale, Page, Site

from socle_site.models import HomePage

HOME = {
    "fr": (
        "Des logements qui restent abordables, pour toujours",
        "Le Community Land Trust garde le terrain et vend les logements à des ménages à revenus modestes, "
        "à prix plafonné. Les habitants sont au cœur du projet : ils gèrent leurs immeubles et votent en assemblée.",
    ),
    "nl": (
        "Woningen die voor altijd betaalbaar blijven",
        "De Community Land Trust houdt de grond en verkoopt de woningen tegen een begrensde prijs aan gezinnen "
        "met een bescheiden inkomen. De bewoners staan centraal: ze beheren hun gebouwen en stemmen in de algemene vergadering.",
    ),
    "en": (
        "Homes that stay affordable, for good",
        "The Community Land Trust keeps the land and sells the homes at a capped price to households on modest "
        "incomes. Residents are at the heart of it: they run their buildings and vote in the general assembly.",
    ),
}


@transaction.atomic
def load(out) -> None:
    locales = {code: Locale.objects.get_or_create(language_code=code)[0] for code in HOME}
    # A flushed database (transactional tests) has no tree root at all.
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locales["fr"])
    )
    home = HomePage.objects.filter(locale=locales["fr"]).first()
    if home is None:
        # Replace Wagtail's "Welcome" page with our home page.
        for welcome in Page.objects.filter(depth=2).exclude(content_type__model="homepage"):
            Site.objects.filter(root_page=welcome).delete()
            welcome.delete()
        title, intro = HOME["fr"]
        home = root.add_child(instance=HomePage(title=title, slug="accueil", intro=intro, locale=locales["fr"]))
        home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Socle"},
    )
    for code in ("nl", "en"):
        translated = home.get_translation_or_none(locales[code])
        if translated is None:
            translated = home.copy_for_translation(locales[code], copy_parents=True)
        title, intro = HOME[code]
        translated.title, translated.intro = title, intro
        translated.slug = {"nl": "home", "en": "home-en"}[code]
        translated.save_revision().publish()
    out.write(f"  site: home page in {', '.join(HOME)}")
