#!/usr/bin/env python3
"""An HTTP forward proxy (http_proxy=http://127.0.0.1:PORT) that breaks chosen responses.

    fault_proxy.py PORTFILE LOG [RULE...]

Binds 127.0.0.1 on a port the kernel picks and writes it to PORTFILE (atomically)
once listening. Every request is fetched from its absolute URL (no proxy of its own)
and logged to LOG as one line: "GET URL STATUS FAULT CACHE", FAULT being the fault
applied or "-", CACHE "no-cache" when the request asked caches not to answer.

A RULE is "SUFFIX=FAULT": the first response to a URL ending in SUFFIX gets FAULT,
later ones are served clean (RULE "SUFFIX=FAULT*N": the first N). Faults:
  flip      one byte in the middle of the body changed, length kept
  short     the body cut to half, Content-Length saying so (only a lock's size shows it)
  cut       Content-Length of the whole body, half of it sent, then the connection closed
  503       HTTP 503 Service Unavailable
  stall:S   the headers, then nothing for S seconds, then the body
Upstream is reached directly, or through $UPSTREAM_PROXY when set. Exits when its
parent process goes away, or on SIGTERM.
"""
import http.server
import os
import socket
import sys
import threading
import time
import urllib.error
import urllib.request

portfile, log_path = sys.argv[1], sys.argv[2]
rules = []  # [suffix, fault, times left]
for arg in sys.argv[3:]:
    suffix, _, fault = arg.partition("=")
    fault, _, times = fault.partition("*")
    rules.append([suffix, fault, int(times or 1)])
lock = threading.Lock()
# Upstream directly, or through the proxy the test itself was given (UPSTREAM_PROXY).
upstream = os.environ.get("UPSTREAM_PROXY")
opener = urllib.request.build_opener(urllib.request.ProxyHandler({"http": upstream} if upstream else {}))


def take_fault(url):
    with lock:
        for rule in rules:
            if url.endswith(rule[0]) and rule[2] > 0:
                rule[2] -= 1
                return rule[1]
    return "-"


def log(line):
    with lock, open(log_path, "a") as f:
        f.write(line + "\n")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        url = self.path
        fault = take_fault(url)
        cache = "no-cache" if "no-cache" in (self.headers.get("Cache-Control") or "") else "-"
        if fault == "503":
            self.answer(503, b"", {})
            log("GET %s 503 %s %s" % (url, fault, cache))
            return
        try:
            with opener.open(urllib.request.Request(url, headers={"User-Agent": "debimg-test-proxy"}), timeout=60) as r:
                status, body, ctype = r.status, r.read(), r.headers.get("Content-Type", "application/octet-stream")
        except urllib.error.HTTPError as e:
            status, body, ctype = e.code, b"", "text/plain"
        log("GET %s %d %s %s" % (url, status, fault, cache))
        if status != 200 or fault == "-":
            self.answer(status, body, {"Content-Type": ctype})
        elif fault == "flip":
            middle = len(body) // 2
            self.answer(status, body[:middle] + bytes([body[middle] ^ 0xFF]) + body[middle + 1:], {"Content-Type": ctype})
        elif fault == "short":
            self.answer(status, body[: len(body) // 2], {"Content-Type": ctype})
        elif fault == "cut":
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
        elif fault.startswith("stall:"):
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.flush()
            time.sleep(float(fault.split(":", 1)[1]))
            self.wfile.write(body)
        else:
            raise SystemExit("unknown fault " + fault)

    def answer(self, status, body, headers):
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):  # quiet: LOG has what the tests read
        pass


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from local_server import serve  # noqa: E402

serve(Handler, portfile)
