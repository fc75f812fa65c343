// Plays a third-party client against a running bus-server with the npm "ws" package:
// a v2 subscriber (hello, register, prefetch, ack by id) and a v1 publisher, then a v1
// subscriber in pull mode. Prints one line per checked step; exits non-zero on any mismatch.
// Usage: node ws_client.js <port>
const WebSocket = require('ws');

const port = process.argv[2];
const url = `ws://localhost:${port}/ws`;

function fail(message) {
  console.error(`FAIL ${message}`);
  process.exit(1);
}

setTimeout(() => fail('timed out'), 15000).unref();

function open(protocols) {
  return new Promise((resolve, reject) => {
    const socket = protocols ? new WebSocket(url, protocols) : new WebSocket(url);
    socket.binaryType = 'nodebuffer';
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

function next(socket, wantBinary) {
  return new Promise((resolve) => {
    const handler = (data, isBinary) => {
      if (isBinary === wantBinary) {
        socket.off('message', handler);
        resolve(data);
      }
    };
    socket.on('message', handler);
  });
}

async function request(socket, frame) {
  const reply = next(socket, false);
  socket.send(JSON.stringify(frame));
  const parsed = JSON.parse((await reply).toString('utf8'));
  if (parsed.op !== 'ok' || parsed.ref !== frame.ref) {
    fail(`reply to ${JSON.stringify(frame)} was ${JSON.stringify(parsed)}`);
  }
  return parsed;
}

async function main() {
  const v2 = await open(['skillbus.v2']);
  if (v2.protocol !== 'skillbus.v2') fail(`negotiated "${v2.protocol}"`);
  // ws offers permessage-deflate by default, as browsers do: show what the server answered
  console.log(`v2 extensions=${v2.extensions || 'none'}`);
  const hello = await request(v2, { op: 'hello', session: `node-ws-client-${process.pid}`, ref: 1 });
  console.log(`v2 hello session=${hello.session} resumed=${hello.resumed}`);
  await request(v2, { op: 'register', skill: 'node.sensors.*', ref: 2 });
  await request(v2, { op: 'prefetch', count: 10, ref: 3 });

  const publisher = await open();
  const packet = Buffer.from(JSON.stringify({ skill: 'node.sensors.kitchen', payload: { celsius: 21.5 } }), 'utf8');
  const delivered = next(v2, true);
  publisher.send(packet, { binary: true });
  const delivery = await delivered;
  const id = delivery.readBigUInt64BE(0);
  if (!delivery.subarray(8).equals(packet)) fail('v2 delivery is not the published bytes');
  console.log(`v2 delivery id=${id} bytes=${delivery.length - 8} unchanged`);
  const ack = await request(v2, { op: 'ack', id: Number(id), ref: 4 });
  console.log(`v2 ack released=${ack.released}`);

  const v1 = await open();
  const pulled = next(v1, true);
  const second = Buffer.from(JSON.stringify({ skill: 'node.pull', payload: 'p1' }), 'utf8');
  // one connection's frames are handled in order, and a publisher receives its own packet
  // when registered: register, pull with ack, publish, all on the v1 socket
  v1.send(JSON.stringify({ register: 'node.pull' }));
  v1.send(JSON.stringify({ ack: '' }));
  v1.send(second, { binary: true });
  if (!(await pulled).equals(second)) fail('v1 pull delivery is not the published bytes');
  console.log('v1 pull delivery unchanged');

  v2.close();
  v1.close();
  publisher.close();
  console.log('OK');
}

main().catch((error) => fail(error.stack || String(error)));
