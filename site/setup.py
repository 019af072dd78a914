"""Editorial set-up kept in step after each migrate (and after a test flush):
who may edit and publish, the moderation workflow, scheduled publishing."""

from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _
from socle_site.kernel.generated_names import renderings

PAGE_PERMISSIONS = {
    # Editors draft and submit for moderation; moderators (staff) publish.
    "Editors": ["add_page", "change_page"],
    "Moderators": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"), ("wagtailimages", "change_image"), ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"), ("wagtaildocs", "change_document"), ("wagtaildocs", "choose_document"),
]
PUBLISH_SCHEDULED = "socle_site.publish_scheduled"
# Stored in English (the message id: Wagtail's own migrations look the groups
# up by these names), read in each editor's language (``register_names``).
GROUP_NAMES = {"Editors": _("Editors"), "Moderators": _("Moderators")}
WORKFLOW_NAME = _("Moderators approval")


def register_names() -> None:
    """Editors read the groups, the workflow and its task in their language
    everywhere Wagtail's admin shows them (listings, side panels, e-mails)."""
    from socle_site.kernel.generated_names import (
        register_generated_name,
        translate_field_on_reading,
    )
    from wagtail.models import Task, Workflow

    for name in (*GROUP_NAMES.values(), WORKFLOW_NAME):
        register_generated_name(name)
    for model in (Group, Workflow, Task):
        translate_field_on_reading(model, "name")
    # A group's natural key (dumpdata --natural-foreign) is its stored name, which loaddata looks up.
    Group.natural_key = lambda group: (Group.__dict__["name"].stored(group),)


def ensure_editorial_setup(sender=None, **kwargs) -> None:
    """Idempotent: groups get their Wagtail permissions on the tree's root,
    the default 'Moderators approval' workflow covers the whole tree, and
    `manage.py publish_scheduled` runs every five minutes through django-q2."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django_q.models import Schedule
    from wagtail.models import (
        Collection,
        GroupApprovalTask,
        GroupCollectionPermission,
        GroupPagePermission,
        Page,
        Workflow,
        WorkflowPage,
        WorkflowTask,
    )

    for app_label in ("wagtailcore", "wagtailadmin", "wagtailimages", "wagtaildocs", "simple_translation"):
        create_permissions(apps.get_app_config(app_label), verbosity=0)
    Schedule.objects.get_or_create(
        name=PUBLISH_SCHEDULED,
        defaults={"func": "socle_site.tasks.publish_scheduled", "schedule_type": Schedule.MINUTES, "minutes": 5},
    )
    root = Page.get_first_root_node()
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    # Editors translate pages themselves (simple_translation copies, they rewrite).
    submit_translation = Permission.objects.get(content_type__app_label="simple_translation", codename="submit_translation")
    groups = {}
    for name, codenames in PAGE_PERMISSIONS.items():
        # Found under the name an editor may have saved it with, in any language.
        group = Group.objects.filter(name__in=renderings(GROUP_NAMES[name])).first() or Group.objects.create(name=name)
        groups[name] = group
        group.permissions.add(access_admin, submit_translation)
        if root is not None:
            for codename in codenames:
                permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
                GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
        collection = Collection.get_first_root_node()
        if collection is not None:
            for app_label, codename in COLLECTION_PERMISSIONS:
                permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
                GroupCollectionPermission.objects.get_or_create(group=group, collection=collection, permission=permission)
    if root is None:
        return
    names = renderings(WORKFLOW_NAME)
    workflow = Workflow.objects.filter(name__in=names).first()
    if workflow is None:
        workflow = Workflow.objects.create(name="Moderators approval", active=True)
    task = GroupApprovalTask.objects.filter(name__in=names).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name="Moderators approval", active=True)
    task.groups.add(groups["Moderators"])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.get_or_create(page=root, defaults={"workflow": workflow})
