"""Housing platforms (organisations of one or several municipalities working
together on housing) and the forums where their members, or the residents of
one housing project, talk.

Split by use case (STYLE 16); every model is re-exported here, so the app
label, the migrations and ``platform_forums.models.X`` stay as they were.
"""

# Migration 0004 names the attachments' storage by this path.
from .forums import (  # noqa: F401
    Forum,
    Post,
    PostAttachment,
    PostFlag,
    PostRevision,
    Thread,
    ThreadReadMark,
    _private_storage,  # noqa: F401
)
from .meetings import ActionItem, AgendaItem, Meeting  # noqa: F401
from .opinions import Opinion, OpinionComment, OpinionFollowUp, OpinionRevision, Practice  # noqa: F401
from .platforms import Platform, PlatformMembership, PlatformRole  # noqa: F401
from .sub_commissions import SubCommission, SubCommissionMember  # noqa: F401
