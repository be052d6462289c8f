#!/usr/bin/python3
"""Signs in on the sandbox's authorize page with headless Chromium, the way a person does: it types the username
and password into the form and clicks Approve (or Deny), then waits for the browser to land on the redirect URI.

Talks the Chrome DevTools Protocol over --remote-debugging-pipe (fds 3 and 4, NUL-terminated JSON), so it needs
nothing beyond Debian's chromium and python3. Prints one JSON line: {"final_url": ..., "page_text": ...}.

Usage: browser_signin.py --chromium PATH --url AUTHORIZE_URL --redirect-prefix URI --username U --password P
                         [--action approve|deny] [--timeout SECONDS]
"""
import argparse
import fcntl
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time


class DevToolsPipe:
    def __init__(self, chromium, profile):
        commands_read, commands_write = os.pipe()
        replies_read, replies_write = os.pipe()
        # Park the child's ends above 100 so the dup2 onto 3 and 4 can't clobber one another.
        child_commands = fcntl.fcntl(commands_read, fcntl.F_DUPFD_CLOEXEC, 100)
        child_replies = fcntl.fcntl(replies_write, fcntl.F_DUPFD_CLOEXEC, 100)
        os.close(commands_read)
        os.close(replies_write)

        def wire_pipes():
            os.dup2(child_commands, 3)
            os.dup2(child_replies, 4)

        arguments = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                     "--no-default-browser-check", "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--disable-extensions", "--disable-dev-shm-usage", "--password-store=basic",
                     "--remote-debugging-pipe", "--user-data-dir=" + profile, "about:blank"]
        self.process = subprocess.Popen(arguments, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, close_fds=False, preexec_fn=wire_pipes)
        os.close(child_commands)
        os.close(child_replies)
        self.commands = commands_write
        self.replies = replies_read
        self.buffer = b""
        self.next_id = 0
        self.events = []

    def send(self, method, params=None, session=None, timeout=30):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.commands, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self.receive(deadline)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError("%s failed: %s" % (method, reply["error"]))
                return reply.get("result", {})
            self.events.append(reply)

    def receive(self, deadline):
        while b"\0" not in self.buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("no answer from Chromium")
            ready, _, _ = select.select([self.replies], [], [], remaining)
            if ready:
                chunk = os.read(self.replies, 65536)
                if not chunk:
                    raise RuntimeError("Chromium closed the DevTools pipe")
                self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def wait_for_event(self, predicate, timeout):
        deadline = time.monotonic() + timeout
        while True:
            for index, event in enumerate(self.events):
                if predicate(event):
                    return self.events.pop(index)
            self.events.append(self.receive(deadline))

    def close(self):
        try:
            self.send("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--url", required=True)
    parser.add_argument("--redirect-prefix", required=True)
    parser.add_argument("--username", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--action", choices=["approve", "deny"], default="approve")
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()

    profile = tempfile.mkdtemp(prefix="wavelift-chromium-")
    browser = DevToolsPipe(args.chromium, profile)
    try:
        page = browser.send("Target.createTarget", {"url": "about:blank"}, timeout=args.timeout)["targetId"]
        session = browser.send("Target.attachToTarget", {"targetId": page, "flatten": True})["sessionId"]
        browser.send("Page.enable", session=session)
        browser.send("Runtime.enable", session=session)

        def loaded(event):
            return event.get("method") == "Page.loadEventFired" and event.get("sessionId") == session

        browser.send("Page.navigate", {"url": args.url}, session=session)
        browser.wait_for_event(loaded, args.timeout)

        def evaluate(expression):
            result = browser.send("Runtime.evaluate", {"expression": expression, "returnByValue": True},
                                  session=session)
            return result.get("result", {}).get("value")

        def click(element_id):
            box = evaluate("JSON.stringify(document.getElementById(%s).getBoundingClientRect())"
                           % json.dumps(element_id))
            if box is None:
                raise RuntimeError("the page has no #%s: %s" % (element_id, evaluate("document.body.innerText")))
            rect = json.loads(box)
            x = rect["x"] + rect["width"] / 2
            y = rect["y"] + rect["height"] / 2
            for kind in ("mousePressed", "mouseReleased"):
                browser.send("Input.dispatchMouseEvent",
                             {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1}, session=session)

        def type_into(element_id, text):
            click(element_id)
            browser.send("Input.insertText", {"text": text}, session=session)

        type_into("username", args.username)
        type_into("password", args.password)
        browser.events.clear()
        click(args.action)

        def arrived(event):
            if event.get("method") != "Page.frameNavigated" or event.get("sessionId") != session:
                return False
            frame = event["params"]["frame"]
            return frame.get("parentId") is None and frame.get("url", "").startswith(args.redirect_prefix)

        navigated = browser.wait_for_event(arrived, args.timeout)
        browser.wait_for_event(loaded, args.timeout)
        print(json.dumps({"final_url": navigated["params"]["frame"]["url"],
                          "page_text": evaluate("document.body ? document.body.innerText : ''")}))
        return 0
    except Exception as error:  # report, don't hang the test
        print(json.dumps({"error": str(error)}))
        return 1
    finally:
        browser.close()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
