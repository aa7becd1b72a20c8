"""A stand-in for PostgreSQL's port that can refuse, hang or pass through: real sockets.

- refuse: nothing listens, so a connection is refused at once.
- hang: connections are accepted and never answered (a database too busy or wedged to reply).
- forward: bytes pass both ways to the real server, so the site works.
Switching to refuse or hang also cuts every connection open so far, as a database that stops
or restarts does; the app must notice on its next query and connect again.
"""

import contextlib
import socket
import threading


class FaultyDatabase:
    def __init__(self, port, upstream=("127.0.0.1", 5432)):
        self.port, self.upstream = port, upstream
        self.mode = "refuse"
        self.listener = None
        self.open_sockets = []
        self.accepted = 0  # connections the site opened to "the database"
        self.lock = threading.Lock()

    def refuse(self):
        self.mode = "refuse"
        self._stop_listening()
        self._cut_connections()

    def hang(self):
        self.mode = "hang"
        self._cut_connections()
        self._listen()

    def forward(self):
        self.mode = "forward"
        self._listen()

    def close(self):
        self.refuse()

    def _listen(self):
        if self.listener is not None:
            return
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(128)
        listener.settimeout(0.1)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _stop_listening(self):
        listener, self.listener = self.listener, None
        if listener is not None:
            listener.close()

    def _accept(self, listener):
        while self.listener is listener:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.settimeout(None)
            self.accepted += 1
            self._keep(client)
            if self.mode == "forward":
                try:
                    upstream = socket.create_connection(self.upstream, timeout=5)
                except OSError:
                    client.close()
                    continue
                upstream.settimeout(None)
                self._keep(upstream)
                for source, target in [(client, upstream), (upstream, client)]:
                    threading.Thread(target=pump, args=(source, target), daemon=True).start()
            # In "hang" the connection stays open and silent until it is cut.

    def _keep(self, sock):
        with self.lock:
            self.open_sockets.append(sock)

    def _cut_connections(self):
        with self.lock:
            sockets, self.open_sockets = self.open_sockets, []
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()


def pump(source, target):
    try:
        while data := source.recv(65536):
            target.sendall(data)
    except OSError:
        pass
    finally:
        for sock in (source, target):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
