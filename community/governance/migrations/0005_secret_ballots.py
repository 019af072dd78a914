"""Secret ballots keep totals, never ballots: receipts get a table of their own,
sealed envelopes and totals appear (README, "Secret ballots")."""

import django.core.validators
import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('community', '0003_notification_attachments'),
        ('governance', '0004_meeting_cancel_postpone'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Receipt',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('code_hash', models.CharField(max_length=64, unique=True, verbose_name='receipt fingerprint')),
            ],
            options={
                'verbose_name': 'receipt',
                'verbose_name_plural': 'receipts',
            },
        ),
        migrations.CreateModel(
            name='SecretEnvelope',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('token', models.CharField(max_length=64, unique=True)),
                ('sealed', models.BinaryField()),
            ],
            options={
                'verbose_name': 'sealed secret choice',
                'verbose_name_plural': 'sealed secret choices',
            },
        ),
        migrations.CreateModel(
            name='SecretTotal',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('key', models.CharField(max_length=40)),
                ('ballots', models.PositiveIntegerField(default=0)),
                ('weight', models.CharField(default='0', max_length=60)),
            ],
            options={
                'verbose_name': 'secret ballot total',
                'verbose_name_plural': 'secret ballot totals',
            },
        ),
        migrations.AddField(
            model_name='body',
            name='secret_ballot_minimum',
            field=models.PositiveSmallIntegerField(default=10, help_text="With fewer voters present or represented, a secret result can reveal who chose what: the chair is warned before opening, and a co-owners' meeting refuses to open the vote.", validators=[django.core.validators.MinValueValidator(2)], verbose_name='fewest voters for a secret vote'),
        ),
        migrations.AddField(
            model_name='participation',
            name='token_hash',
            field=models.CharField(blank=True, editable=False, max_length=64, null=True, unique=True),
        ),
        migrations.AddField(
            model_name='receipt',
            name='question',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='receipts', to='governance.question', verbose_name='question'),
        ),
        migrations.AddField(
            model_name='secretenvelope',
            name='question',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='governance.question'),
        ),
        migrations.AddField(
            model_name='secrettotal',
            name='choice',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='governance.choice'),
        ),
        migrations.AddField(
            model_name='secrettotal',
            name='college',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='community.college'),
        ),
        migrations.AddField(
            model_name='secrettotal',
            name='question',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='governance.question'),
        ),
        migrations.AddConstraint(
            model_name='secrettotal',
            constraint=models.UniqueConstraint(fields=('question', 'key'), name='one_secret_total_per_key'),
        ),
    ]
