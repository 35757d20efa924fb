"""A test HTTP server on 127.0.0.1: the port the kernel picks is written to a
file (atomically, one line) once it listens; it runs until SIGTERM or until its
parent process goes away, so a test's trap or its end stops it."""
import http.server
import os
import signal
import sys


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    parent = os.getppid()

    def service_actions(self):
        # called about every 0.5 s from serve_forever(): stop if orphaned
        if os.getppid() != self.parent:
            raise SystemExit(0)

    def handle_error(self, request, address):
        pass  # clients killed or gone mid-download


def serve(handler, portfile):
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    server = Server(("127.0.0.1", 0), handler)
    tmp = "%s.tmp.%d" % (portfile, os.getpid())
    with open(tmp, "w") as f:
        f.write("%d\n" % server.server_address[1])
    os.replace(tmp, portfile)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
