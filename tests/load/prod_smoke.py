#!/usr/bin/env python3
# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Start Odoo with the production config (config/odoo.prod.conf) natively and check it serves.

    python3 tests/load/prod_smoke.py --db dms_load --port 8171 --gevent-port 8172

The file's docker paths and database are replaced on the command line (the lines marked NATIVE in
the file): addons path and data dir from $DMS_STATE_DIR/odoo.conf (bin/dms writes it), database
host 127.0.0.1, only ``--db``, listening on 127.0.0.1. Everything else is the file's: workers, cron
worker, gevent worker, memory and time limits, proxy mode. Checks, then stops Odoo:

- the HTTP workers answer ``/web/health`` and a page rendered from the database (``/web/login``);
- the processes: the master, ``workers`` HTTP workers, the cron worker, the gevent worker;
- the gevent worker answers ``/websocket/health`` and upgrades ``/websocket`` (101 Switching Protocols),
  then keeps the connection open after a ``subscribe`` frame;
- the log has no ERROR / CRITICAL record.

Exits non-zero on any failure. Only 127.0.0.1 is contacted.
"""

import argparse
import base64
import configparser
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
STATE = Path(os.environ.get("DMS_STATE_DIR") or ROOT / ".dms")
sys.path.insert(0, str(HERE))

from run import gevent_env, odoo_command  # noqa: E402


def get(url, timeout=10):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, response.read()


def wait_http(url, timeout):
    start = time.time()
    while time.time() - start < timeout:
        try:
            if get(url)[0] == 200:
                return time.time() - start
        except OSError:
            time.sleep(1)
    return None


def websocket_upgrade(port):
    """``(status line, still open after a subscribe frame)`` of a websocket handshake."""
    key = base64.b64encode(os.urandom(16)).decode()
    request = (
        "GET /websocket?version=18.0-1 HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\n"
        "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
        sock.sendall(request.encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = sock.recv(4096)
            if not chunk:
                break
            head += chunk
        status = head.split(b"\r\n", 1)[0].decode()
        if " 101 " not in status + " ":
            return status, False
        # a masked text frame, as a browser sends it: subscribe to no channel
        payload = json.dumps({"event_name": "subscribe", "data": {"channels": [], "last": 0}}).encode()
        mask = os.urandom(4)
        frame = bytes([0x81, 0x80 | len(payload)]) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        sock.sendall(frame)
        sock.settimeout(2)
        try:
            still_open = sock.recv(1) != b""  # a close would come at once; silence means open
        except TimeoutError:
            still_open = True
        return status, still_open


def children(pid):
    out = subprocess.run(["ps", "-o", "pid=,args=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [line.strip() for line in out.splitlines() if line.strip()]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--port", type=int, default=8069)
    parser.add_argument("--gevent-port", type=int, default=8072)
    parser.add_argument("--workers", type=int, help="override the file's workers")
    parser.add_argument("--timeout", type=int, default=300, help="seconds to wait for the server")
    args = parser.parse_args()

    generated = configparser.ConfigParser()
    generated.read(STATE / "odoo.conf")
    options = generated["options"] if generated.has_section("options") else {}
    log = Path(tempfile.mkstemp(prefix="dms_prod_smoke_", suffix=".log")[1])
    cmd = [
        *odoo_command(),
        "-c",
        str(ROOT / "config" / "odoo.prod.conf"),
        f"--addons-path={options.get('addons_path', ROOT / 'addons')}",
        f"--data-dir={options.get('data_dir', STATE / 'data')}",
        "--db_host=127.0.0.1",
        f"--database={args.db}",
        f"--db-filter=^{args.db}$",
        "--http-interface=127.0.0.1",
        f"--http-port={args.port}",
        f"--gevent-port={args.gevent_port}",
        f"--logfile={log}",
    ]
    if args.workers:
        cmd.append(f"--workers={args.workers}")
    file_options = configparser.ConfigParser()
    file_options.read(ROOT / "config" / "odoo.prod.conf")
    workers = args.workers or int(file_options["options"]["workers"])
    cron = int(file_options["options"]["max_cron_threads"])
    env = gevent_env(dict(os.environ, PGPASSWORD=os.environ.get("PGPASSWORD", "")))
    print("dms prod smoke:", " ".join(str(part) for part in cmd), flush=True)
    server = subprocess.Popen(cmd, env=env, start_new_session=True)
    failures = []
    try:
        base = f"http://127.0.0.1:{args.port}"
        took = wait_http(f"{base}/web/health", args.timeout)
        if took is None:
            sys.exit(f"dms prod smoke: {base}/web/health did not answer (log {log})")
        print(f"http workers: /web/health 200 after {took:.0f} s", flush=True)
        status, body = get(f"{base}/web/login", timeout=120)
        print(f"http workers: /web/login {status}, {len(body)} bytes")
        if status != 200 or b"oe_login_form" not in body:
            failures.append("/web/login is not the login page")
        time.sleep(3)  # the cron and gevent processes start right after the HTTP workers
        procs = children(server.pid)
        gevent = [p for p in procs if "odoo-bin gevent " in p]
        print(f"processes under the master {server.pid}: {len(procs)} ({len(gevent)} gevent)")
        for line in procs:
            print("   ", line[:160])
        # workers + cron workers + the gevent worker (started as `odoo-bin gevent ...`)
        if len(procs) != workers + cron + 1 or len(gevent) != 1:
            failures.append(f"expected {workers} HTTP + {cron} cron + 1 gevent processes, found {len(procs)}")
        ws_base = f"http://127.0.0.1:{args.gevent_port}"
        if wait_http(f"{ws_base}/websocket/health", 60) is None:
            failures.append("the gevent worker does not answer /websocket/health")
        else:
            print("gevent worker: /websocket/health 200")
            status, still_open = websocket_upgrade(args.gevent_port)
            print(f"gevent worker: /websocket -> {status}; open after subscribe: {still_open}")
            if " 101 " not in status + " " or not still_open:
                failures.append(f"/websocket on the gevent port answered {status!r}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    lines = log.read_text(errors="replace").splitlines()
    errors = [line for line in lines if " ERROR " in line or " CRITICAL " in line]
    for line in errors[:20]:
        print("log:", line[:300])
    if errors:
        failures.append(f"{len(errors)} ERROR/CRITICAL records in {log}")
    if failures:
        sys.exit("dms prod smoke: FAILED: " + "; ".join(failures))
    print(f"dms prod smoke: OK (log {log})")


if __name__ == "__main__":
    main()
