# Members' answers to platform meetings ("Attendance", which was a reply)
# move to the meeting core's one reply model (community.Convocation and
# community.MeetingReply, issue 17): each meeting with answers gets its
# convocation row and its answers move there, "present" becoming "in_person"
# (the meeting core's "I will come"). Going back moves them home again.

import django.db.models.deletion
from django.db import migrations, models

KIND = "platform_meeting"
TO_REPLY = {"present": "in_person", "absent": "absent", "delegated": "delegated"}
FROM_REPLY = {reply: answer for answer, reply in TO_REPLY.items()}


def move_answers(apps, schema_editor):
    Meeting = apps.get_model("platform_forums", "Meeting")
    Attendance = apps.get_model("platform_forums", "Attendance")
    Convocation = apps.get_model("community", "Convocation")
    MeetingReply = apps.get_model("community", "MeetingReply")
    for meeting in Meeting.objects.filter(pk__in=Attendance.objects.values("meeting_id")).order_by("pk"):
        convocation = Convocation.objects.create(kind=KIND, title=meeting.title[:255], starts_at=meeting.starts_at)
        Meeting.objects.filter(pk=meeting.pk).update(convocation=convocation)
        MeetingReply.objects.bulk_create(
            MeetingReply(convocation=convocation, user_id=old.user_id, answer=TO_REPLY[old.answer],
                         answered_at=old.answered_at)
            for old in Attendance.objects.filter(meeting=meeting).order_by("pk")
        )


def move_answers_back(apps, schema_editor):
    Meeting = apps.get_model("platform_forums", "Meeting")
    Attendance = apps.get_model("platform_forums", "Attendance")
    MeetingReply = apps.get_model("community", "MeetingReply")
    for meeting in Meeting.objects.filter(convocation__isnull=False).order_by("pk"):
        Attendance.objects.bulk_create(
            Attendance(meeting=meeting, user_id=reply.user_id, answer=FROM_REPLY[reply.answer], answered_at=reply.answered_at)
            for reply in MeetingReply.objects.filter(convocation_id=meeting.convocation_id, answer__in=list(FROM_REPLY)).order_by("pk")
        )
        MeetingReply.objects.filter(convocation_id=meeting.convocation_id).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('community', '0008_convocation_meetingreply'),
        ('platform_forums', '0005_translatable_text'),
    ]

    operations = [
        migrations.AddField(
            model_name='meeting',
            name='convocation',
            field=models.OneToOneField(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='platform_meeting', to='community.convocation', verbose_name='replies'),
        ),
        migrations.RunPython(move_answers, move_answers_back),
        migrations.DeleteModel(
            name='Attendance',
        ),
    ]
