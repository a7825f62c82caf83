"""HTTP for network engines: exponential backoff with jitter, Retry-After, a total give-up time."""

from __future__ import annotations

import email.utils
import logging
import random
import threading
import time
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlsplit

import requests

from .errors import EngineError, InputError, NetworkError

logger = logging.getLogger(__name__)

DEFAULT_GIVE_UP_AFTER = 40.0


@dataclass(frozen=True)
class RetryPolicy:
    """How long and how often one request is tried before the build gives up."""

    give_up_after: float = DEFAULT_GIVE_UP_AFTER  # seconds for one request, all tries included
    first_contact_give_up: float = 10.0  # shorter while the server has never answered (offline)
    base_delay: float = 0.5
    max_delay: float = 10.0
    connect_timeout: float = 5.0
    read_timeout: float = 30.0

    def backoff(self, failures: int, rng: random.Random) -> float:
        """Delay before the next try: exponential, capped, with 'equal jitter' (half random)."""
        ceiling = min(self.max_delay, self.base_delay * 2 ** max(0, failures - 1))
        return ceiling / 2 + rng.uniform(0, ceiling / 2)


def is_retryable_status(status: int) -> bool:
    """429 (rate limited), 408 (request timeout) and any 5xx are worth another try."""
    return status in (408, 429) or 500 <= status <= 599


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Seconds asked for by a Retry-After header (delta-seconds or an HTTP date), else None."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def check_server_url(url: str, option: str = "--server-url") -> str:
    """The URL if it is absolute http(s) with a host, else InputError naming the option."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(f"{option} {url!r} is not an http:// or https:// URL")
    return url


class Clock(Protocol):
    """What a client's waits are measured on: the system's, or a test's."""

    def now(self) -> float:
        """Seconds on a clock that never goes back."""
        ...

    def wait(self, stop: threading.Event, seconds: float) -> bool:
        """Wait `seconds`, or less when `stop` is set; whether it is set."""
        ...


class SystemClock:
    """time.monotonic, and waits that a cancel cuts short."""

    def now(self) -> float:
        """time.monotonic()."""
        return time.monotonic()

    def wait(self, stop: threading.Event, seconds: float) -> bool:
        """Wait on the event for up to `seconds`."""
        return stop.wait(seconds)


class Cancelled(EngineError):
    """The build stopped (another failure, or Ctrl-C) while this request waited."""


@dataclass
class _Attempts:
    """The record of one request's tries, for the give-up message."""

    started: float
    tries: int = 0
    last_problem: str = ""
    kind: str = "network"  # network | timeout | rate-limit | server


class HttpClient:
    """POSTs with the retry policy; thread-safe (one requests.Session per thread)."""

    def __init__(
        self,
        service: str,
        policy: RetryPolicy | None = None,
        advice: str = "",
        clock: Clock | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.service = service  # e.g. "gTTS", used in messages
        self.policy = policy or RetryPolicy()
        self.advice = advice  # appended to give-up messages, e.g. "Use --engine piper ..."
        self.clock = clock or SystemClock()
        self.rng = rng or random.Random()
        self.reached = False  # has the server ever answered? (else: probably offline)
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._not_before = 0.0  # clock time before which no request is sent (rate limited)
        self._local = threading.local()

    def cancel(self) -> None:
        """Stop every request still waiting to retry (in any thread)."""
        self._stop.set()

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
        return session

    def post(self, url: str, **kwargs: Any) -> requests.Response:
        """POST until a non-retryable answer arrives; raise NetworkError when giving up."""
        attempts = _Attempts(started=self.clock.now())
        while True:
            self._hold_while_rate_limited()
            remaining = self._budget() - (self.clock.now() - attempts.started)
            attempts.tries += 1
            wait = self._try_once(url, attempts, max(0.5, remaining), kwargs)
            if isinstance(wait, requests.Response):
                return wait
            remaining = self._budget() - (self.clock.now() - attempts.started)
            backoff = self.policy.backoff(attempts.tries, self.rng)
            if wait is not None and wait > remaining:
                raise self._give_up(url, attempts, f"; the server asked to wait {wait:.0f} s")
            wait = backoff if wait is None else max(wait, backoff)  # Retry-After is a minimum
            if attempts.kind == "rate-limit":  # every thread holds back, not just this one
                with self._lock:
                    self._not_before = max(self._not_before, self.clock.now() + wait)
            if wait >= remaining:
                raise self._give_up(url, attempts)
            logger.debug(
                "%s: %s; try %d again in %.1f s",
                self.service,
                attempts.last_problem,
                attempts.tries + 1,
                wait,
            )
            if self.clock.wait(self._stop, wait):
                raise Cancelled(f"{self.service}: request cancelled")

    def _hold_while_rate_limited(self) -> None:
        """Wait out a rate limit another request of this client was told about."""
        while True:
            if self._stop.is_set():
                raise Cancelled(f"{self.service}: request cancelled")
            with self._lock:
                hold = self._not_before - self.clock.now()
            if hold <= 0:
                return
            self.clock.wait(self._stop, hold)

    def _budget(self) -> float:
        if self.reached:
            return self.policy.give_up_after
        return min(self.policy.first_contact_give_up, self.policy.give_up_after)

    def _try_once(
        self, url: str, attempts: _Attempts, remaining: float, kwargs: dict[str, Any]
    ) -> requests.Response | float | None:
        """One try: the response to return, or the seconds to wait (None = backoff)."""
        timeout = (
            min(self.policy.connect_timeout, remaining),
            min(self.policy.read_timeout, remaining),
        )
        try:
            response = self._session().post(url, timeout=timeout, **kwargs)
        except requests.Timeout as exc:
            attempts.kind, attempts.last_problem = "timeout", f"no answer in time ({_short(exc)})"
            return None
        except requests.ConnectionError as exc:
            attempts.kind, attempts.last_problem = "network", f"cannot connect ({_short(exc)})"
            return None
        self.reached = True
        if not is_retryable_status(response.status_code):
            return response
        attempts.kind = "rate-limit" if response.status_code == 429 else "server"
        attempts.last_problem = f"HTTP {response.status_code} {response.reason or ''}".strip()
        return retry_after_seconds(response.headers.get("Retry-After"))

    def _give_up(self, url: str, attempts: _Attempts, extra: str = "") -> NetworkError:
        elapsed = self.clock.now() - attempts.started
        host = urlsplit(url).netloc or url
        cause = _PROBABLE_CAUSES[attempts.kind]
        message = (
            f"{self.service} at {host}: {attempts.last_problem}{extra}; gave up after "
            f"{attempts.tries} {'try' if attempts.tries == 1 else 'tries'} in {elapsed:.0f} s. "
            f"Probable cause: {cause}."
        )
        if self.advice:
            message += f" {self.advice}"
        return NetworkError(message, kind=attempts.kind)


_PROBABLE_CAUSES = {
    "network": "no network connection (or the server is down or blocked)",
    "timeout": "a slow or stalled network connection, or an overloaded server",
    "rate-limit": "too many requests; the server is rate limiting this machine",
    "server": "the speech server is failing; try again later",
}


def _short(exc: Exception) -> str:
    """The innermost reason of a requests exception, on one short line."""
    text = str(exc)
    for marker in ("Failed to resolve", "Connection refused", "Read timed out", "timed out"):
        if marker in text:
            return {
                "Failed to resolve": "name not resolved",
                "Connection refused": "connection refused",
            }.get(marker, "timed out")
    reason = text.rsplit("(Caused by ", 1)[-1].rstrip(")")
    return " ".join(reason.split())[:120]
