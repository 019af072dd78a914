"""The production server's worker: gunicorn runs uvicorn with Socle's settings.

    gunicorn socle_site.asgi:application -k socle_site.workers.UvicornWorker -w 2

Websocket messages go uncompressed: the live states are small JSON documents
(under 1 kB) pushed to hundreds of screens at once, and compressing each copy
for each screen cost more server time than it saved.

(A shorter GIL switch interval was tried here for the live pushes: it cut the
public pages' uncached throughput by a quarter and did not shorten the delay
of bench/assembly_votes.py, so Python's default stays.)
"""

from uvicorn_worker import UvicornWorker as _BaseWorker


class UvicornWorker(_BaseWorker):
    # No uvicorn access log: it writes the path and query string (reset and
    # confirmation keys); socle_site.ops writes one line per request instead.
    CONFIG_KWARGS = {**_BaseWorker.CONFIG_KWARGS, "ws_per_message_deflate": False, "access_log": False}
