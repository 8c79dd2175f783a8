"""A link with latency: a TCP relay in front of the bench server that holds every byte for a
one-way delay in each direction, so that a round trip costs the link's latency on top of the
server's time, as on a real mobile network.

Chromium's own emulation (CDP Network.emulateNetworkConditions) does not: its `latency` is a
minimum time from the request sent to the response, which the server's own time counts towards
(measured: with 40 ms of it, answers that take the server 0, 20 and 40 ms all arrive after ~40 ms).
The field check uses this relay for the latency and Chromium for the bandwidth.
"""

import queue
import socket
import threading
import time


class DelayedLink:
    """127.0.0.1:<port> relayed to 127.0.0.1:<target>; `one_way_ms` may change between requests."""

    def __init__(self, target: int, *, one_way_ms: float = 0) -> None:
        self.target = target
        self.one_way_ms = one_way_ms
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._open: list[socket.socket] = [self._listener]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "DelayedLink":
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        for sock in self._open:
            sock.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return  # closed
            server = socket.create_connection(("127.0.0.1", self.target))
            for sock in (client, server):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                self._open.append(sock)
            self._pump(client, server)
            self._pump(server, client)

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        """Bytes read at t are written at t + delay: reading goes on meanwhile, so that a burst
        arrives spread as it left, only later."""
        held: queue.SimpleQueue = queue.SimpleQueue()

        def read() -> None:
            data = b"x"
            while data:
                try:
                    data = source.recv(65536)
                except OSError:
                    data = b""
                held.put((time.monotonic() + self.one_way_ms / 1000, data))

        def write() -> None:
            while True:
                due, data = held.get()
                time.sleep(max(0.0, due - time.monotonic()))
                try:
                    if not data:
                        sink.shutdown(socket.SHUT_WR)
                        return
                    sink.sendall(data)
                except OSError:
                    return

        threading.Thread(target=read, daemon=True).start()
        threading.Thread(target=write, daemon=True).start()
