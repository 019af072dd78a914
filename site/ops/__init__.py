"""Operations: what a volunteer administrator needs to keep Socle running.

Metrics for Prometheus (``metrics``), one log line per request and per task
(``request_log``, ``middleware``), the administrator's status page
(``status``, ``views``), alerts by e-mail (``alerts``) and e-mail bounces
(``bounces``). Part of the kernel: it knows no feature app.
"""
