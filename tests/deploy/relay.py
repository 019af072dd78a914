"""A relay that runs inside a network namespace of the several-hosts test:
each unix socket it opens (a file, which the test reaches from outside the
namespace) forwards to an address that exists only inside the namespaces.

    ip netns exec NS python relay.py PATH=HOST:PORT [PATH=HOST:PORT ...]
"""

import asyncio
import sys


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        writer.close()


def _handler(host: str, port: int):
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            target_reader, target_writer = await asyncio.open_connection(host, port)
        except OSError:
            writer.close()
            return
        await asyncio.gather(_pipe(reader, target_writer), _pipe(target_reader, writer))

    return handle


async def main(routes: list[str]) -> None:
    servers = []
    for route in routes:
        path, _, address = route.partition("=")
        host, _, port = address.rpartition(":")
        servers.append(await asyncio.start_unix_server(_handler(host, int(port)), path=path))
    print("ready", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
