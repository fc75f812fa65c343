"""A client written like the original pyQMsgBus examples (websocket-client, a deque,
emitText/emitBinary, {"ack": ""} after each packet), used by the integration tests to prove
protocol v1 compatibility. Usage: original_client.py HOST PORT SKILL COUNT

Registers for SKILL, pulls with an ack, publishes COUNT packets to SKILL as binary frames,
and prints one line per packet received ("got <payload>"). Exits 0 once COUNT packets
arrived, 2 on a frame that is not a data packet, 1 on timeout.
"""
import json
import sys
import threading
from collections import deque

import websocket


class WebSocketClientQ(object):
    def __init__(self, queue, host, port, path):
        self.queue = queue
        self.connected = False
        self.ws = websocket.WebSocketApp("ws://%s:%s%s" % (host, port, path),
                                         on_open=self.on_open, on_message=self.on_message,
                                         on_close=self.on_close)
        self.opened = threading.Event()
        self.arrived = threading.Condition()

    def on_open(self, ws):
        self.connected = True
        self.opened.set()

    def on_close(self, ws, *args):
        self.connected = False

    def on_message(self, ws, message):
        with self.arrived:
            self.queue.append(message)
            self.arrived.notify_all()

    def emitText(self, text):
        if not self.connected:
            return False
        self.ws.send(text)
        return True

    def emitBinary(self, data):
        if not self.connected:
            return False
        self.ws.send(data, opcode=websocket.ABNF.OPCODE_BINARY)
        return True

    def run_forever(self):
        self.ws.run_forever()


def main():
    host, port, skill, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    queue = deque()
    client = WebSocketClientQ(queue, host, port, "/")
    threading.Thread(target=client.run_forever, daemon=True).start()
    if not client.opened.wait(10):
        print("timeout connecting", flush=True)
        return 1
    client.emitText(json.dumps({"register": skill}))
    client.emitText(json.dumps({"ack": ""}))
    for i in range(count):
        client.emitBinary(json.dumps({"skill": skill, "payload": "py-%d" % i}).encode("utf-8"))
    received = 0
    while received < count:
        with client.arrived:
            if not queue and not client.arrived.wait(20):
                print("timeout after %d packets" % received, flush=True)
                return 1
            if not queue:
                continue
            frame = queue.popleft()
        packet = json.loads(frame)
        if "skill" not in packet:
            print("not a data packet: %r" % (frame,), flush=True)
            return 2
        print("got %s" % packet["payload"], flush=True)
        received += 1
        client.emitText(json.dumps({"ack": ""}))
    client.ws.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
