# The meeting core's one reply model (issue 17): a plain row per meeting that
# people reply to, and their replies, one per person in the database.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('community', '0007_member_without_email'),
    ]

    operations = [
        migrations.CreateModel(
            name='Convocation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(max_length=40, verbose_name='kind')),
                ('title', models.CharField(max_length=255, verbose_name='title')),
                ('starts_at', models.DateTimeField(verbose_name='starts at')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created')),
            ],
            options={
                'verbose_name': 'convocation',
                'verbose_name_plural': 'convocations',
            },
        ),
        migrations.CreateModel(
            name='MeetingReply',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('answer', models.CharField(choices=[('in_person', 'I will come'), ('online', 'I will join online'), ('absent', 'I cannot come'), ('delegated', 'A colleague comes in my place')], max_length=12, verbose_name='answer')),
                ('answered_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='answered')),
                ('lapsed_at', models.DateTimeField(blank=True, null=True, verbose_name='lapsed')),
                ('convocation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='replies', to='community.convocation', verbose_name='meeting')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='meeting_replies', to=settings.AUTH_USER_MODEL, verbose_name='member')),
            ],
            options={
                'verbose_name': 'reply',
                'verbose_name_plural': 'replies',
                'ordering': ['answered_at', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('convocation', 'user'), name='one_reply_per_person'), models.CheckConstraint(condition=models.Q(('answer__in', ['in_person', 'online', 'absent', 'delegated'])), name='meeting_reply_known_answer')],
            },
        ),
    ]
