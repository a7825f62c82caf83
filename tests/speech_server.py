"""A local HTTP server on 127.0.0.1 that plays the gTTS and OpenAI speech endpoints.

It answers with real MP3 audio made by ffmpeg (a tone 40 ms long per character of the
spoken text, so a test can tell clips apart by length), and can be told to misbehave:
status codes with or without Retry-After, hanging, or dropping the connection.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import imageio_ffmpeg

# Requests to this server must never go through a proxy a CI machine may have configured
# (the variable is inherited by the builds the tests start in subprocesses).
for _name in ("NO_PROXY", "no_proxy"):
    os.environ[_name] = ",".join(filter(None, ["127.0.0.1,localhost", os.environ.get(_name)]))

MS_PER_CHAR = 40
TONE_RATE = 24000


def mp3_tone(duration_s: float, freq: float = 330.0) -> bytes:
    """A real MP3 (24 kHz mono, what gTTS and OpenAI send) of a tone, made by ffmpeg."""
    command = [
        imageio_ffmpeg.get_ffmpeg_exe(), "-nostdin", "-v", "error", "-f", "lavfi",
        "-i", f"sine=frequency={freq}:sample_rate={TONE_RATE}:duration={duration_s:.3f}",
        "-ac", "1", "-b:a", "48k", "-f", "mp3", "pipe:1",
    ]  # fmt: skip
    return subprocess.run(command, capture_output=True, check=True).stdout


def expected_seconds(text: str) -> float:
    """How long the tone for `text` lasts."""
    return max(1, len(text)) * MS_PER_CHAR / 1000


class _QuietServer(ThreadingHTTPServer):
    """A client that went away mid-answer (a killed build) is expected, not an error."""

    def handle_error(self, request, client_address) -> None:
        pass


@dataclass
class Behaviour:
    """What to do with one request: answer (status 200), fail with a status, hang or drop."""

    status: int = 200
    retry_after: str | None = None
    hang_s: float = 0.0
    drop: bool = False
    body: bytes | None = None  # replaces the normal body


@dataclass
class Record:
    """One request as the server saw it."""

    path: str
    headers: dict[str, str]
    text: str  # the spoken text it carried
    payload: object
    at: float


@dataclass
class SpeechServer:
    """Plays `gtts` (batchexecute) or `openai` (/v1/audio/speech) on a free local port."""

    flavour: str
    script: list[Behaviour] = field(default_factory=list)  # consumed one per request
    delay_s: float = 0.0  # added to every answer (a slow server)
    requests: list[Record] = field(default_factory=list)
    in_flight_max: int = 0
    attempts: int = 0  # every request, answered or not

    def __post_init__(self) -> None:
        self._lock = threading.Condition()  # notified whenever a request is answered or ends
        self._in_flight = 0
        self._tones: dict[int, bytes] = {}
        self.httpd = _QuietServer(("127.0.0.1", 0), self._handler_class())
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    @property
    def url(self) -> str:
        """The server's base URL."""
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def close(self) -> None:
        """Stop serving."""
        self.httpd.shutdown()
        self.httpd.server_close()

    def reset(self, timeout: float = 30.0) -> None:
        """Wait until no request is being answered, then forget the requests seen so far."""
        with self._lock:
            self._lock.wait_for(lambda: not self._in_flight, timeout)
            self.requests.clear()
            self.attempts = 0

    def wait_for_requests(self, count: int, timeout: float = 60.0) -> bool:
        """Wait until `count` requests have been answered (False if `timeout` passes first)."""
        with self._lock:
            return self._lock.wait_for(lambda: len(self.requests) >= count, timeout)

    def warm(self, *texts: str) -> None:
        """Make the answers for these texts now, so answering them later takes no time."""
        for text in texts:
            self._tone_for(text)

    def spoken(self) -> list[str]:
        """The texts of the requests that were answered with audio, in arrival order."""
        return [r.text for r in self.requests]

    def _next_behaviour(self) -> Behaviour:
        with self._lock:
            return self.script.pop(0) if self.script else Behaviour()

    def _tone_for(self, text: str) -> bytes:
        key = max(1, len(text))
        with self._lock:
            cached = self._tones.get(key)
        if cached is None:
            cached = mp3_tone(expected_seconds(text))
            with self._lock:
                self._tones[key] = cached
        return cached

    def _parse(self, raw: bytes) -> tuple[str, object]:
        if self.flavour == "openai":
            payload = json.loads(raw)
            return payload.get("input", ""), payload
        form = urllib.parse.parse_qs(raw.decode())
        rpc = json.loads(form["f.req"][0])
        params = json.loads(rpc[0][0][1])  # [text, lang, speed, "null"]
        return params[0], params

    def _answer(self, text: str) -> tuple[str, bytes]:
        audio = self._tone_for(text)
        if self.flavour == "openai":
            return "audio/mpeg", audio
        encoded = base64.b64encode(audio).decode()
        line = '[["wrb.fr","jQ1olc","[\\"' + encoded + '\\"]",null,null,null,"generic"]]'
        return "application/json", f")]}}'\n\n{len(line)}\n{line}\n".encode()

    def _handler_class(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep test output quiet
                pass

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                behaviour = server._next_behaviour()
                with server._lock:
                    server.attempts += 1
                    server._in_flight += 1
                    server.in_flight_max = max(server.in_flight_max, server._in_flight)
                try:
                    self._respond(raw, behaviour)
                finally:
                    with server._lock:
                        server._in_flight -= 1
                        server._lock.notify_all()

            def _respond(self, raw: bytes, behaviour: Behaviour) -> None:
                if behaviour.hang_s:
                    time.sleep(behaviour.hang_s)
                if behaviour.drop:
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                text, payload = server._parse(raw)
                if server.delay_s:
                    time.sleep(server.delay_s)
                if behaviour.status != 200:
                    body = behaviour.body or b'{"error": {"message": "simulated failure"}}'
                    self.send_response(behaviour.status)
                    if behaviour.retry_after is not None:
                        self.send_header("Retry-After", behaviour.retry_after)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                kind, body = server._answer(text)
                if behaviour.body is not None:
                    body = behaviour.body
                with server._lock:
                    server.requests.append(
                        Record(self.path, dict(self.headers), text, payload, time.monotonic())
                    )
                    server._lock.notify_all()
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler
