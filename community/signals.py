from allauth.account.signals import user_logged_in
from django.dispatch import receiver


@receiver(user_logged_in)
def remember_language_on_login(sender, request, user, **kwargs):
    # The session keeps the language of the page where the person logged in
    # (the middleware sets the cookie to it), not the stored preference.
    from django.utils import translation

    request._socle_login_language = translation.get_language()


def ensure_groups_and_schedules(sender, **kwargs):
    """After each migrate: the staff group holds the people-management
    permissions, and the daily digest is scheduled. Idempotent."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission
    from django_q.models import Schedule

    from community.services.roles import EDITORS_GROUP, MODERATORS_GROUP, STAFF_GROUP

    # Our receiver may run before auth's own: make sure the permissions exist.
    create_permissions(sender, verbosity=0)
    staff, _created = Group.objects.get_or_create(name=STAFF_GROUP)
    staff.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="community",
            content_type__model__in=[
                "user",
                "household",
                "householdmember",
                "housingproject",
                "organisation",
                "organisationmembership",
                "roleassignment",
                "college",
            ],
        ),
        *Permission.objects.filter(content_type__app_label="community", codename="view_auditevent"),
    )
    Group.objects.get_or_create(name=EDITORS_GROUP)
    Group.objects.get_or_create(name=MODERATORS_GROUP)
    Schedule.objects.get_or_create(
        name="community.daily_digest",
        defaults={
            "func": "community.tasks.send_daily_digests",
            "schedule_type": Schedule.DAILY,
        },
    )
