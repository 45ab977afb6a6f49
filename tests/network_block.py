"""Sockets refused and recorded, for the tests that prove a file is read without the
network (tests/test_network.py, the saved web pages of tests/test_ocr_inputs.py)."""

from __future__ import annotations

import socket

import pytest


def block_sockets(mp: pytest.MonkeyPatch) -> list[str]:
    """Every way to open a connection or resolve a name raises OSError; the names tried are
    appended to the returned list, so a test can assert nothing was even attempted."""
    attempts: list[str] = []

    def refuse(name: str):  # type: ignore[no-untyped-def]
        def blocked(*args, **kwargs):  # type: ignore[no-untyped-def]
            attempts.append(name)
            raise OSError(f"network blocked by test: {name}")

        return blocked

    for name in ("connect", "connect_ex", "sendto", "bind"):
        mp.setattr(socket.socket, name, refuse(f"socket.{name}"))
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex", "getnameinfo"):
        mp.setattr(socket, name, refuse(name))
    mp.setattr(socket.socket, "__init__", refuse("socket()"))
    return attempts
