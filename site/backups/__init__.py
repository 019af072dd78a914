"""Backups that restore: ``manage.py backup`` and ``manage.py restore``.

One archive holds a logical dump of the PostgreSQL database (``pg_dump``: no
WAL, no copy of the data directory), the media and the private files, and a
manifest (Socle's version, the migrations applied per app, the date, every
member's SHA-256). It is a tar stream encrypted with age (pyrage) while it is
written, so neither the archive nor its plaintext is ever held in memory.

- ``archive``: the encrypted tar, written and read in chunks;
- ``database``: ``pg_dump`` / ``pg_restore`` and what the database holds;
- ``services``: ``create_backup``, ``restore_backup``, the scheduled run, its
  retention and the status a page can show.
"""
