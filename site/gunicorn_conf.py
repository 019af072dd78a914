"""gunicorn's hooks for the metrics' multi-process mode (socle_site.kernel.metrics):

    gunicorn socle_site.asgi:application -k socle_site.workers.UvicornWorker -w 2 \\
        -c python:socle_site.gunicorn_conf

The master empties the directory once at start (before any worker writes to
it) and marks each worker that ends as dead, so its open websocket count
stops counting.
"""


def on_starting(server):
    from socle_site.kernel import metrics

    metrics.reset_directory()


def child_exit(server, worker):
    from socle_site.kernel import metrics

    metrics.mark_process_dead(worker.pid)
