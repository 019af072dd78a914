"""Websocket routes of every app, gathered in one place."""

from community.governance.routing import websocket_urlpatterns as governance_ws
from community.routing import websocket_urlpatterns as community_ws
from platform_forums.routing import websocket_urlpatterns as platform_forums_ws

websocket_urlpatterns = [*community_ws, *governance_ws, *platform_forums_ws]
