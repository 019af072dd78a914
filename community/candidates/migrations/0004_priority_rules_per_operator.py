"""Priority rules were platform-wide; each operator now weighs its own. A
rule without an operator is copied to every operator, then removed."""

from django.db import migrations


def copy_to_each_operator(apps, schema_editor):
    Rule = apps.get_model("candidates", "PriorityRuleSetting")
    Operator = apps.get_model("candidates", "Operator")
    for rule in Rule.objects.filter(operator__isnull=True):
        for operator in Operator.objects.all():
            Rule.objects.get_or_create(
                operator=operator, kind=rule.kind, defaults={"points": rule.points, "is_enabled": rule.is_enabled}
            )
        rule.delete()


class Migration(migrations.Migration):
    dependencies = [("candidates", "0003_per_operator_rules_deeds_offer_deadline")]

    operations = [migrations.RunPython(copy_to_each_operator, migrations.RunPython.noop)]
