"""One search box for members: each feature registers what it lets a member
find (``register_searchable``), the base reads every kind in one query within
what the member may read (``search``), and highlights safely (``highlight``)."""

from .registry import SearchKind, kinds, register_searchable

__all__ = ["SearchKind", "kinds", "register_searchable"]
