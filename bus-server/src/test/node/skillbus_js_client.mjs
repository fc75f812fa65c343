// Drives bus-server with skillbus.js (the file it serves at /skillbus.js) under Node and the npm
// "ws" package: replies and refusals as promises, publish and receive, prefetch with acks,
// deregister. Prints one line per checked step; exits non-zero on any mismatch.
// Usage: node skillbus_js_client.mjs <port>
import WebSocket from 'ws';
import { SkillBus, SkillBusError } from '../../main/resources/static/skillbus.js';

const port = process.argv[2];

function fail(message) {
  console.error(`FAIL ${message}`);
  process.exit(1);
}

setTimeout(() => fail('timed out'), 15000).unref();

async function refused(promise) {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof SkillBusError)) fail(`not a SkillBusError: ${error}`);
    return error.code;
  }
  fail('the request was not refused');
}

const bus = new SkillBus(`ws://localhost:${port}/ws`, { WebSocket, session: `node-skillbus-js-${process.pid}`, prefetch: 10 });
const received = [];
bus.on('packet', (packet) => received.push(packet));
const errors = [];
bus.on('error', (error) => errors.push(error.code));

const hello = await bus.connect();
console.log(`hello session=${hello.session} resumed=${hello.resumed} secret=${typeof hello.resumeSecret}`);
const registered = await bus.register('node.js.*');
console.log(`register op=${registered.op}`);
console.log(`register again already=${(await bus.register('node.js.*')).already}`);
console.log(`register a..b refused=${await refused(bus.register('a..b'))}`);

for (let n = 0; n < 25; n++) bus.publish({ skill: 'node.js.counter', payload: n });
await new Promise((resolve) => {
  const check = setInterval(() => {
    if (received.length >= 25) {
      clearInterval(check);
      resolve();
    }
  }, 10);
});
const inOrder = received.every((packet, i) => packet.data.payload === i && packet.id === i + 1 && packet.skill === 'node.js.counter');
console.log(`received ${received.length} in order=${inOrder}`);

bus.publish('{"payload": "no skill"}');
await new Promise((resolve) => setTimeout(resolve, 200));
console.log(`bad packet error=${errors.join(',')}`);

await bus.deregister('node.js.*');
console.log(`deregister again refused=${await refused(bus.deregister('node.js.*'))}`);
bus.close();
console.log(`after close refused=${await refused(bus.register('x'))}`);
console.log('OK');
