"""The retry policy against a real local HTTP server: backoff, Retry-After, timeouts, give-up.

The client's waits are measured on a FakeClock that moves only when the client waits, so what
is checked (how long it waited, when it gave up) does not depend on how busy the machine is.
"""

from __future__ import annotations

import random
import socket
import threading
import time

import pytest

from article2audio.errors import NetworkError
from article2audio.retry import (
    Cancelled,
    HttpClient,
    RetryPolicy,
    SystemClock,
    is_retryable_status,
    retry_after_seconds,
)
from clocks import FakeClock
from speech_server import Behaviour, SpeechServer

FAST = RetryPolicy(
    give_up_after=2.0, first_contact_give_up=1.0, base_delay=0.05, max_delay=0.4, read_timeout=5
)


@pytest.fixture
def server():
    srv = SpeechServer("openai")
    srv.warm("hello")  # answers are ready: a slow machine cannot make one look like a hang
    yield srv
    srv.close()


def _post(client: HttpClient, server: SpeechServer):
    return client.post(f"{server.url}/v1/audio/speech", json={"input": "hello"})


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_backoff_grows_exponentially_with_jitter_and_a_cap():
    policy = RetryPolicy(base_delay=1.0, max_delay=8.0)
    rng = random.Random(7)
    for failures, ceiling in [(1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (9, 8.0)]:
        delays = [policy.backoff(failures, rng) for _ in range(200)]
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert max(delays) - min(delays) > ceiling / 4  # really jittered, not a constant


def test_retry_after_header_forms():
    assert retry_after_seconds("3") == 3.0
    assert retry_after_seconds(" 0 ") == 0.0
    now = 1_700_000_000.0
    http_date = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(now + 30))
    assert retry_after_seconds(http_date, now=now) == pytest.approx(30, abs=1)
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None


def test_which_statuses_are_retried():
    assert all(is_retryable_status(s) for s in (408, 429, 500, 502, 503, 504))
    assert not any(is_retryable_status(s) for s in (200, 400, 401, 403, 404, 422))


def test_429_with_retry_after_is_waited_out_then_succeeds(server):
    server.script = [Behaviour(status=429, retry_after="1")]
    clock = FakeClock()
    response = _post(HttpClient("test", FAST, clock=clock), server)
    assert response.status_code == 200
    assert server.attempts == 2 and len(server.requests) == 1
    assert 1.0 <= clock.elapsed < 1.9  # the server's wish, not the (much shorter) backoff


def test_5xx_then_success_is_retried(server):
    server.script = [Behaviour(status=503), Behaviour(status=500)]
    response = _post(HttpClient("test", FAST, clock=FakeClock()), server)
    assert response.status_code == 200 and server.attempts == 3


def test_persistent_500s_give_up_within_the_budget(server):
    server.script = [Behaviour(status=500)] * 100
    clock = FakeClock()
    client = HttpClient("speech server", FAST, advice="Use --engine piper.", clock=clock)
    with pytest.raises(NetworkError) as caught:
        _post(client, server)
    assert clock.elapsed <= FAST.give_up_after
    assert server.attempts >= 4  # several tries, spaced by the growing backoff
    message = str(caught.value)
    assert caught.value.kind == "server"
    assert "HTTP 500" in message and "gave up after" in message and "Use --engine piper." in message
    assert "\n" not in message


def test_retry_after_longer_than_the_budget_gives_up_at_once(server):
    server.script = [Behaviour(status=429, retry_after="600")]
    clock = FakeClock()
    with pytest.raises(NetworkError, match="asked to wait 600 s") as caught:
        _post(HttpClient("test", FAST, clock=clock), server)
    assert clock.waits == []  # not a moment waited
    assert caught.value.kind == "rate-limit" and "rate limiting" in str(caught.value)


def test_a_hanging_server_times_out_and_is_retried(server):
    server.script = [Behaviour(hang_s=6)]
    policy = RetryPolicy(give_up_after=5, base_delay=0.05, read_timeout=1.0)
    response = _post(HttpClient("test", policy, clock=FakeClock()), server)
    assert response.status_code == 200
    assert server.attempts == 2  # the hung answer was not waited for: it was asked again


def test_a_server_that_always_hangs_gives_up_as_a_timeout(server):
    server.script = [Behaviour(hang_s=5)] * 20
    policy = RetryPolicy(
        give_up_after=2.0, first_contact_give_up=2.0, base_delay=0.05, read_timeout=0.4
    )
    with pytest.raises(NetworkError) as caught:
        _post(HttpClient("test", policy), server)  # the real clock: the timeouts spend it
    assert 2 <= server.attempts <= 2.0 / 0.4 + 1  # timeouts retried, then the budget ran out
    assert caught.value.kind == "timeout" and "Probable cause: a slow or stalled" in str(
        caught.value
    )


def test_unreachable_server_gives_up_fast_naming_the_network():
    policy = RetryPolicy(give_up_after=30, first_contact_give_up=1.0, base_delay=0.05)
    clock = FakeClock()
    client = HttpClient("gTTS", policy, clock=clock)
    with pytest.raises(NetworkError) as caught:
        client.post(f"http://127.0.0.1:{_closed_port()}/x", data="a")
    assert clock.elapsed <= policy.first_contact_give_up  # the short first-contact budget, not 30 s
    assert caught.value.kind == "network"
    assert "no network connection" in str(caught.value) and "connection refused" in str(
        caught.value
    )


def test_dropped_connections_are_retried(server):
    server.script = [Behaviour(drop=True), Behaviour(drop=True)]
    response = _post(HttpClient("test", FAST, clock=FakeClock()), server)
    assert response.status_code == 200 and server.attempts == 3


def test_client_errors_are_returned_without_retrying(server):
    server.script = [Behaviour(status=401)]
    response = _post(HttpClient("test", FAST), server)
    assert response.status_code == 401 and server.attempts == 1


def test_cancel_stops_a_request_waiting_to_retry(server):
    server.script = [Behaviour(status=429, retry_after="1.5")]
    client = HttpClient("test", RetryPolicy(give_up_after=10))
    client.clock = FakeClock(during_wait=lambda n: client.cancel())  # cancelled while it waits
    with pytest.raises(Cancelled):
        _post(client, server)
    assert client.clock.elapsed < 1.5  # the wait was cut short


def test_the_system_clock_wakes_a_waiting_request_on_cancel():
    stop = threading.Event()
    threading.Thread(target=stop.set).start()
    assert SystemClock().wait(stop, 60) is True  # woken by the event, not by the time


def test_retry_after_zero_still_backs_off(server):
    server.script = [Behaviour(status=429, retry_after="0")] * 100
    policy = RetryPolicy(give_up_after=1.0, base_delay=0.2, max_delay=1.0)
    client = HttpClient("test", policy, clock=FakeClock(), rng=random.Random(3))
    with pytest.raises(NetworkError):
        _post(client, server)
    assert 2 <= server.attempts <= 5  # not a tight loop hammering a rate-limited server


def test_a_rate_limit_holds_back_the_other_threads_too(server):
    server.script = [Behaviour(status=429, retry_after="1")]
    attempts_while_held: list[int] = []

    def meanwhile(wait_number: int) -> None:
        if wait_number == 1:  # the first request has been told to wait: another worker posts
            worker = threading.Thread(target=_post, args=(client, server))
            worker.start()
            worker.join()
        else:  # that worker, held back until the rate limit has passed
            attempts_while_held.append(server.attempts)

    clock = FakeClock(during_wait=meanwhile)
    client = HttpClient("test", FAST, clock=clock)
    _post(client, server)
    assert server.attempts == 3 and len(server.requests) == 2
    assert attempts_while_held == [1]  # nobody sent during the wait
    assert clock.waits[1] == pytest.approx(1.0)  # the other worker waited out the same second
