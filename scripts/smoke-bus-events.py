#!/usr/bin/python3
"""Checks, against a running stack, that the services' events reach the skill bus.

Watches every skill on bus-server with protocol v2, makes each service do something, and
waits for the matching event. Uses Debian's python3-websocket. Exits non-zero on a miss.
Usage: smoke-bus-events.py BUS_PORT TALKER_TCP_PORT MAILBIN_PORT SAVER_PORT
"""
import json
import socket
import sys
import time
import urllib.request

import websocket

bus_port, talker_port, mailbin_port, saver_port = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]

watcher = websocket.create_connection(f"ws://127.0.0.1:{bus_port}/ws", subprotocols=["skillbus.v2"], timeout=30)
for ref, frame in enumerate([{"op": "hello"}, {"op": "register", "skill": "#"}, {"op": "prefetch", "count": 0}]):
    watcher.send(json.dumps({**frame, "ref": ref}))
    reply = json.loads(watcher.recv())
    if reply.get("op") != "ok":
        sys.exit(f"[smoke] bus refused {frame}: {reply}")


def post(url, body):
    request = urllib.request.Request(url, data=json.dumps(body).encode("utf-8"),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"{}")


def await_event(skill, matches, what):
    deadline = time.time() + 60
    while time.time() < deadline:
        frame = watcher.recv()
        if isinstance(frame, bytes):
            packet = json.loads(frame[8:].decode("utf-8"))
            if packet.get("skill") == skill and matches(packet.get("payload", {})):
                print(f"[smoke] {what}: {skill} from {packet.get('source')} seen on the bus")
                return
    sys.exit(f"[smoke] {what}: no {skill} event on the bus within 60 s")


text = f"smoke test {time.time_ns()}"
with socket.create_connection(("127.0.0.1", talker_port), timeout=10) as talker:
    talker.recv(4096)
    talker.sendall(f"{text}\r\n".encode("utf-8"))
    await_event("talker.speech", lambda payload: payload.get("text") == text, "talker speech")
    talker.sendall(b"/quit\r\n")

form = f"smoke-{time.time_ns()}"
post(f"http://127.0.0.1:{mailbin_port}/f/{form}", {"message": "smoke test"})
await_event("mailbin.submission.stored", lambda payload: payload.get("formId") == form, "mailbin submission")

election = f"smoke-{time.time_ns()}"
post(f"http://127.0.0.1:{saver_port}/api/elections", {
    "id": election, "name": "Smoke test",
    "statements": [{"id": "s1", "text": "More trains"}, {"id": "s2", "text": "Lower taxes"}],
    "parties": [{"id": "green", "name": "Green", "positions": [2, -1]},
                {"id": "blue", "name": "Blue", "positions": [-1, 2]}]})
job = post(f"http://127.0.0.1:{saver_port}/api/jobs", {"electionId": election, "generate": 500, "seed": 7})
await_event("compute.job.completed",
            lambda payload: payload.get("jobId") == job["jobId"] and payload.get("done") == 500, "compute job")
watcher.close()
