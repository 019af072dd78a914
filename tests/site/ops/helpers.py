from prometheus_client import CollectorRegistry, generate_latest, multiprocess
from prometheus_client.parser import text_string_to_metric_families
from socle_site.kernel import metrics


def sample(name: str, *, with_queue: bool = False, **labels) -> float:
    """The value of one sample, added up over every process as a scrape sees
    it (0 if absent). The task queue's figures (a database read) on demand."""
    if with_queue:
        body, _content_type = metrics.exposition()
    else:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        body = generate_latest(registry)
    for family in text_string_to_metric_families(body.decode()):
        for s in family.samples:
            if s.name == name and all(s.labels.get(k) == str(v) for k, v in labels.items()):
                return s.value
    return 0.0
