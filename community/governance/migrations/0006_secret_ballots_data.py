"""Existing ballots into the new storage: every receipt into ``Receipt``; a
secret question's ballots out of the ballot table. A closed secret question
keeps its frozen result; an open one gets its totals from its ballots (the
co-owners' cap, applied at close for ballots cast before this change, is
applied here to each ballot alone, as close did for secret ballots)."""

from collections import defaultdict
from fractions import Fraction

from django.db import migrations


def forwards(apps, schema_editor):
    Ballot = apps.get_model("governance", "Ballot")
    Receipt = apps.get_model("governance", "Receipt")
    Question = apps.get_model("governance", "Question")
    SecretTotal = apps.get_model("governance", "SecretTotal")
    batch = []
    for question_id, code_hash in Ballot.objects.values_list("question_id", "receipt_hash").iterator():
        batch.append(Receipt(question_id=question_id, code_hash=code_hash))
        if len(batch) >= 1000:
            Receipt.objects.bulk_create(batch)
            batch = []
    Receipt.objects.bulk_create(batch)
    for question in Question.objects.filter(is_secret=True):
        ballots = Ballot.objects.filter(question=question)
        if question.status == "open":
            totals = defaultdict(lambda: [0, Fraction(0)])
            for selections, weight, college in ballots.values_list("selections", "weight", "college_id"):
                totals["ballots"][0] += 1
                totals["ballots"][1] += weight
                college_part = (college or "-") if question.double_majority_per_college else "-"
                for choice in selections or [None]:
                    key = "blank" if choice is None else f"{choice}:{college_part}"
                    totals[key][0] += 1
                    totals[key][1] += weight
            totals["ballots"]  # always present
            rows = []
            for key, (n, w) in totals.items():
                choice = college = None
                if key not in ("ballots", "blank"):
                    choice_part, college_part = key.split(":")
                    choice, college = int(choice_part), (None if college_part == "-" else int(college_part))
                rows.append(SecretTotal(question=question, key=key, choice_id=choice, college_id=college, ballots=n, weight=str(w)))
            SecretTotal.objects.bulk_create(rows)
        ballots.delete()


class Migration(migrations.Migration):
    dependencies = [("governance", "0005_secret_ballots")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
