"""The production server's worker: gunicorn runs uvicorn with Socle's settings.

    gunicorn socle_site.asgi:application -k socle_site.workers.UvicornWorker -w 2

- Websocket messages go uncompressed: the live states are small JSON
  documents (under 1 kB) pushed to hundreds of screens at once, and
  compressing each copy for each screen cost more server time than it saved.
- A shorter GIL switch interval. Each process's event loop (websockets, live
  pushes) shares the interpreter with the thread that runs Django's sync
  views. Every socket write releases the GIL, and getting it back from a busy
  view thread takes up to the switch interval (5 ms by default): with a
  hundred live screens per process, one push spent half a second waiting and
  the screens fell ever further behind during a vote (bench/assembly_votes.py).
"""

import os
import sys

from uvicorn_worker import UvicornWorker as _BaseWorker


class UvicornWorker(_BaseWorker):
    CONFIG_KWARGS = {**_BaseWorker.CONFIG_KWARGS, "ws_per_message_deflate": False}

    def init_process(self) -> None:
        sys.setswitchinterval(float(os.environ.get("SOCLE_GIL_SWITCH_INTERVAL", "0.0005")))
        super().init_process()
