"""A small Chrome DevTools Protocol client for the editor checks (used by 52-editor.sh and
benches/editor-timing.sh): starts headless Chromium, opens a page, sends commands, types keys."""
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request

import websocket  # websocket-client, installed by the calling script


class Browser:
    def __init__(self, width=1400, height=1000, downloads=None):
        self.profile = tempfile.mkdtemp(prefix="hanalign-cdp-")
        self.proc = subprocess.Popen(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-quic", "--remote-debugging-port=0", "--user-data-dir=" + self.profile,
             f"--window-size={width},{height}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = os.path.join(self.profile, "DevToolsActivePort")
        for _ in range(300):
            if os.path.exists(port_file) and open(port_file).read().count("\n") >= 1:
                break
            time.sleep(0.1)
        else:
            raise RuntimeError("chromium did not start")
        port = open(port_file).read().split("\n")[0]
        self.base = f"http://127.0.0.1:{port}"
        version = json.load(urllib.request.urlopen(self.base + "/json/version"))
        self.ws = websocket.create_connection(version["webSocketDebuggerUrl"], timeout=120)
        self.next_id = 0
        self.events = []
        targets = json.load(urllib.request.urlopen(self.base + "/json/list"))
        page = next(t for t in targets if t["type"] == "page")
        self.session = self.call("Target.attachToTarget", targetId=page.get("id") or page["targetId"], flatten=True)["sessionId"]
        if downloads:
            self.call("Browser.setDownloadBehavior", session=False, behavior="allow",
                      downloadPath=downloads, eventsEnabled=True)
        self.call("Page.enable")
        self.call("Runtime.enable")

    def call(self, method, session=True, **params):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params}
        if session and getattr(self, "session", None):
            msg["sessionId"] = self.session
        self.ws.send(json.dumps(msg))
        while True:
            m = json.loads(self.ws.recv())
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})
            self.events.append(m)

    def wait_event(self, method, timeout=60, pred=lambda p: True):
        end = time.time() + timeout
        while time.time() < end:
            for i, m in enumerate(self.events):
                if m.get("method") == method and pred(m.get("params", {})):
                    return self.events.pop(i)["params"]
            self.ws.settimeout(max(0.1, end - time.time()))
            try:
                self.events.append(json.loads(self.ws.recv()))
            except websocket.WebSocketTimeoutException:
                break
        raise RuntimeError(f"no {method} event within {timeout}s")

    def open(self, url):
        self.events.clear()
        self.call("Page.navigate", url=url)
        self.wait_event("Page.loadEventFired", timeout=120)

    def js(self, expr):
        r = self.call("Runtime.evaluate", expression=expr, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r:
            raise RuntimeError(f"{expr}: {r['exceptionDetails']}")
        return r["result"].get("value")

    KEYS = {"ArrowDown": 40, "ArrowUp": 38, "Enter": 13}

    def key(self, key, ctrl=False, shift=False):
        """Types one key as a person would (keyDown with its text, keyUp)."""
        code = self.KEYS.get(key) or ord(key.upper())
        mods = (2 if ctrl else 0) | (8 if shift else 0)
        text = key if len(key) == 1 and not ctrl else ""
        self.call("Input.dispatchKeyEvent", type="keyDown", key=key, text=text,
                  windowsVirtualKeyCode=code, modifiers=mods)
        self.call("Input.dispatchKeyEvent", type="keyUp", key=key, windowsVirtualKeyCode=code, modifiers=mods)

    def screenshot(self, path, full=False):
        import base64
        params = {"format": "png"}
        if full:
            params["captureBeyondViewport"] = True
        data = self.call("Page.captureScreenshot", **params)["data"]
        open(path, "wb").write(base64.b64decode(data))

    def close(self):
        try:
            self.call("Browser.close", session=False)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.profile, ignore_errors=True)
