# Members' replies to assemblies move to the meeting core's one reply model
# (community.Convocation and community.MeetingReply, issue 17): each meeting
# with replies gets its convocation row and its replies move there, answers
# and lapses unchanged. Going back moves them home again.

import django.db.models.deletion
from django.db import migrations, models

KIND = "assembly"


def move_replies(apps, schema_editor):
    Meeting = apps.get_model("governance", "Meeting")
    Rsvp = apps.get_model("governance", "Rsvp")
    Convocation = apps.get_model("community", "Convocation")
    MeetingReply = apps.get_model("community", "MeetingReply")
    for meeting in Meeting.objects.filter(pk__in=Rsvp.objects.values("meeting_id")).order_by("pk"):
        convocation = Convocation.objects.create(kind=KIND, title=meeting.title[:255], starts_at=meeting.starts_at)
        Meeting.objects.filter(pk=meeting.pk).update(convocation=convocation)
        MeetingReply.objects.bulk_create(
            MeetingReply(convocation=convocation, user_id=old.member_id, answer=old.answer,
                         answered_at=old.answered_at, lapsed_at=old.lapsed_at)
            for old in Rsvp.objects.filter(meeting=meeting).order_by("pk")
        )


def move_replies_back(apps, schema_editor):
    Meeting = apps.get_model("governance", "Meeting")
    Rsvp = apps.get_model("governance", "Rsvp")
    MeetingReply = apps.get_model("community", "MeetingReply")
    for meeting in Meeting.objects.filter(convocation__isnull=False).order_by("pk"):
        Rsvp.objects.bulk_create(
            Rsvp(meeting=meeting, member_id=reply.user_id, answer=reply.answer,
                 answered_at=reply.answered_at, lapsed_at=reply.lapsed_at)
            for reply in MeetingReply.objects.filter(convocation_id=meeting.convocation_id, answer__in=["in_person", "online", "absent"]).order_by("pk")
        )
        MeetingReply.objects.filter(convocation_id=meeting.convocation_id).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('community', '0008_convocation_meetingreply'),
        ('governance', '0010_translatable_text'),
    ]

    operations = [
        migrations.AddField(
            model_name='meeting',
            name='convocation',
            field=models.OneToOneField(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='assembly_meeting', to='community.convocation', verbose_name='replies'),
        ),
        migrations.RunPython(move_replies, move_replies_back),
        migrations.DeleteModel(
            name='Rsvp',
        ),
    ]
