"""Fetching over HTTP: only the feeds and pages a user names by address, and the pages their entries link to.

storyline works offline; nothing goes on the network unless the user passes an http(s) address to `ingest`.
That address may be an RSS/Atom feed (its entries become articles) or one article's page (its main text is
extracted by trafilatura, as for an .html file). Most news feeds carry a sentence or two of each article, too
little to brief; `full_text` fetches the page each entry links to and keeps its main text instead.

Requests are plain GETs with the standard library (no new dependency), one deadline for the whole request
(connection, headers and body), a size cap, an honest User-Agent, and at most one request to a host per
HOST_DELAY_SECONDS: a cron job that ingests ten feeds of one outlet every hour should not look like a crawler.
Redirects are followed only to http(s) addresses. Every connection, redirects included, goes only to public
addresses: a host that resolves to a loopback, private, link-local, reserved or unspecified address is
refused after DNS resolution, unless `allow_private` (for intranet feeds), so a feed cannot make storyline
fetch from inside the network it runs in.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from http.client import HTTPMessage
from typing import IO, Any
from urllib.parse import quote, urlsplit, urlunsplit

from .._version import __version__
from ..errors import InputError
from .files import decode_bytes

TIMEOUT_SECONDS = 20.0
# Far above a news page (a heavy one is 1-3 MB of HTML) or a feed of a few hundred entries.
MAX_BYTES = 10 * 1024 * 1024
# Between two requests to one host. Robots-style crawl delays of news sites run from 1 to 10 s; a feed and
# the pages of its entries come from one host, so this bounds what `--full-text` asks of a site.
HOST_DELAY_SECONDS = 1.0
USER_AGENT = f"storyline/{__version__} (news briefing tool; fetches only addresses its user gives)"


def is_url(text: str) -> bool:
    """Whether `text` is an http(s) address rather than a path."""
    return text.startswith(("http://", "https://"))


@dataclass(frozen=True, slots=True)
class Fetched:
    """What a GET returned: `url` is the address after redirects."""

    url: str
    content: bytes
    content_type: str  # the media type without parameters, lower case ("application/rss+xml")
    charset: str = ""  # as the server declared it, if it did
    etag: str = ""  # the validators to send next time (`Fetcher.get(..., since=...)`)
    last_modified: str = ""
    not_modified: bool = False  # the server answered 304 to a conditional request: `content` is empty


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http(s) only: a page must not send the fetcher to ftp:// or elsewhere."""

    def redirect_request(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: HTTPMessage, newurl: str
    ) -> urllib.request.Request | None:
        if not is_url(newurl):
            raise urllib.error.HTTPError(newurl, code, f"redirect to a non-http address {newurl!r}", headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class PrivateAddressError(InputError):
    """An address that resolves inside this machine or its network, refused by the fetch policy."""


def public_address(address: str) -> bool:
    """Whether an IP address is one the fetcher may connect to without `allow_private`."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_unspecified
        or ip.is_multicast
        or not ip.is_global
    )


def check_host(host: str, port: int, *, allow_private: bool) -> list[tuple[Any, ...]]:
    """The resolved addresses of `host` (getaddrinfo's tuples), every one public unless `allow_private`;
    a PrivateAddressError otherwise. Numeric forms ("2130706433", "0x7f.1", "0") resolve as the system
    resolves them, so they are judged by where they lead."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise InputError(host, f"cannot resolve the host: {error}", "check the address") from None
    if not allow_private:
        for *_, address in found:
            if not public_address(str(address[0])):
                raise PrivateAddressError(
                    host,
                    f"resolves to {address[0]}, an address inside this machine or its network",
                    "storyline fetches only public addresses; pass --allow-private for an intranet feed",
                )
    return found


class _Guard:
    """One request's policy and deadline: every socket it opens goes to checked addresses, and all of them
    are shut at the deadline, so a server that trickles its headers cannot hold the request past it."""

    def __init__(self, allow_private: bool, timeout: float) -> None:
        self.allow_private = allow_private
        self.sockets: list[socket.socket] = []
        self.expired = False
        self._lock = threading.Lock()
        self._timer = threading.Timer(timeout, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Guard:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self.sockets:
                with contextlib.suppress(OSError):  # closed already
                    sock.shutdown(socket.SHUT_RDWR)

    def connect(
        self, address: tuple[str, int], timeout: float | None = None, source_address: Any = None, **_: Any
    ) -> socket.socket:
        """socket.create_connection to a checked address of the host (the one checked, not a second lookup)."""
        host, port = address
        last: OSError | None = None
        for family, kind, proto, _name, target in check_host(host, port, allow_private=self.allow_private):
            sock = socket.socket(family, kind, proto)
            try:
                if timeout is not None:
                    sock.settimeout(timeout)
                if source_address:
                    sock.bind(source_address)
                with self._lock:
                    if self.expired:
                        raise TimeoutError("deadline passed")
                    self.sockets.append(sock)
                sock.connect(target)
                return sock
            except OSError as error:
                sock.close()
                last = error
        raise last or OSError(f"no address for {host}")


def _guarded(kind: type[http.client.HTTPConnection], guard: _Guard) -> Callable[..., http.client.HTTPConnection]:
    """The constructor of connections of `kind` whose socket goes only to an address `guard` checked."""

    def connection(*args: Any, **kwargs: Any) -> http.client.HTTPConnection:
        made = kind(*args, **kwargs)
        made._create_connection = guard.connect  # type: ignore[attr-defined]
        return made

    return connection


class _GuardedHandler(urllib.request.HTTPHandler, urllib.request.HTTPSHandler):
    """Opens http and https addresses, each through a guarded connection."""

    def __init__(self, guard: _Guard) -> None:
        super().__init__()
        self.guard = guard

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_guarded(http.client.HTTPConnection, self.guard), req)

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_guarded(http.client.HTTPSConnection, self.guard), req)


def _opener(guard: _Guard) -> urllib.request.OpenerDirector:
    # Through a proxy the socket goes to the proxy, so the address a request names is checked before asking.
    return urllib.request.build_opener(_HttpOnlyRedirects, _GuardedHandler(guard))


def _check_target(url: str, allow_private: bool) -> None:
    """Check the host `url` names before a request through a proxy, which resolves it out of our sight."""
    parts = urlsplit(url)
    if urllib.request.getproxies().get(parts.scheme) and not urllib.request.proxy_bypass(parts.hostname or ""):
        port = parts.port or (443 if parts.scheme == "https" else 80)
        check_host(parts.hostname or "", port, allow_private=allow_private)


@dataclass
class Fetcher:
    """GETs with a pause of `delay` seconds (HOST_DELAY_SECONDS when None) between two requests to one host,
    to public addresses only unless `allow_private`. `sleep` and `clock` are for tests."""

    delay: float | None = None
    timeout: float = TIMEOUT_SECONDS
    max_bytes: int = MAX_BYTES
    allow_private: bool = False
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    _last: dict[str, float] = field(default_factory=dict)

    def get(self, url: str, *, since: Fetched | None = None) -> Fetched:
        """The body at `url`; any failure is an InputError naming the address and what to do.

        With `since` (an earlier answer from the same address), the request is conditional: a server that
        has nothing new answers 304 with no body (`not_modified`), which is what `watch` polls feeds with."""
        try:
            host = (urlsplit(url).hostname or "").lower()
        except ValueError as error:  # "http://[oops/x": feed links are third-party text
            raise InputError(url, f"not a usable web address ({error})", "check the address") from None
        if not host:
            raise InputError(url, "not a web address with a host", "give an address like https://example.com/feed")
        last = self._last.get(host)
        if last is not None:
            wait = last + (HOST_DELAY_SECONDS if self.delay is None else self.delay) - self.clock()
            if wait > 0:
                self.sleep(wait)
        try:
            return self._get(url, since)
        finally:
            self._last[host] = self.clock()

    def _get(self, url: str, since: Fetched | None) -> Fetched:
        headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
        if since is not None and since.etag:
            headers["If-None-Match"] = since.etag
        if since is not None and since.last_modified:
            headers["If-Modified-Since"] = since.last_modified
        deadline = self.clock() + self.timeout
        guard = _Guard(self.allow_private, self.timeout)
        try:
            request = urllib.request.Request(ascii_url(url), headers=headers)
            _check_target(request.full_url, self.allow_private)
            with guard, _opener(guard).open(request, timeout=self.timeout) as response:
                declared = response.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > self.max_bytes:
                    raise _too_large(url, self.max_bytes)
                content = self._body(response, url, deadline)
                return Fetched(
                    url=response.geturl(),
                    content=content,
                    content_type=response.headers.get_content_type().lower(),
                    charset=response.headers.get_content_charset() or "",
                    etag=response.headers.get("ETag", ""),
                    last_modified=response.headers.get("Last-Modified", ""),
                )
        except PrivateAddressError as error:  # name the address asked for, which may be a redirect's
            raise PrivateAddressError(url, error.problem, error.hint) from None
        except urllib.error.HTTPError as error:
            if error.code == 304 and since is not None:
                return replace(since, content=b"", not_modified=True)
            raise InputError(
                url, f"the server answered HTTP {error.code} {error.reason}", "check the address"
            ) from None
        except urllib.error.URLError as error:
            if isinstance(error.reason, InputError):  # the address policy, from inside the connection
                raise error.reason from None
            if guard.expired:
                raise _timed_out(url, self.timeout) from None
            raise InputError(
                url, f"cannot fetch it: {error.reason}", "check the address and the network connection"
            ) from None
        except TimeoutError:
            raise _timed_out(url, self.timeout) from None
        # A connection reset halfway through the body (OSError), a broken status line or chunk
        # (HTTPException), an address the HTTP client cannot send (ValueError): one line, not a traceback.
        except (OSError, http.client.HTTPException, ValueError) as error:
            if guard.expired:
                raise _timed_out(url, self.timeout) from None
            raise InputError(url, f"the download failed: {error!r}", "try again later") from None

    def _body(self, response: Any, url: str, deadline: float) -> bytes:
        """The body, read in pieces so that the timeout bounds the whole download: a server that sends a byte
        now and then would otherwise hold the fetch for ever, the socket timeout applying to each read."""
        chunks: list[bytes] = []
        size = 0
        # read1: what has arrived, up to a chunk; read() would wait for a whole chunk, a byte at a time.
        while chunk := response.read1(_CHUNK_BYTES):
            size += len(chunk)
            if size > self.max_bytes:
                raise _too_large(url, self.max_bytes)
            if self.clock() > deadline:
                raise _timed_out(url, self.timeout)
            chunks.append(chunk)
        return b"".join(chunks)


_CHUNK_BYTES = 64 * 1024


def ascii_url(url: str) -> str:
    """`url` as the HTTP client can send it: an internationalized host in IDNA form, and other characters
    outside ASCII (and spaces) percent-encoded. Feeds in many languages link to such addresses."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        host.encode("ascii")
    except UnicodeEncodeError:
        host = host.encode("idna").decode("ascii")
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    netloc = host if parts.port is None else f"{host}:{parts.port}"
    if parts.username or parts.password:
        netloc = parts.netloc.rsplit("@", 1)[0] + "@" + netloc
    keep = "/:@!$&'()*+,;=%~-._?#[]"
    return urlunsplit(
        (
            parts.scheme,
            netloc,
            quote(parts.path, safe=keep),
            quote(parts.query, safe=keep),
            quote(parts.fragment, safe=keep),
        )
    )


def decoded(fetched: Fetched) -> str:
    """The text of a fetched page, decoded as `files.decode_bytes` decodes a saved page, the server's charset
    first. Nothing is decompressed: the body is what the size cap measured."""
    return decode_bytes(fetched.content, fetched.url, declared=fetched.charset or "", html=True)


def _timed_out(url: str, seconds: float) -> InputError:
    return InputError(url, f"no full answer within {seconds:g} seconds", "try again later, or download it first")


def _too_large(url: str, limit: int) -> InputError:
    return InputError(url, f"over {limit // (1024 * 1024)} MB", "is this address a feed or an article page?")
