"""Fetching the calendar an agency's scheduling system publishes (PLAT-DUTY-1), carefully: the
address is the admin's, the request is the server's.

- http and https only; at most ``MAX_REDIRECTS`` redirects, each checked like the first address.
- The host's addresses must be public: a private, loopback, link-local, reserved or multicast
  address is refused (no reaching the server's own network through an address an admin types),
  unless ``settings.DUTY_FEED_ALLOW_PRIVATE`` (tests, a development machine). The connection goes
  to the address that was checked, so a name that changes between the check and the connection
  changes nothing.
- ``TIMEOUT`` seconds per connection and read, at most ``MAX_BYTES``; a failure is a
  ``DomainError`` in words ("The calendar's address answered 404 Not Found.").
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
from urllib.parse import urljoin, urlsplit

from django.conf import settings

from detailhire.errors import DomainError
from officers.services.duty import MAX_BYTES

TIMEOUT = 10  # seconds
MAX_REDIRECTS = 3
MAX_URL = 500


def _check_url(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path and query) of an address the import may fetch."""
    if len(url) > MAX_URL:
        raise DomainError(f"The address is too long (at most {MAX_URL} characters).", field="url")
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise DomainError("Give an http:// or https:// address.", field="url")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        raise DomainError("The address's port is not a number.", field="url") from None
    if not parts.hostname:
        raise DomainError("The address has no host name.", field="url")
    if parts.username or parts.password:
        raise DomainError("Give the address without a user name or password in it.", field="url")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return scheme, parts.hostname, port, path


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _resolve(host: str, port: int) -> str:
    """The address to connect to: the host's first, all of them checked."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise DomainError(f"The host {host} could not be found.", field="url") from None
    addresses = [info[4][0] for info in found]
    if not getattr(settings, "DUTY_FEED_ALLOW_PRIVATE", False) and not all(
        _public(a) for a in addresses
    ):
        raise DomainError(
            f"{host} is a private or local address; give the calendar's public address.",
            field="url",
        )
    return addresses[0]


class _Pinned(http.client.HTTPSConnection):
    """HTTPS to an address already checked, the certificate checked for the host name."""

    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, **kwargs)
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


class _PinnedPlain(http.client.HTTPConnection):
    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, **kwargs)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


def _get(url: str) -> tuple[int, str, str | None, bytes]:
    """(status, reason, Location, body up to MAX_BYTES + 1 bytes) of one GET."""
    scheme, host, port, path = _check_url(url)
    address = _resolve(host, port)
    if scheme == "https":
        connection = _Pinned(
            host, port, address, timeout=TIMEOUT, context=ssl.create_default_context()
        )
    else:
        connection = _PinnedPlain(host, port, address, timeout=TIMEOUT)
    try:
        connection.request(
            "GET",
            path,
            headers={"Accept": "text/calendar, */*;q=0.5", "User-Agent": "DetailHire duty import"},
        )
        response = connection.getresponse()
        body = response.read(MAX_BYTES + 1) if response.status == 200 else b""
        return response.status, response.reason, response.getheader("Location"), body
    except TimeoutError:
        raise DomainError(
            f"The calendar's address did not answer within {TIMEOUT} seconds.", field="url"
        ) from None
    except ssl.SSLError as error:
        raise DomainError(
            f"The secure connection to {host} failed ({error.reason or error}).", field="url"
        ) from None
    except (OSError, http.client.HTTPException) as error:
        raise DomainError(f"{host} could not be reached ({error}).", field="url") from None
    finally:
        connection.close()


def fetch_calendar(url: str) -> str:
    """The text at ``url`` (redirects followed), or ``DomainError`` saying why not."""
    for _ in range(MAX_REDIRECTS + 1):
        status, reason, location, body = _get(url)
        if status in (301, 302, 303, 307, 308) and location:
            url = urljoin(url, location)
            continue
        if status != 200:
            raise DomainError(f"The calendar's address answered {status} {reason}.", field="url")
        if len(body) > MAX_BYTES:
            raise DomainError("The calendar is too large (at most 1 MB).", field="url")
        try:
            return body.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DomainError("The calendar is not UTF-8 text.", field="url") from None
    raise DomainError(f"The address redirects more than {MAX_REDIRECTS} times.", field="url")
