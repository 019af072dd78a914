"""Belgian municipalities under their official name in the reader's language.

Addresses are stored as typed (mostly the French name); pages show the
official name of the reader's language: "Vorst" on a Dutch page for
"Forest", "Brussels" in English. The Brussels-Capital Region's nineteen
municipalities are officially bilingual (French and Dutch)."""

from django.utils import translation

# French name → (Dutch name, English name).
BRUSSELS = {
    "Anderlecht": ("Anderlecht", "Anderlecht"),
    "Auderghem": ("Oudergem", "Auderghem"),
    "Berchem-Sainte-Agathe": ("Sint-Agatha-Berchem", "Berchem-Sainte-Agathe"),
    "Bruxelles": ("Brussel", "Brussels"),
    "Etterbeek": ("Etterbeek", "Etterbeek"),
    "Evere": ("Evere", "Evere"),
    "Forest": ("Vorst", "Forest"),
    "Ganshoren": ("Ganshoren", "Ganshoren"),
    "Ixelles": ("Elsene", "Ixelles"),
    "Jette": ("Jette", "Jette"),
    "Koekelberg": ("Koekelberg", "Koekelberg"),
    "Molenbeek-Saint-Jean": ("Sint-Jans-Molenbeek", "Molenbeek-Saint-Jean"),
    "Saint-Gilles": ("Sint-Gillis", "Saint-Gilles"),
    "Saint-Josse-ten-Noode": ("Sint-Joost-ten-Node", "Saint-Josse-ten-Noode"),
    "Schaerbeek": ("Schaarbeek", "Schaerbeek"),
    "Uccle": ("Ukkel", "Uccle"),
    "Watermael-Boitsfort": ("Watermaal-Bosvoorde", "Watermael-Boitsfort"),
    "Woluwe-Saint-Lambert": ("Sint-Lambrechts-Woluwe", "Woluwe-Saint-Lambert"),
    "Woluwe-Saint-Pierre": ("Sint-Pieters-Woluwe", "Woluwe-Saint-Pierre"),
}
_BY_ANY_NAME = {
    name.casefold(): french for french, names in BRUSSELS.items() for name in (french, *names)
}


def municipality_name(name: str, language: str | None = None) -> str:
    """``name`` (French, Dutch or English) as officially written in ``language``
    (default: the active one); a name we do not know is shown as typed."""
    french = _BY_ANY_NAME.get((name or "").strip().casefold())
    if french is None:
        return name
    code = (language or translation.get_language() or "fr").split("-")[0]
    dutch, english = BRUSSELS[french]
    return {"nl": dutch, "en": english}.get(code, french)
