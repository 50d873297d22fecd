"""A Streamlit websocket client: what the browser's frontend does on a page load, without a browser.

It opens `/_stcore/stream` (subprotocol "streamlit"; streamlit 1.67 checks XSRF only to read an auth cookie,
and allows a missing Origin header; no keepalive pings, as a browser sends none and a busy server answers
them late), sends a BackMsg `rerun_script` with the page's query string and page
name, and reads ForwardMsgs until `script_finished`. Used by bench/serve.py and tests/test_load.py.
"""
from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

EARLY = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN


@dataclass
class Run:
    """One page run as the server sent it: time to script_finished, exceptions, the texts it showed, its
    headings and the options chosen in its multiselects."""
    seconds: float
    errors: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    selected: list[list[str]] = field(default_factory=list)


def _chosen(part) -> list[str]:
    """A multiselect's chosen options (set from the URL they come as raw values, else as option indices)."""
    return list(part.raw_values) or [part.options[i] for i in part.default if i < len(part.options)]


def _texts(element) -> list[str]:
    """The visible strings of one element (headings, markdown, metrics, widget labels and chosen options)."""
    kind = element.WhichOneof("type")
    part = getattr(element, kind) if kind else None
    out = []
    for name in ("body", "label", "value"):
        if part is not None and hasattr(part, name) and isinstance(getattr(part, name), str):
            out.append(getattr(part, name))
    if kind == "multiselect":
        out.extend(_chosen(part))
    return [s for s in out if s]


class Session:
    """One browser tab's Streamlit session over a websocket (sessions share nothing but the server)."""

    def __init__(self, base: str, cookie: str | None = None):
        self.url = base.replace("http://", "ws://").rstrip("/") + "/_stcore/stream"
        self.cookie = cookie
        self.ws = None

    async def __aenter__(self) -> Session:
        headers = {"Cookie": self.cookie} if self.cookie else None
        self.ws = await websockets.connect(self.url, subprotocols=["streamlit"], additional_headers=headers,
                                           max_size=None, open_timeout=60, ping_interval=None)
        return self

    async def __aexit__(self, *exc) -> None:
        await self.ws.close()

    async def run(self, path: str, timeout: float = 300) -> Run:
        """Run a page ("/region?region=metro") as a browser navigation would and wait for it to finish."""
        page, _, query = path.lstrip("/").partition("?")
        msg = BackMsg()
        msg.rerun_script.query_string = query
        msg.rerun_script.page_name = page
        msg.rerun_script.widget_states.SetInParent()
        start = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        run = Run(0.0)
        deadline = start + timeout
        while True:
            data = await _recv(self.ws, deadline)
            fwd = ForwardMsg()
            fwd.ParseFromString(data)
            kind = fwd.WhichOneof("type")
            if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                element = fwd.delta.new_element
                if element.WhichOneof("type") == "exception":
                    run.errors.append(f"{element.exception.type}: {element.exception.message}"[:300])
                run.texts.extend(_texts(element))
                if element.WhichOneof("type") == "heading":
                    run.headings.append(element.heading.body)
                elif element.WhichOneof("type") == "multiselect":
                    run.selected.append(_chosen(element.multiselect))
            elif kind == "script_finished" and fwd.script_finished != EARLY:
                run.seconds = time.perf_counter() - start
                return run


async def _recv(ws, deadline: float) -> bytes:
    return await asyncio.wait_for(ws.recv(), max(0.1, deadline - time.perf_counter()))


def run(coro):
    """asyncio.run(coro), in a thread of its own: a caller whose thread already has an event loop running (pytest
    with Playwright's sync API started, a notebook) cannot start another one in it."""
    import threading
    outcome: dict = {}

    def target() -> None:
        try:
            outcome["value"] = asyncio.run(coro)
        except BaseException as exc:  # noqa: BLE001 (raised again in the caller's thread)
            outcome["error"] = exc
    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
