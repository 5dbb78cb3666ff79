"""The server's listening socket, bound before anything is loaded."""

from __future__ import annotations

import errno
import socket

from goalgraph.errors import ServeError


def listen(host: str, port: int) -> socket.socket:
    """A TCP socket bound to ``host``:``port`` (0 picks a free port), for uvicorn to serve on.

    Binding first means a port already in use is reported at once, in one line, before a
    model is loaded, and nothing can take the port between the check and the serving.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    # As uvicorn does: a restarted server may reuse a port whose old connections linger.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise ServeError(
                f"cannot listen on {host}:{port}: the port is already in use (is goalgraph "
                "or another server running there?); stop it or give another --port"
            ) from None
        if exc.errno == errno.EACCES:
            raise ServeError(
                f"cannot listen on {host}:{port}: not allowed (ports below 1024 need "
                "privileges); give a --port of 1024 or more"
            ) from None
        raise ServeError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}; check --host and --port"
        ) from None
    return sock


def address(sock: socket.socket) -> str:
    """The URL the socket serves, with the port the system picked when 0 was asked for."""
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"
