// skillbus.js when the server forgot its session (the resume window passed while it was away):
// the next hello creates a new session and the client registers its patterns and prefetch again.
// Usage: node skillbus_js_lost_session.mjs <port>   (against a bus with a resume window under 2 s)
import WebSocket from 'ws';
import { SkillBus } from '../../main/resources/static/skillbus.js';

const port = process.argv[2];
const url = `ws://localhost:${port}/ws`;

function fail(message) {
  console.error(`FAIL ${message}`);
  process.exit(1);
}

setTimeout(() => fail('timed out'), 20000).unref();

const until = (condition) => new Promise((resolve) => {
  const check = setInterval(() => {
    if (condition()) {
      clearInterval(check);
      resolve();
    }
  }, 20);
});

const bus = new SkillBus(url, { WebSocket, session: `node-lost-${process.pid}`, prefetch: 5, reconnectDelay: 4000, maxReconnectDelay: 4000 });
const sessions = [];
bus.on('session', (session) => sessions.push(session));
const payloads = [];
bus.on('packet', (packet) => payloads.push(packet.data.payload));
await bus.connect();
await bus.register('node.lost.#');

const publisher = new SkillBus(url, { WebSocket });
await publisher.connect();
publisher.publish({ skill: 'node.lost.a', payload: 'before' });
await until(() => payloads.length === 1);

// the connection breaks; the client waits 2-4 s, the server forgets the session after its window
bus._socket.terminate();
await until(() => sessions.length === 2);
console.log(`second hello resumed=${sessions[1].resumed} same name=${sessions[1].session === sessions[0].session}`);

// the restored registration is in place once the server answered the frames sent after hello
await bus.request({ op: 'prefetch', count: 5 });
publisher.publish({ skill: 'node.lost.b', payload: 'after' });
await until(() => payloads.length === 2);
console.log(`received ${payloads.join(',')}`);
bus.close();
publisher.close();
console.log('OK');
