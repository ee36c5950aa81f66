#!/usr/bin/env python3
"""Reads Avro records from a topic with Confluent's own Python client (confluent_kafka.avro).

An independent reader: if it decodes what dqnotify's Java codec wrote, with nothing but the
registry URL, the wire format is Confluent-compatible. Prints one JSON object per record on
stdout: {"key": ..., "value": {...}}. Exits non-zero if fewer than EXPECTED records arrive
within the deadline.

usage: confluent_decode.py BOOTSTRAP TOPIC REGISTRY_URL EXPECTED [DEADLINE_SECONDS]
"""
import json
import sys
import time
import uuid

from confluent_kafka import Consumer
from confluent_kafka.avro import AvroConsumer


class StringKeyAvroConsumer(AvroConsumer):
    """Confluent's AvroConsumer, reading the key as the plain UTF-8 string the contract says it is.

    AvroConsumer.poll decodes the key as Avro too; dq-events keys are store ids in UTF-8, so this
    decodes only the value, with the very MessageSerializer and registry client AvroConsumer uses.
    """

    def poll(self, timeout=None):
        message = Consumer.poll(self, -1 if timeout is None else timeout)
        if message is not None and not message.error() and message.value() is not None:
            message.set_value(self._serializer.decode_message(message.value(), is_key=False))
        return message


def main():
    bootstrap, topic, registry, expected = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    deadline = time.monotonic() + (float(sys.argv[5]) if len(sys.argv) > 5 else 60.0)
    consumer = StringKeyAvroConsumer({
        "bootstrap.servers": bootstrap,
        "group.id": "interop-" + uuid.uuid4().hex,
        "auto.offset.reset": "earliest",
        "enable.auto.commit": False,
        "schema.registry.url": registry,
    })
    consumer.subscribe([topic])
    seen = 0
    try:
        while seen < expected and time.monotonic() < deadline:
            message = consumer.poll(0.5)
            if message is None:
                continue
            if message.error():
                print("kafka error: %s" % message.error(), file=sys.stderr)
                continue
            key = message.key()
            if isinstance(key, bytes):
                key = key.decode("utf-8")
            print(json.dumps({"key": key, "value": message.value()}, default=str), flush=True)
            seen += 1
    finally:
        consumer.close()
    if seen < expected:
        print("only %d of %d records arrived" % (seen, expected), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
