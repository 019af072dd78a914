"""How long a free text a person types may be: one place for the limits, and
``bounded`` to give a model TextField the same limit as its form (Django's
TextField passes ``max_length`` to its form field and the HTML ``maxlength``,
but enforces it only with a validator). A ticket description once accepted
200,000 characters (issue 26)."""

from django.core.validators import MaxLengthValidator

# A one-line answer that may wrap: a reason, an address.
SHORT_TEXT = 2_000
# A description, a comment, a ticket: a few paragraphs.
MEDIUM_TEXT = 5_000
# A text with sections: an explanation put to the vote, an agenda item's text.
LONG_TEXT = 20_000
# Minutes of a whole meeting.
MINUTES_TEXT = 200_000


def bounded(limit: int) -> dict:
    """Keyword arguments for a model TextField limited to ``limit`` characters
    in the form (max_length, the HTML maxlength) and the model (validator)."""
    return {"max_length": limit, "validators": [MaxLengthValidator(limit)]}
