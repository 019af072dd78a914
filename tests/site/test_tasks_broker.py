"""Tasks really go through the configured broker: the ORM, on the embedded
default and with REDIS_URL set alike, so an action still queues its e-mails
while Redis is down. (Elsewhere tests run tasks inline.)"""

from importlib import import_module

import pytest
from django.core import mail
from django_q.brokers import get_broker
from django_q.signing import SignedPackage
from django_q.tasks import async_task


@pytest.mark.django_db(transaction=True)
def test_an_email_task_travels_through_the_broker_and_runs():
    broker = get_broker()
    assert type(broker).__name__ == "ORM"
    broker.purge_queue()
    async_task(
        "community.tasks.send_email_message",
        {"subject": "Hello", "body": "Through the broker", "to": ["someone@example.org"]},
        sync=False,
        broker=broker,
    )
    assert broker.queue_size() == 1
    task_id, payload = broker.dequeue()[0]
    task = SignedPackage.loads(payload)
    broker.acknowledge(task_id)

    module, name = task["func"].rsplit(".", 1)
    getattr(import_module(module), name)(*task["args"], **task["kwargs"])

    assert mail.outbox[-1].subject == "Hello"
    assert broker.queue_size() == 0
