#!/usr/bin/python3
"""A small HTTP server for the remote-asset tests (stdlib only).

Binds 127.0.0.1 (--ipv6: ::1) on a free port and writes the port to --port-file. Every
request is appended to --log as `METHOD PATH STATUS` once answered.

  /files/NAME             NAME from --root, with ETag and Last-Modified;
                          If-None-Match / If-Modified-Since give 304
  /redirect/N/PATH        N redirects (302), then PATH
  /location/URL           a 302 to URL, percent-decoded (file:///…, gopher://…)
  /status/CODE            an empty response with that status
  /slow/SECONDS/PATH      PATH after a pause
  /type/CTYPE/NAME        NAME with that Content-Type (%2F for the slash)
  /corrupt/NAME           the first half of NAME
  /huge/declared          Content-Length of 100 MiB, then a trickle
  /huge/chunked           40 MiB, chunked, without a Content-Length

--delay MS adds a pause before every answer (latency).
"""
import argparse
import email.utils
import hashlib
import os
import socket
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MIB = 1 << 20


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # quiet; the log file says enough
        pass

    def record(self, status):
        with self.server.log_lock:
            with open(self.server.log_path, "a") as f:
                f.write("%s %s %d\n" % (self.command, self.path, status))

    def reply(self, status, body=b"", ctype="application/octet-stream", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        self.close_connection = True
        self.record(status)

    def file(self, name):
        path = os.path.join(self.server.root, os.path.basename(urllib.parse.unquote(name)))
        if not os.path.isfile(path):
            return None
        with open(path, "rb") as f:
            return f.read()

    def serve_file(self, name, ctype=None):
        data = self.file(name)
        if data is None:
            return self.reply(404)
        etag = '"%s"' % hashlib.sha1(data).hexdigest()
        mtime = os.path.getmtime(os.path.join(self.server.root, os.path.basename(
            urllib.parse.unquote(name))))
        lastmod = email.utils.formatdate(mtime, usegmt=True)
        hdrs = [("ETag", etag), ("Last-Modified", lastmod)]
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        if inm == etag or (inm is None and ims == lastmod):
            self.send_response(304)
            for k, v in hdrs:
                self.send_header(k, v)
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            return self.record(304)
        self.reply(200, data, ctype or "image/whatever", hdrs)

    def do_GET(self):
        if self.server.delay:
            time.sleep(self.server.delay)
        parts = self.path.split("?")[0].split("/")[1:]
        kind = parts[0] if parts else ""
        rest = parts[1:]
        try:
            if kind == "files" and rest:
                return self.serve_file("/".join(rest))
            if kind == "redirect" and len(rest) >= 2:
                n = int(rest[0])
                target = "/redirect/%d/%s" % (n - 1, "/".join(rest[1:])) if n > 1 \
                    else "/" + "/".join(rest[1:])
                return self.reply(302, headers=[("Location", target)])
            if kind == "location" and rest:
                target = urllib.parse.unquote("/".join(rest))
                return self.reply(302, headers=[("Location", target)])
            if kind == "status" and rest:
                return self.reply(int(rest[0]), b"no such picture", "text/html")
            if kind == "slow" and len(rest) >= 2:
                time.sleep(float(rest[0]))
                self.path = "/" + "/".join(rest[1:])
                return self.do_GET()
            if kind == "type" and len(rest) >= 2:
                return self.serve_file(rest[1], urllib.parse.unquote(rest[0]))
            if kind == "corrupt" and rest:
                data = self.file(rest[0])
                return self.reply(200, data[: len(data) // 2], "image/png")
            if kind == "huge" and rest == ["declared"]:
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(100 * MIB))
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True
                self.record(200)
                for _ in range(50):  # the client should hang up long before
                    self.wfile.write(b"\0" * 1024)
                    time.sleep(0.1)
                return None
            if kind == "huge" and rest == ["chunked"]:
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Transfer-Encoding", "chunked")
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True
                self.record(200)
                chunk = b"\x89PNG" + b"\0" * (MIB - 4)
                for _ in range(40):
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.write(b"0\r\n\r\n")
                return None
        except (BrokenPipeError, ConnectionResetError):
            return None
        self.reply(404)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--delay", type=float, default=0, help="milliseconds")
    ap.add_argument("--ipv6", action="store_true", help="bind ::1")
    a = ap.parse_args()
    class Server(ThreadingHTTPServer):
        request_queue_size = 128  # parallel clients must not wait for a SYN retry
        daemon_threads = True
        address_family = socket.AF_INET6 if a.ipv6 else socket.AF_INET
    srv = Server(("::1" if a.ipv6 else "127.0.0.1", 0), Handler)
    srv.root = a.root
    srv.log_path = a.log
    srv.log_lock = threading.Lock()
    srv.delay = a.delay / 1000.0
    open(a.log, "a").close()
    tmp = a.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(tmp, a.port_file)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
