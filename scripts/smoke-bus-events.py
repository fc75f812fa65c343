#!/usr/bin/python3
"""Checks, against a running stack, that the services' events reach the skill bus.

Watches every skill on bus-server with protocol v2 (with the clients' token), makes each
service do something (saver with the admin's API token, mailbin's public intake, a line on
talker-peer), and waits for the matching event; also checks that the line typed on talker-peer
reaches a client of talker-service, which only happens when the two talkers proved their shared
secret to each other. Uses Debian's python3-websocket. Exits non-zero on a miss.
Usage: smoke-bus-events.py HOST BUS_PORT TALKER_TCP_PORT TALKER_PEER_TCP_PORT MAILBIN_PORT SAVER_PORT
Environment: SKILLBUS_CLIENTS_TOKEN, ADMIN_TOKEN (from .credentials).
"""
import json
import os
import socket
import sys
import time
import urllib.error
import urllib.request

import websocket

host = sys.argv[1]
bus_port, mailbin_port, saver_port = sys.argv[2], sys.argv[5], sys.argv[6]
talker_port, talker_peer_port = int(sys.argv[3]), int(sys.argv[4])
bus_token, admin_token = os.environ["SKILLBUS_CLIENTS_TOKEN"], os.environ["ADMIN_TOKEN"]

# No Origin header: the bus checks origins for browsers; this is not one.
watcher = websocket.create_connection(f"ws://{host}:{bus_port}/ws", subprotocols=["skillbus.v2"], timeout=30,
                                      header=[f"Authorization: Bearer {bus_token}"], suppress_origin=True)
for ref, frame in enumerate([{"op": "hello"}, {"op": "register", "skill": "#"}, {"op": "prefetch", "count": 0}]):
    watcher.send(json.dumps({**frame, "ref": ref}))
    reply = json.loads(watcher.recv())
    if reply.get("op") != "ok":
        sys.exit(f"[smoke] bus refused {frame}: {reply}")


def post(url, body, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=json.dumps(body).encode("utf-8"), headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        sys.exit(f"[smoke] POST {url} -> {error.code}: {error.read()[:500]!r}")


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


def await_line(connection, text, seconds):
    """Whether a line containing text arrives on connection within seconds."""
    deadline = time.time() + seconds
    received = b""
    while time.time() < deadline:
        connection.settimeout(max(0.1, deadline - time.time()))
        try:
            chunk = connection.recv(4096)
        except socket.timeout:
            break
        if not chunk:
            break
        received += chunk
        if text.encode("utf-8") in received:
            return True
    return False


# The peer link comes up with backoff after both talkers start: say new lines on talker-peer
# until one reaches talker-service's client.
with socket.create_connection((host, talker_port), timeout=10) as listener, \
        socket.create_connection((host, talker_peer_port), timeout=10) as speaker:
    listener.recv(4096)
    speaker.recv(4096)
    deadline = time.time() + 90
    while True:
        text = f"smoke test {time.time_ns()}"
        speaker.sendall(f"{text}\r\n".encode("utf-8"))
        if await_line(listener, text, 3):
            print("[smoke] talker-peer's line reached talker-service: the peers share the secret")
            break
        if time.time() > deadline:
            sys.exit("[smoke] talker-peer's lines never reached talker-service: are the two talkers linked?")
    await_event("talker.speech", lambda payload: payload.get("text") == text, "talker speech")
    speaker.sendall(b"/quit\r\n")
    listener.sendall(b"/quit\r\n")

form = f"smoke-{time.time_ns()}"
post(f"http://{host}:{mailbin_port}/f/{form}", {"message": "smoke test"})  # the public intake
await_event("mailbin.submission.stored", lambda payload: payload.get("formId") == form, "mailbin submission")

election = f"smoke-{time.time_ns()}"
post(f"http://{host}:{saver_port}/api/elections", {
    "id": election, "name": "Smoke test",
    "statements": [{"id": "s1", "text": "More trains"}, {"id": "s2", "text": "Lower taxes"}],
    "parties": [{"id": "green", "name": "Green", "positions": [2, -1]},
                {"id": "blue", "name": "Blue", "positions": [-1, 2]}]}, admin_token)
# The nodes were not configured for this election: each fetches it from saver with its token.
job = post(f"http://{host}:{saver_port}/api/jobs", {"electionId": election, "generate": 500, "seed": 7}, admin_token)
await_event("compute.job.completed",
            lambda payload: payload.get("jobId") == job["jobId"] and payload.get("done") == 500, "compute job")
watcher.close()
