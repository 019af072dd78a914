"""Demo pages of the public site in French, Dutch and English, built through
Wagtail's API (add_child, copy_for_translation, save_revision().publish()).
Deterministic and idempotent: pages are found by slug and updated."""

import datetime as dt
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from socle_site import demo_pictures, setup
from socle_site.kernel.formatting import BRUSSELS
from socle_site.models import (
    ContentPage,
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
    TestimonialIndexPage,
    TestimonialPage,
)
from wagtail.models import Collection, Locale, Page, Site

from community.demo import DELIVERED
from community.demo import PROJECTS as HOUSING_PROJECTS
from community.models import HousingProject

LANGS = ("fr", "nl", "en")


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

# What no record holds, typed by the editors: homes delivered, community spaces,
# resident households and registered candidates are counted from the data
# (community.showcase), so the typed figures never contradict them.
HOME_FIGURES = {
    "fr": [("85 %", "des habitants disent que leur logement s'est amélioré"), ("40 / 60", "part de la Région et des ménages dans le financement")],
    "nl": [("85%", "van de bewoners zegt beter te wonen"), ("40 / 60", "aandeel van het Gewest en van de gezinnen in de financiering")],
    "en": [("85%", "of residents say their housing improved"), ("40 / 60", "shares of the region and of households in the financing")],
}

SECTIONS = [
    # (model, slug per language, title per language, intro per language)
    (ProjectIndexPage, {"fr": "projets", "nl": "projecten", "en": "projects"},
     {"fr": "Nos projets", "nl": "Onze projecten", "en": "Our projects"},
     {"fr": "Chaque projet naît avec ses futurs habitants.", "nl": "Elk project groeit samen met zijn toekomstige bewoners.", "en": "Every project grows with its future residents."}),
    (TestimonialIndexPage, {"fr": "temoignages", "nl": "getuigenissen", "en": "testimonials"},
     {"fr": "Témoignages", "nl": "Getuigenissen", "en": "Testimonials"},
     {"fr": "Des habitants racontent.", "nl": "Bewoners vertellen.", "en": "Residents tell their story."}),
    (RecommendationIndexPage, {"fr": "recommandations", "nl": "aanbevelingen", "en": "recommendations"},
     {"fr": "Nos 23 recommandations", "nl": "Onze 23 aanbevelingen", "en": "Our 23 recommendations"},
     {"fr": "Notre mémorandum aux responsables politiques, et ce qu'il en est advenu.", "nl": "Ons memorandum aan de beleidsmakers, en wat ermee gebeurde.", "en": "Our memorandum to policy-makers, and what became of it."}),
    (NewsIndexPage, {"fr": "actualites", "nl": "nieuws", "en": "news"},
     {"fr": "Actualités", "nl": "Nieuws", "en": "News"},
     {"fr": "Les nouvelles du CLT et de ses projets.", "nl": "Nieuws van de CLT en zijn projecten.", "en": "News of the CLT and its projects."}),
    (EventIndexPage, {"fr": "evenements", "nl": "evenementen", "en": "events"},
     {"fr": "Événements publics", "nl": "Publieke evenementen", "en": "Public events"},
     {"fr": "Forums, visites et séances d'information.", "nl": "Fora, bezoeken en infosessies.", "en": "Forums, visits and information sessions."}),
]

PROJECTS = [
    {
        "project": "anderlecht-ancienne-salle-paroissiale",
        "slug": {"fr": "anderlecht-salle-paroissiale", "nl": "anderlecht-parochiezaal", "en": "anderlecht-parish-hall"},
        "title": {"fr": "Anderlecht : l'ancienne salle paroissiale", "nl": "Anderlecht: de vroegere parochiezaal", "en": "Anderlecht: the former parish hall"},
        "intro": {"fr": "Une salle paroissiale devenue sept logements et un espace communautaire.", "nl": "Een parochiezaal die zeven woningen en een gemeenschapsruimte werd.", "en": "A parish hall turned into seven homes and a community space."},
        "spaces": {"fr": "Une salle au rez-de-chaussée : une association la journée, les habitants le soir et le week-end.", "nl": "Een zaal op het gelijkvloers: overdag een vereniging, 's avonds en in het weekend de bewoners.", "en": "A ground-floor room: an association by day, the residents in the evenings and at weekends."},
        "homes": [("1", 2), ("2", 3), ("3", 2)],
        "milestones": [("study", dt.date(2016, 3, 1)), ("permit", dt.date(2018, 6, 12)), ("works", dt.date(2019, 9, 2)), ("inhabited", DELIVERED["anderlecht-ancienne-salle-paroissiale"])],
        "position": ("50.836600", "4.309800"),
        "colour": (31, 111, 92),
    },
    {
        "project": "molenbeek-arc-en-ciel",
        "slug": {"fr": "molenbeek-arc-en-ciel", "nl": "molenbeek-arc-en-ciel", "en": "molenbeek-arc-en-ciel"},
        "title": {"fr": "Molenbeek : Arc-en-Ciel", "nl": "Molenbeek: Arc-en-Ciel", "en": "Molenbeek: Arc-en-Ciel"},
        "intro": {"fr": "Trente-deux logements et un espace communautaire, rue Vandenpeereboom, pour une trentaine de familles qui se sont rencontrées avant d'emménager.", "nl": "Tweeëndertig woningen en een gemeenschapsruimte in de Vandenpeereboomstraat, voor een dertigtal gezinnen die elkaar leerden kennen voor ze verhuisden.", "en": "Thirty-two homes and a community space, rue Vandenpeereboom, for about thirty families who met as a group before moving in."},
        "spaces": {"fr": "Une salle commune : cuisine de quartier, école de devoirs, tables de conversation.", "nl": "Een gemeenschappelijke zaal: buurtkeuken, huiswerkklas, conversatietafels.", "en": "A shared room: neighbourhood kitchen, homework club, conversation tables."},
        "homes": [("1", 6), ("2", 12), ("3", 10), ("4", 4)],
        "milestones": [("study", dt.date(2015, 1, 20)), ("permit", dt.date(2017, 11, 3)), ("works", dt.date(2019, 2, 4)), ("inhabited", DELIVERED["molenbeek-arc-en-ciel"])],
        "position": ("50.852300", "4.327400"),
        "colour": (180, 70, 31),
    },
    {
        "project": "forest-calico",
        "slug": {"fr": "forest-calico", "nl": "vorst-calico", "en": "forest-calico"},
        "title": {"fr": "Forest : Calico", "nl": "Vorst: Calico", "en": "Forest: Calico"},
        "intro": {"fr": "Un projet intergénérationnel habité depuis 2021, soutenu par 5 millions d'euros du programme européen Urban Innovative Actions.", "nl": "Een intergenerationeel project, bewoond sinds 2021, gesteund met 5 miljoen euro uit het Europese programma Urban Innovative Actions.", "en": "An intergenerational project inhabited since 2021, backed by a €5M EU Urban Innovative Actions grant."},
        "spaces": {"fr": "Des espaces partagés entre générations, dont une maison de naissance et de fin de vie.", "nl": "Ruimtes die generaties delen, waaronder een geboorte- en levenseindehuis.", "en": "Spaces shared between generations, including a house for birth and end of life."},
        "homes": [("1", 10), ("2", 14), ("3", 10)],
        "milestones": [("study", dt.date(2017, 2, 1)), ("permit", dt.date(2018, 12, 10)), ("works", dt.date(2019, 10, 1)), ("inhabited", DELIVERED["forest-calico"])],
        "position": ("50.812900", "4.318300"),
        "colour": (60, 80, 160),
    },
    {
        "project": "molenbeek-rue-du-niveau",
        "slug": {"fr": "molenbeek-rue-du-niveau", "nl": "molenbeek-niveaustraat", "en": "molenbeek-rue-du-niveau"},
        "title": {"fr": "Molenbeek : rue du Niveau", "nl": "Molenbeek: Niveaustraat", "en": "Molenbeek: rue du Niveau"},
        "intro": {"fr": "Douze logements et une salle commune en construction ; les futurs habitants, choisis dans le registre, se réunissent déjà.", "nl": "Twaalf woningen en een gemeenschappelijke zaal in aanbouw; de toekomstige bewoners, gekozen uit het register, komen al samen.", "en": "Twelve homes and a shared room being built; the future residents, chosen from the register, already meet."},
        "spaces": {"fr": "Une salle au rez-de-chaussée, ouverte au quartier.", "nl": "Een zaal op het gelijkvloers, open voor de buurt.", "en": "A ground-floor room, open to the neighbourhood."},
        "homes": [("1", 3), ("2", 5), ("3", 4)],
        "milestones": [("study", dt.date(2022, 4, 1)), ("permit", dt.date(2024, 2, 20)), ("works", dt.date(2025, 9, 15))],
        "position": ("50.858100", "4.335900"),
        "colour": (110, 110, 60),
    },
]

PARTNERS = {
    "fr": [("Région de Bruxelles-Capitale", "subside par projet"), ("Associations d'accompagnement", "formation des copropriétaires")],
    "nl": [("Brussels Hoofdstedelijk Gewest", "subsidie per project"), ("Begeleidende verenigingen", "opleiding van de mede-eigenaars")],
    "en": [("Brussels-Capital Region", "subsidy per project"), ("Support associations", "training of the co-owners")],
}
FINANCING = {"fr": [("Région", 40), ("Ménages", 60)], "nl": [("Gewest", 40), ("Gezinnen", 60)], "en": [("Region", 40), ("Households", 60)]}

TESTIMONIAL = {
    "slug": {"fr": "rencontrer-ses-voisins", "nl": "je-buren-leren-kennen", "en": "meeting-the-neighbours"},
    "title": {"fr": "« Je connaissais mes voisins avant d'emménager »", "nl": "“Ik kende mijn buren al voor ik verhuisde”", "en": "“I knew my neighbours before I moved in”"},
    "quote": {
        "fr": "Avec trois enfants et mon travail à la crèche, je n'aurais jamais pu acheter seule. Pendant deux ans, nous nous sommes réunis avec les autres familles : quand les clés sont arrivées, je savais déjà à qui frapper pour un coup de main. Ça m'a rassurée.",
        "nl": "Met drie kinderen en mijn werk in de crèche had ik nooit alleen kunnen kopen. Twee jaar lang kwamen we samen met de andere gezinnen: toen we de sleutels kregen, wist ik al bij wie ik kon aankloppen. Dat stelde me gerust.",
        "en": "With three children and my job at the crèche, I could never have bought on my own. For two years we met with the other families: when the keys came, I already knew whose door to knock on for help. That reassured me.",
    },
    "author": {"fr": "Mère de trois enfants, puéricultrice", "nl": "Moeder van drie, kinderverzorgster", "en": "Mother of three, works in a crèche"},
}

THEMES = {"A": range(1, 7), "B": range(7, 8), "C": range(8, 11), "D": range(11, 16), "E": range(16, 20), "F": range(20, 24)}
RECOMMENDATIONS = {
    1: ("Inscrire le CLT dans les programmes de rénovation urbaine", "Het CLT opnemen in de stadsvernieuwingsprogramma's", "Include the CLT in urban-renewal programmes"),
    2: ("Affecter des charges d'urbanisme au CLT", "Stedenbouwkundige lasten aan het CLT toewijzen", "Direct planning charges to the CLT"),
    3: ("Combiner logements et équipements de quartier", "Woningen combineren met buurtvoorzieningen", "Combine homes with neighbourhood facilities"),
    4: ("Remettre en usage les bâtiments vides", "Leegstaande gebouwen opnieuw in gebruik nemen", "Bring vacant buildings back into use"),
    5: ("Proposer des logements locatifs via les agences immobilières sociales", "Huurwoningen aanbieden via sociale verhuurkantoren", "Offer rental homes through social rental agencies"),
    6: ("Ouvrir le CLT à des usages autres que le logement", "Het CLT openstellen voor andere functies dan wonen", "Open the CLT to non-housing uses"),
    7: ("Racheter le terrain sous le logement d'un propriétaire en difficulté pour qu'il puisse rénover", "De grond onder de woning van een eigenaar in moeilijkheden kopen zodat die kan renoveren", "Buy the land under a struggling owner's home so they can renovate"),
    8: ("Des budgets plus grands et pluriannuels", "Grotere en meerjarige budgetten", "Bigger, multi-year budgets"),
    9: ("Financer structurellement le travail communautaire", "Het gemeenschapswerk structureel financieren", "Fund community work structurally"),
    10: ("Financer l'accompagnement des copropriétés", "De begeleiding van mede-eigendommen financieren", "Fund support for co-ownerships"),
    11: ("Accès aux grands projets d'aménagement", "Toegang tot grote ontwikkelingsprojecten", "Access to large developments"),
    12: ("Une garantie régionale", "Een gewestelijke waarborg", "A regional guarantee"),
    13: ("Accès aux mécanismes de financement régionaux", "Toegang tot de gewestelijke financieringsmechanismes", "Access to regional financing schemes"),
    14: ("Des permis accélérés", "Versnelde vergunningen", "Fast-track permits"),
    15: ("Un droit de préemption", "Een voorkooprecht", "A pre-emption right"),
    16: ("Une part de logements à finalité sociale dans le plan d'affectation du sol", "Een aandeel woningen met sociaal oogmerk in het bestemmingsplan", "A share of social-purpose housing in the land-use plan"),
    17: ("Une prime à l'acquisition assortie de conditions anti-spéculatives", "Een aankooppremie met antispeculatieve voorwaarden", "An acquisition premium with anti-speculative conditions"),
    18: ("Des projets pilotes de logement coopératif", "Proefprojecten voor coöperatief wonen", "Cooperative-housing pilots"),
    19: ("Soutenir une alliance pour le logement", "Een woonakkoord steunen", "Support for a housing deal"),
    20: ("Clarifier les règles d'agrément", "De erkenningsregels verduidelijken", "Clear approval rules"),
    21: ("Soutenir les associations d'insertion par le logement", "De verenigingen voor integratie via huisvesting steunen", "Support housing-integration associations"),
    22: ("Des synergies avec les sociétés publiques de logement", "Synergieën met de openbare huisvestingsmaatschappijen", "Synergies with public housing bodies"),
    23: ("Revoir les marchés publics : depuis 2019, aucun appel n'a reçu plus de trois offres", "De overheidsopdrachten herzien: sinds 2019 kreeg geen enkele oproep meer dan drie offertes", "Rethink public procurement: since 2019 no tender got more than three bids"),
}
# (number, [(date, status)]) : a few recommendations moved on.
HISTORY = {
    8: [(dt.date(2024, 1, 15), "discussed"), (dt.date(2024, 12, 19), "partly")],
    9: [(dt.date(2024, 3, 1), "discussed")],
    14: [(dt.date(2023, 10, 5), "discussed"), (dt.date(2025, 4, 24), "adopted")],
    20: [(dt.date(2022, 3, 1), "implemented")],
}

NEWS = [
    {
        "slug": {"fr": "world-habitat-award", "nl": "world-habitat-award", "en": "world-habitat-award"},
        "date": dt.date(2021, 10, 4), "project": None, "tags": ["prix"],
        "title": {"fr": "Le CLT reçoit le World Habitat Award", "nl": "De CLT krijgt de World Habitat Award", "en": "The CLT receives the World Habitat Award"},
        "intro": {"fr": "Le prix des Nations unies salue un modèle où le sol reste commun et les logements abordables.", "nl": "De prijs van de Verenigde Naties eert een model waarin de grond gemeenschappelijk en de woningen betaalbaar blijven.", "en": "The UN award honours a model where the land stays shared and the homes stay affordable."},
    },
    {
        "slug": {"fr": "calico-habite", "nl": "calico-bewoond", "en": "calico-inhabited"},
        "date": dt.date(2021, 9, 6), "project": "forest-calico", "tags": ["projets"],
        "title": {"fr": "Les premiers habitants emménagent à Calico", "nl": "De eerste bewoners trekken in Calico in", "en": "The first residents move into Calico"},
        "intro": {"fr": "Jeunes et aînés partagent désormais le projet intergénérationnel de Forest.", "nl": "Jong en oud delen voortaan het intergenerationele project in Vorst.", "en": "Young and old now share the intergenerational project in Forest."},
    },
    {
        "slug": {"fr": "budget-2026", "nl": "begroting-2026", "en": "budget-2026"},
        "date": dt.date(2025, 10, 20), "project": None, "tags": ["politique"],
        "title": {"fr": "Budget : 5 millions par an demandés pour 2026-2027", "nl": "Begroting: 5 miljoen per jaar gevraagd voor 2026-2027", "en": "Budget: €5M a year asked for 2026–2027"},
        "intro": {"fr": "Après 4 millions d'investissement en 2024 et 2025, le CLT demande de quoi lancer ses prochains projets.", "nl": "Na 4 miljoen investeringen in 2024 en 2025 vraagt de CLT middelen voor zijn volgende projecten.", "en": "After €4M of investment in 2024 and 2025, the CLT asks for the means to start its next projects."},
    },
]

FORUM = {
    "slug": {"fr": "forum-prevention-expulsions-2025", "nl": "forum-preventie-uithuiszettingen-2025", "en": "eviction-prevention-forum-2025"},
    "title": {"fr": "Forum sur la prévention des expulsions", "nl": "Forum over de preventie van uithuiszettingen", "en": "Forum on eviction prevention"},
    "intro": {"fr": "Plus de cent professionnels (CPAS, communes, associations, chercheurs, juges de paix) ont partagé ce qui marche.", "nl": "Meer dan honderd professionals (OCMW's, gemeenten, verenigingen, onderzoekers, vrederechters) deelden wat werkt.", "en": "More than a hundred professionals (social-welfare centres, municipalities, associations, researchers, justices of the peace) shared what works."},
    "venue": {"fr": "Bruxelles", "nl": "Brussel", "en": "Brussels"},
    "figures": {
        "fr": [("1 080 000 €", "de subside régional par an pour les cellules des CPAS"), ("3 007", "dossiers dans 16 communes, de juillet 2023 à juin 2024"), ("55 %", "de dossiers résolus quand le locataire a pu être joint (24 % sinon)"), ("103", "demandes de bailleurs pendant le moratoire hivernal 2023-2024, 51 % acceptées"), ("8", "familles maintenues chez elles par une équipe communale, 10 relogées")],
        "nl": [("€ 1.080.000", "gewestelijke subsidie per jaar voor de OCMW-cellen"), ("3.007", "dossiers in 16 gemeenten, juli 2023 tot juni 2024"), ("55%", "dossiers opgelost als de huurder bereikt werd (anders 24%)"), ("103", "aanvragen van verhuurders tijdens het wintermoratorium 2023-2024, 51% aanvaard"), ("8", "gezinnen bleven thuis wonen dankzij een gemeentelijk team, 10 kregen een nieuwe woning")],
        "en": [("€1,080,000", "regional subsidy a year for the CPAS units"), ("3,007", "files in 16 municipalities, July 2023 to June 2024"), ("55%", "of files solved when the tenant was reached (24% when not)"), ("103", "landlord requests in the 2023–24 winter moratorium, 51% accepted"), ("8", "families kept in their home by a municipal team, 10 rehoused")],
    },
    "programme": {
        "fr": [(dt.time(9, 0), "Accueil"), (dt.time(9, 30), "Les chiffres de la prévention"), (dt.time(11, 0), "Ateliers : joindre le locataire à temps"), (dt.time(14, 0), "Table ronde des juges de paix")],
        "nl": [(dt.time(9, 0), "Onthaal"), (dt.time(9, 30), "De cijfers van de preventie"), (dt.time(11, 0), "Workshops: de huurder op tijd bereiken"), (dt.time(14, 0), "Rondetafel van de vrederechters")],
        "en": [(dt.time(9, 0), "Welcome"), (dt.time(9, 30), "Prevention in figures"), (dt.time(11, 0), "Workshops: reaching the tenant in time"), (dt.time(14, 0), "Round table of justices of the peace")],
    },
    "speakers": {
        "fr": [("Une cellule logement de CPAS", "1 127 dossiers traités en 2025"), ("Une équipe communale de prévention", "54 demandes, 75 visites à domicile")],
        "nl": [("Een huisvestingscel van een OCMW", "1.127 dossiers behandeld in 2025"), ("Een gemeentelijk preventieteam", "54 aanvragen, 75 huisbezoeken")],
        "en": [("A CPAS housing unit", "1,127 files handled in 2025"), ("A municipal prevention team", "54 requests, 75 home visits")],
    },
}
SESSION = {
    "slug": {"fr": "seance-information-candidats-2027", "nl": "infosessie-kandidaten-2027", "en": "candidates-information-session-2027"},
    "title": {"fr": "Séance d'information pour les candidats propriétaires", "nl": "Infosessie voor kandidaat-eigenaars", "en": "Information session for candidate owners"},
    "intro": {"fr": "Comment s'inscrire au registre, comment le prix est plafonné, comment vivre en copropriété.", "nl": "Hoe u zich inschrijft in het register, hoe de prijs begrensd wordt, hoe u in mede-eigendom woont.", "en": "How to join the register, how the price is capped, how to live in a co-ownership."},
    "venue": {"fr": "Salle communautaire d'Arc-en-Ciel, Molenbeek", "nl": "Gemeenschapsruimte van Arc-en-Ciel, Molenbeek", "en": "Arc-en-Ciel community space, Molenbeek"},
}

# The about page's figures are the demo projects' own (the home page counts the same ones).
DELIVERED_HOMES = sum(homes for *_rest, status, homes, _spaces in HOUSING_PROJECTS if status == HousingProject.Status.INHABITED)
DELIVERED_SPACES = sum(spaces for *_rest, status, _homes, spaces in HOUSING_PROJECTS if status == HousingProject.Status.INHABITED)

# Generic content pages (StreamField), linked from the footer of every page.
ABOUT = {
    "slug": {"fr": "a-propos", "nl": "over-ons", "en": "about"},
    "title": {"fr": "Qu'est-ce que le Community Land Trust ?", "nl": "Wat is de Community Land Trust?", "en": "What is the Community Land Trust?"},
    "intro": {
        "fr": "Une association sans but lucratif qui garde le sol pour que les logements construits dessus restent abordables, génération après génération.",
        "nl": "Een vereniging zonder winstoogmerk die de grond houdt, zodat de woningen erop betaalbaar blijven, generatie na generatie.",
        "en": "A non-profit that keeps the land so that the homes built on it stay affordable, generation after generation.",
    },
    "body": {
        "fr": [
            ("heading", "Le sol d'un côté, le logement de l'autre"),
            ("paragraph", "<p>Le CLT reste propriétaire du terrain. Les ménages achètent uniquement le bâtiment, grâce à un droit de superficie ou un bail emphytéotique. En échange d'un prix bas, ils acceptent des règles sur l'occupation, l'entretien et la revente : à la revente, le logement revient à un autre ménage à revenus modestes, et le vendeur part avec un petit capital.</p>"),
            ("heading", "Les habitants au centre"),
            ("paragraph", "<p>Chaque habitant est membre de l'assemblée générale. Le conseil d'administration réunit trois groupes à parts égales : les habitants et candidats, la société civile, et les pouvoirs publics. Chaque immeuble est une copropriété que les habitants gèrent eux-mêmes, avec l'appui d'associations partenaires.</p>"),
            ("key_figures", [{"value": "2009", "label": "début de l'aventure, lancée par des habitants et des associations"}, {"value": str(DELIVERED_HOMES), "label": "logements livrés"}, {"value": str(DELIVERED_SPACES), "label": "espaces communautaires"}, {"value": "2021", "label": "World Habitat Award des Nations unies"}]),
            ("quote", {"text": "Le sol est un bien commun : on ne le revend pas, on le transmet.", "author": "Une habitante d'Arc-en-Ciel"}),
        ],
        "nl": [
            ("heading", "De grond apart, de woning apart"),
            ("paragraph", "<p>De CLT blijft eigenaar van de grond. De gezinnen kopen alleen het gebouw, via een opstalrecht of een erfpacht. In ruil voor een lage prijs aanvaarden ze regels over bewoning, onderhoud en doorverkoop: bij doorverkoop gaat de woning naar een ander gezin met een bescheiden inkomen, en de verkoper vertrekt met een klein startkapitaal.</p>"),
            ("heading", "De bewoners centraal"),
            ("paragraph", "<p>Elke bewoner is lid van de algemene vergadering. De raad van bestuur bestaat uit drie gelijke groepen: bewoners en kandidaten, het middenveld en de overheid. Elk gebouw is een mede-eigendom die de bewoners zelf beheren, met steun van partnerverenigingen.</p>"),
            ("key_figures", [{"value": "2009", "label": "begin van het avontuur, gestart door bewoners en verenigingen"}, {"value": str(DELIVERED_HOMES), "label": "woningen opgeleverd"}, {"value": str(DELIVERED_SPACES), "label": "gemeenschapsruimtes"}, {"value": "2021", "label": "World Habitat Award van de Verenigde Naties"}]),
            ("quote", {"text": "De grond is gemeengoed: je verkoopt hem niet door, je geeft hem door.", "author": "Een bewoonster van Arc-en-Ciel"}),
        ],
        "en": [
            ("heading", "The land on one side, the home on the other"),
            ("paragraph", "<p>The CLT keeps the land. Households buy only the building, through a building right or a long lease. In return for a low price they accept rules on occupation, upkeep and resale: when they sell, the home goes to another household on a modest income, and the seller leaves with some starting capital.</p>"),
            ("heading", "Residents at the centre"),
            ("paragraph", "<p>Every resident is a member of the general assembly. The board has three equal parts: residents and candidates, civil society, and public authorities. Each building is a co-ownership that its residents run themselves, with support from partner associations.</p>"),
            ("key_figures", [{"value": "2009", "label": "the start, by residents and associations"}, {"value": str(DELIVERED_HOMES), "label": "homes delivered"}, {"value": str(DELIVERED_SPACES), "label": "community spaces"}, {"value": "2021", "label": "UN World Habitat Award"}]),
            ("quote", {"text": "The land is a common good: you do not sell it on, you hand it on.", "author": "A resident of Arc-en-Ciel"}),
        ],
    },
}
BECOME_OWNER = {
    "slug": {"fr": "devenir-proprietaire", "nl": "eigenaar-worden", "en": "become-an-owner"},
    "title": {"fr": "Comment devenir propriétaire", "nl": "Eigenaar worden", "en": "How to become an owner"},
    "intro": {
        "fr": "Quatre étapes, de l'inscription au registre jusqu'aux clés.",
        "nl": "Vier stappen, van de inschrijving in het register tot de sleutels.",
        "en": "Four steps, from joining the register to getting the keys.",
    },
    "steps": {
        "fr": [
            ("1. Vérifier que vous pouvez vous inscrire", "<p>Le CLT s'adresse aux ménages dont les revenus ne dépassent pas les plafonds du logement social. Le prix maximum dépend de vos revenus : <a href=\"{calculator}\">estimez le prix que vous paieriez</a>.</p>"),
            ("2. S'inscrire au registre", "<p>Les candidats sont inscrits dans l'ordre chronologique de leur demande. <a href=\"{apply}\">Déposer ma candidature en ligne</a> ; vous pouvez aussi la déposer sur papier à nos bureaux. Le registre est renouvelé chaque année.</p>"),
            ("3. Rejoindre un groupe de futurs voisins", "<p>Quand un projet se prépare, les candidats sont invités par ordre d'inscription. Le groupe se réunit pendant la conception : on apprend à se connaître et à gérer une copropriété.</p>"),
            ("4. Acheter et emménager", "<p>Vous achetez le logement, pas le terrain, à un prix plafonné. Vous devenez membre de l'assemblée générale du CLT et copropriétaire de votre immeuble.</p>"),
        ],
        "nl": [
            ("1. Nagaan of je je kunt inschrijven", "<p>De CLT richt zich tot gezinnen waarvan het inkomen de grenzen van de sociale huisvesting niet overschrijdt. De maximumprijs hangt af van je inkomen: <a href=\"{calculator}\">bereken de prijs die je zou betalen</a>.</p>"),
            ("2. Je inschrijven in het register", "<p>Kandidaten worden ingeschreven in de chronologische volgorde van hun aanvraag. <a href=\"{apply}\">Mijn kandidatuur online indienen</a>; dat kan ook op papier in onze kantoren. Het register wordt elk jaar vernieuwd.</p>"),
            ("3. Een groep toekomstige buren vervoegen", "<p>Wanneer een project voorbereid wordt, worden de kandidaten uitgenodigd in de volgorde van inschrijving. De groep komt samen tijdens het ontwerp: je leert elkaar kennen en leert een mede-eigendom beheren.</p>"),
            ("4. Kopen en verhuizen", "<p>Je koopt de woning, niet de grond, tegen een begrensde prijs. Je wordt lid van de algemene vergadering van de CLT en mede-eigenaar van je gebouw.</p>"),
        ],
        "en": [
            ("1. Check that you can register", "<p>The CLT is for households whose income is within the social-housing ceilings. The maximum price depends on your income: <a href=\"{calculator}\">estimate the price you would pay</a>.</p>"),
            ("2. Join the register", "<p>Candidates are registered in the order of their application. <a href=\"{apply}\">Apply online</a>, or on paper at our offices. The register is renewed every year.</p>"),
            ("3. Join a group of future neighbours", "<p>When a project is being prepared, candidates are invited in the order of the register. The group meets while the building is designed: you get to know each other and learn to run a co-ownership.</p>"),
            ("4. Buy and move in", "<p>You buy the home, not the land, at a capped price. You become a member of the CLT's general assembly and a co-owner of your building.</p>"),
        ],
    },
}


def _content_pages(home_pages: dict, locales: dict) -> None:
    """The two generic pages in three languages, shown in the footer."""
    for data in (ABOUT, BECOME_OWNER):
        source = None
        for code in LANGS:
            if "body" in data:
                body = data["body"][code]
            else:
                with translation.override(code):
                    links = {"calculator": reverse("candidates:ownership_calculator"), "apply": reverse("candidates:apply")}
                body = []
                for heading, paragraph in data["steps"][code]:
                    body += [("heading", heading), ("paragraph", paragraph.format(**links))]
            fields = dict(title=data["title"][code], intro=data["intro"][code], body=body, show_in_menus=True)
            if code == "fr":
                page = source = _child(home_pages["fr"], ContentPage, data["slug"]["fr"], **fields)
            else:
                page = _translation(source, code, locales, data["slug"][code], **fields)
            _publish(page)


def _child(parent: Page, model, slug: str, **fields):
    """The parent's child with this slug, created or updated, then published."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, locale=parent.locale, **fields)
        parent.add_child(instance=page)
    else:
        for name, value in fields.items():
            setattr(page, name, value)
    return page


def _translation(source: Page, code: str, locales: dict, slug: str, **fields):
    page = source.get_translation_or_none(locales[code])
    if page is None:
        page = source.copy_for_translation(locales[code])
    page = page.specific
    page.slug = slug
    for name, value in fields.items():
        setattr(page, name, value)
    return page


# What changes with every save, not with the content: left out when the demo
# asks whether a page's content differs from its live revision.
_STAMPS = {
    "pk", "id", "path", "depth", "numchild", "url_path", "live", "has_unpublished_changes", "latest_revision",
    "live_revision", "first_published_at", "last_published_at", "latest_revision_created_at", "locked",
    "locked_at", "locked_by", "owner", "draft_title", "expired",
    # a nested child's pointer to its parent (a recommendation's status history): None until published
    "recommendation",
}


def _content(value):
    """A page's content as plain JSON, without ids, stamps and block ids (the
    demo's StreamField lists get new block ids each time they are assigned)."""
    if isinstance(value, str) and value[:1] in "[{":
        try:
            value = json.loads(value)
        except ValueError:
            return value
    if isinstance(value, dict):
        return {key: _content(item) for key, item in value.items() if key not in _STAMPS}
    if isinstance(value, list):
        return [_content(item) for item in value]
    return value


def _publish(page) -> None:
    """Publish the page as set, unless its live revision already holds the
    same content: loading the demo again adds no revision and no log entry."""
    live = page.live_revision if page.live and not page.has_unpublished_changes else None
    if live is not None:
        now = json.loads(json.dumps(page.serializable_data(), cls=DjangoJSONEncoder))
        if _content(now) == _content(live.content):
            return
    page.save_revision().publish()


def _figures(pairs):
    return [("figures", [{"value": v, "label": label} for v, label in pairs])]


@transaction.atomic
def load(out) -> None:
    locales = {code: Locale.objects.get_or_create(language_code=code)[0] for code in LANGS}
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
        _publish(home)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Socle"},
    )
    # A flushed database (transactional tests) has no root collection either.
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    setup.ensure_editorial_setup()
    homes = {"fr": home}
    for code in ("nl", "en"):
        title, intro = HOME[code]
        homes[code] = _translation(home, code, locales, {"nl": "home", "en": "home-en"}[code], title=title, intro=intro)
        _publish(homes[code])

    # Sections under each home page, shown in menus.
    sections = {}
    for model, slugs, titles, intros in SECTIONS:
        source = _child(home, model, slugs["fr"], title=titles["fr"], intro=f"<p>{intros['fr']}</p>", show_in_menus=True)
        _publish(source)
        sections[model] = {"fr": source}
        for code in ("nl", "en"):
            page = _translation(source, code, locales, slugs[code], title=titles[code], intro=f"<p>{intros[code]}</p>")
            _publish(page)
            sections[model][code] = page

    images = {p["project"]: demo_pictures.picture(f"demo {p['project']}", p["colour"]) for p in PROJECTS}
    projects = {p.slug: p for p in HousingProject.objects.filter(slug__in=[p["project"] for p in PROJECTS])}
    project_pages = {}
    for data in PROJECTS:
        housing_project = projects.get(data["project"])
        if housing_project is None:
            continue
        for code in LANGS:
            fields = dict(
                title=data["title"][code], intro=data["intro"][code], community_spaces=data["spaces"][code],
                housing_project=housing_project,
                homes_by_size=[("homes", {"size": {"fr": f"{n} ch.", "nl": f"{n} slpk.", "en": f"{n} bedr."}[code], "count": c}) for n, c in data["homes"]],
                partners=[("partner", {"name": n, "role": r}) for n, r in PARTNERS[code]],
                financing=[("share", {"source": s, "percent": p}) for s, p in FINANCING[code]],
                latitude=data["position"][0], longitude=data["position"][1],
            )
            if code == "fr":
                page = _child(sections[ProjectIndexPage]["fr"], ProjectPage, data["slug"]["fr"], **fields)
            else:
                page = _translation(project_pages[data["project"]]["fr"], code, locales, data["slug"][code], **fields)
            page.milestones = [ProjectMilestone(stage=stage, date=date) for stage, date in data["milestones"]]
            page.gallery_images = [
                ProjectGalleryImage(
                    image=images[data["project"]],
                    alt={"fr": f"Dessin d'une façade d'immeuble à quatre étages, pour le projet {data['title']['fr']}",
                         "nl": f"Tekening van de gevel van een gebouw met vier verdiepingen, voor het project {data['title']['nl']}",
                         "en": f"Drawing of a four-storey building's front, for the {data['title']['en']} project"}[code],
                )
            ]
            _publish(page)
            project_pages.setdefault(data["project"], {})[code] = page

    testimonials = {}
    for code in LANGS:
        fields = dict(
            title=TESTIMONIAL["title"][code], quote=TESTIMONIAL["quote"][code], author_name="Fatima",
            author_description=TESTIMONIAL["author"][code], housing_project=projects.get("molenbeek-arc-en-ciel"),
            consent_given_by="Fatima", consent_given_on=dt.date(2025, 3, 3), consent_text_version="v2",
        )
        if code == "fr":
            page = _child(sections[TestimonialIndexPage]["fr"], TestimonialPage, TESTIMONIAL["slug"]["fr"], **fields)
        else:
            page = _translation(testimonials["fr"], code, locales, TESTIMONIAL["slug"][code], **fields)
        _publish(page)
        testimonials[code] = page

    for index, code in enumerate(LANGS):
        page = sections[RecommendationIndexPage][code]
        recommendations = []
        for theme, numbers in THEMES.items():
            for number in numbers:
                history = HISTORY.get(number, [])
                recommendation = Recommendation(
                    number=number, theme=theme, title=RECOMMENDATIONS[number][index], sort_order=number,
                    status=history[-1][1] if history else "proposed",
                )
                recommendation.history = [
                    RecommendationStatusChange(date=date, status=status, sort_order=i) for i, (date, status) in enumerate(history)
                ]
                recommendations.append(recommendation)
        page.recommendations = recommendations
        _publish(page)

    news_image = demo_pictures.picture("demo news", (120, 90, 40), kind="houses")
    for item in NEWS:
        source = None
        for code in LANGS:
            fields = dict(
                title=item["title"][code], intro=item["intro"][code], date=item["date"],
                housing_project=projects.get(item["project"]) if item["project"] else None,
                image=news_image, image_alt={"fr": "Dessin d'une rangée de quatre maisons", "nl": "Tekening van een rij van vier huizen", "en": "Drawing of a row of four houses"}[code],
                body=[("paragraph", f"<p>{item['intro'][code]}</p>")],
            )
            if code == "fr":
                page = source = _child(sections[NewsIndexPage]["fr"], NewsPage, item["slug"]["fr"], **fields)
            else:
                page = _translation(source, code, locales, item["slug"][code], **fields)
            page.tags.set(item["tags"])
            _publish(page)

    events = {}
    for key, data, starts, ends, orders, capacity in [
        ("forum", FORUM, dt.datetime(2025, 11, 5, 9, 0, tzinfo=BRUSSELS), dt.datetime(2025, 11, 5, 17, 0, tzinfo=BRUSSELS), True, 120),
        ("session", SESSION, dt.datetime(2027, 3, 18, 18, 30, tzinfo=BRUSSELS), dt.datetime(2027, 3, 18, 20, 30, tzinfo=BRUSSELS), False, 30),
    ]:
        source = None
        for code in LANGS:
            fields = dict(
                title=data["title"][code], intro=data["intro"][code], venue=data["venue"][code], starts_at=starts,
                ends_at=ends, takes_resource_orders=orders, capacity=capacity,
                # The information session is meant for people who have no account yet (issue 26).
                accepts_visitors=key == "session",
            )
            if "figures" in data:
                fields["key_figures"] = _figures(data["figures"][code])
                fields["programme"] = [("item", {"time": t, "title": title, "description": ""}) for t, title in data["programme"][code]]
                fields["speakers"] = [("speaker", {"name": n, "role": r}) for n, r in data["speakers"][code]]
            if code == "fr":
                page = source = _child(sections[EventIndexPage]["fr"], PublicEventPage, data["slug"]["fr"], **fields)
            else:
                page = _translation(source, code, locales, data["slug"][code], **fields)
            _publish(page)
            events[(key, code)] = page

    _content_pages(homes, locales)

    for code in LANGS:
        page = HomePage.objects.get(pk=homes[code].pk)
        page.key_figures = _figures(HOME_FIGURES[code])
        page.featured_projects = [("project", project_pages[p][code]) for p in project_pages]
        page.testimonial = testimonials[code]
        _publish(page)
    _testimonial_consent(testimonials["fr"])
    out.write(f"  site: home, {len(project_pages)} projects, a testimonial, 23 recommendations, 3 news items, 2 events and 2 content pages in fr, nl, en")


def _testimonial_consent(testimonial) -> None:
    """Fatima gave her consent to publish her testimonial on paper, to the
    staff, who record it (the record of processing, community.privacy)."""
    from community.models import User
    from community.privacy import services as privacy
    from community.privacy.models import Consent

    resident = User.objects.filter(email="resident@socle.test").first()
    staff = User.objects.filter(email="staff@socle.test").first()
    if resident is None or staff is None or privacy.has_consent(resident, "testimonial_publication", testimonial):
        return
    if not Consent.objects.filter(user=resident, purpose="testimonial_publication").exists():
        privacy.give_consent(acting_user=staff, user=resident, purpose="testimonial_publication", target=testimonial)
