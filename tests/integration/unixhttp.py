"""http.client over a Unix socket, for the integration tests."""

import http.client
import socket


class UnixHTTP(http.client.HTTPConnection):
    """An HTTP/1.1 connection to summd's socket at path."""

    def __init__(self, path, timeout=30):
        super().__init__("localhost", timeout=timeout)
        self.path = path

    def connect(self):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(self.timeout)
        s.connect(self.path)
        self.sock = s


def read_to_end(s, size=65536):
    """Every byte s sends until the peer closes it."""
    got = b""
    while True:
        chunk = s.recv(size)
        if not chunk:
            return got
        got += chunk


def full_backlog(path, most=64):
    """A socket at path that listens, accepts nothing, and whose backlog
    is full (a stuck daemon its clients kept calling): the listener and
    the connections that fill it, for the caller to close."""
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(path)
    srv.listen(0)
    waiting = []
    for _ in range(most):
        c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        c.setblocking(False)
        try:
            c.connect(path)
        except BlockingIOError:
            c.close()
            break
        waiting.append(c)
    return srv, waiting
