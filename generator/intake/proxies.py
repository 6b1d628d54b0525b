"""Who sent a request: the connection's peer, or, behind proxies you trust, the client they
name in ``X-Forwarded-For``.

Anyone can send ``X-Forwarded-For``, so it is believed only from the proxies named in
configuration (``trusted_proxies:`` under ``comments:`` in site.yaml, ``--trusted-proxy``):
each proxy appends the address it got the request from, so the list is read from the right,
past every trusted proxy, and the first address that is not one is the client. Whatever a
client wrote further left is never reached. Nothing is trusted by default, loopback included:
a header rotated by a local script would otherwise spread its requests over made-up clients.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def networks(entries: Iterable[str]) -> tuple[Network, ...]:
    """Addresses or networks (``10.0.0.7``, ``10.0.0.0/8``, ``::1``); ValueError for a
    malformed one."""
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries)


def address_of(entry: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address in one ``X-Forwarded-For`` entry (``1.2.3.4``, ``1.2.3.4:80``,
    ``[::1]:80``, ``::1``), or None if it holds none."""
    entry = entry.strip()
    if entry.startswith("["):
        entry = entry[1:].partition("]")[0]
    elif entry.count(":") == 1:
        entry = entry.partition(":")[0]
    try:
        return ipaddress.ip_address(entry)
    except ValueError:
        return None


def trusted(address: str, proxies: Sequence[Network]) -> bool:
    found = address_of(address)
    return found is not None and any(found in network for network in proxies)


def client_address(peer: str, forwarded_for: Sequence[str], proxies: Sequence[Network]) -> str:
    """The client's address: ``peer`` unless it is a trusted proxy; then the right-most
    entry of ``X-Forwarded-For`` (all its headers, in order) that is not a trusted proxy."""
    if not proxies or not trusted(peer, proxies):
        return peer
    entries = [e.strip() for header in forwarded_for for e in header.split(",") if e.strip()]
    for entry in reversed(entries):
        if not trusted(entry, proxies):
            found = address_of(entry)
            return str(found) if found is not None else entry[:64]
    return entries[0] if entries else peer  # every hop a proxy of ours: the farthest
