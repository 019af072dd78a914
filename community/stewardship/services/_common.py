from django.urls import reverse
from socle_site.kernel.refusals import Refusal


class StewardshipRefusal(Refusal):
    pass


def _url(name: str, *args):
    # Reversed when the notice is read, in the reader's language.
    return lambda: reverse(name, args=args)
