"""Headless Chromium driven over the DevTools protocol, for the tests that use a page as a
person would: type into it, reload it, print it, watch what it asks the network for.

Chromium is started with ``--remote-debugging-pipe``: it reads commands on its file
descriptor 3 and writes replies and events on 4, each a JSON message ending in a NUL byte.
That needs nothing beyond the standard library and the ``chromium`` the other browser tests
use.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import subprocess
import time
from pathlib import Path
from typing import Any


class BrowserError(RuntimeError):
    """Chromium answered a command with an error, or did not answer in time."""


class Browser:
    """One headless Chromium with one page open. Events the page causes are kept in
    ``events`` (method, params) for a test to read."""

    def __init__(self, chromium: str, profile: Path, *flags: str, timeout: float = 30) -> None:
        commands_read, self._commands = os.pipe()
        self._replies, replies_write = os.pipe()

        def give_pipes() -> None:  # in the child: the pipes become its fds 3 and 4
            high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (commands_read, replies_write)]
            os.dup2(high[0], 3)
            os.dup2(high[1], 4)

        self._log = (profile.parent / f"{profile.name}-chromium.log").open("wb")

        self.process = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-extensions", "--disable-background-networking", "--disable-sync",
             "--hide-scrollbars", "--mute-audio", "--remote-debugging-pipe",
             f"--user-data-dir={profile}", *flags, "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self._log,
            preexec_fn=give_pipes, close_fds=False)
        os.close(commands_read)
        os.close(replies_write)
        self.timeout = timeout
        self._buffer = b""
        self._next_id = 0
        self.events: list[tuple[str, dict[str, Any]]] = []
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)
        attached = self.send("Target.attachToTarget",
                             {"targetId": target["targetId"], "flatten": True}, session=False)
        self.session: str = attached["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable")

    # ---- the protocol ----------------------------------------------------------------------

    def send(self, method: str, params: dict[str, Any] | None = None, *,
             session: bool = True) -> dict[str, Any]:
        """Send one command and wait for its reply, keeping the events that come before it."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method,
                                   "params": params or {}}
        if session:
            message["sessionId"] = self.session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._receive()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            if "method" in reply:
                self.events.append((reply["method"], reply.get("params", {})))

    def _receive(self, timeout: float | None = None) -> dict[str, Any]:
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._replies], [], [], max(left, 0))
            if not ready:
                raise BrowserError("Chromium did not answer in time")
            chunk = os.read(self._replies, 1 << 16)
            if not chunk:
                raise BrowserError("Chromium closed the pipe: " + self._stderr())
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        parsed: dict[str, Any] = json.loads(message)
        return parsed

    def wait_for(self, method: str, timeout: float | None = None) -> dict[str, Any]:
        """Wait for the next event ``method`` (one already kept counts once)."""
        for index, (name, params) in enumerate(self.events):
            if name == method:
                del self.events[index]
                return params
        while True:
            message = self._receive(timeout)
            if message.get("method") == method:
                params: dict[str, Any] = message.get("params", {})
                return params
            if "method" in message:
                self.events.append((message["method"], message.get("params", {})))

    def _stderr(self) -> str:
        self._log.flush()
        return Path(self._log.name).read_text(errors="replace")[-2000:]

    # ---- what a test does ------------------------------------------------------------------

    def open(self, url: str) -> None:
        """Go to ``url`` and wait until it has loaded."""
        self._drop("Page.loadEventFired")
        self.send("Page.navigate", {"url": url})
        self.wait_for("Page.loadEventFired")

    def reload(self) -> None:
        self._drop("Page.loadEventFired")
        self.send("Page.reload", {"ignoreCache": True})
        self.wait_for("Page.loadEventFired")

    def _drop(self, method: str) -> None:
        self.events = [event for event in self.events if event[0] != method]

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page."""
        result = self.send("Runtime.evaluate", {"expression": expression,
                                                "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def type_into(self, selector: str, text: str) -> None:
        """Focus the control ``selector`` picks and type ``text`` as a keyboard would."""
        if not self.evaluate(f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
                             " if (!e) return false; e.focus(); return true; })()"):
            raise BrowserError(f"nothing on the page matches {selector}")
        self.send("Input.insertText", {"text": text})

    def click(self, selector: str) -> None:
        """Click the element ``selector`` picks, where it is drawn, as a pointer would."""
        box = self.evaluate(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
            " e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
            " return [r.left + r.width / 2, r.top + r.height / 2]; })()")
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", {"type": kind, "x": box[0], "y": box[1],
                                                   "button": "left", "clickCount": 1})

    def print_pdf(self) -> bytes:
        """The page as Chromium prints it, on the paper its CSS asks for."""
        result = self.send("Page.printToPDF", {"preferCSSPageSize": True,
                                               "printBackground": True})
        return base64.b64decode(result["data"])

    def screenshot(self, width: int, height: int, *, mobile: bool = True,
                   full_page: bool = False) -> bytes:
        """A PNG of the page in a window ``width`` by ``height`` CSS pixels."""
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            params["captureBeyondViewport"] = True
            size = self.send("Page.getLayoutMetrics")["cssContentSize"]
            params["clip"] = {"x": 0, "y": 0, "width": width,
                              "height": size["height"], "scale": 1}
        return base64.b64decode(self.send("Page.captureScreenshot", params)["data"])

    def problems(self) -> list[str]:
        """Console errors, uncaught exceptions and browser log errors (a blocked request or a
        content security policy violation among them) seen so far."""
        found = []
        for method, params in self.events:
            if method == "Runtime.exceptionThrown":
                found.append(f"exception: {params['exceptionDetails'].get('text')}")
            elif method == "Runtime.consoleAPICalled" and params.get("type") in {"error",
                                                                                  "warning"}:
                found.append(f"console {params['type']}: {params.get('args')}")
            elif method == "Log.entryAdded" and params["entry"].get("level") in {"error",
                                                                                 "warning"}:
                found.append(f"log: {params['entry'].get('text')}")
        return found

    def requests(self) -> list[str]:
        """Every URL the page asked the network stack for."""
        return [params["request"]["url"] for method, params in self.events
                if method == "Network.requestWillBeSent"]

    def close(self) -> None:
        with contextlib.suppress(BrowserError, OSError):
            self.send("Browser.close", session=False)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for fd in (self._commands, self._replies):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._log.close()

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
