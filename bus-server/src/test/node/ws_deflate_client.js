// Against a bus-server with skillbus.compression.enabled=true: npm "ws" (which offers and
// inflates permessage-deflate by default, and compresses its own frames from 1 KiB) subscribes
// with v2 and v1, publishes a large and a small packet, and checks that both subscribers get
// every byte unchanged: the large packet arrives as the bus's shared compressed frame (a v2
// frame's delivery id in a stored block in front), the small one uncompressed.
// Prints one line per checked step; exits non-zero on any mismatch. Usage: node ws_deflate_client.js <port>
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

function nextBinary(socket, skip) {
  return new Promise((resolve) => {
    const handler = (data, isBinary) => {
      if (isBinary && !(skip && skip(data))) {
        socket.off('message', handler);
        resolve(data);
      }
    };
    socket.on('message', handler);
  });
}

function nextText(socket) {
  return new Promise((resolve) => socket.once('message', (data) => resolve(JSON.parse(data.toString('utf8')))));
}

function readings(skill, count) {
  const values = [];
  for (let i = 0; i < count; i++) {
    values.push({ sensor: `kitchen-${i % 7}`, celsius: 20 + (i % 5) + 0.5, time: `2026-11-30T06:49:${10 + (i % 50)}Z` });
  }
  return Buffer.from(JSON.stringify({ skill, payload: values }), 'utf8');
}

async function main() {
  const v2 = await open(['skillbus.v2']);
  console.log(`v2 extensions=${v2.extensions || 'none'}`);
  // ws reports the names only; the parameters (server_no_context_takeover) are checked by SharedDeflateTests
  if (v2.extensions !== 'permessage-deflate') fail(`deflate not negotiated: ${v2.extensions}`);
  const registered = nextText(v2);
  v2.send(JSON.stringify({ op: 'register', skill: 'node.deflate' }));
  if ((await registered).op !== 'ok') fail('v2 register refused');
  const untracked = nextText(v2);
  v2.send(JSON.stringify({ op: 'prefetch', count: 0 }));
  if ((await untracked).op !== 'ok') fail('v2 prefetch refused');

  const v1 = await open();
  v1.send(JSON.stringify({ register: 'node.deflate' }));
  v1.send(JSON.stringify({ fastpush: true }));
  // v1 sends no replies: a v2 round trip on the publisher's connection is not ordered with the
  // v1 socket either, so publish a small packet until the v1 subscriber sees one
  const publisher = await open();
  const warm = Buffer.from(JSON.stringify({ skill: 'node.deflate', payload: 'warm-up' }), 'utf8');
  const warmed = nextBinary(v1);
  const warming = setInterval(() => publisher.send(warm, { binary: true }), 100);
  await warmed;
  clearInterval(warming);
  const isWarmUp = (data) => data.subarray(data.length - warm.length).equals(warm);

  for (const [name, packet] of [['large', readings('node.deflate', 60)], ['small', Buffer.from(JSON.stringify({ skill: 'node.deflate', payload: 'p' }))]]) {
    const toV2 = nextBinary(v2, isWarmUp);
    const toV1 = nextBinary(v1, isWarmUp);
    publisher.send(packet, { binary: true });
    const delivery = await toV2;
    if (!delivery.subarray(8).equals(packet)) fail(`v2 ${name} delivery is not the published ${packet.length} bytes`);
    if (!(await toV1).equals(packet)) fail(`v1 ${name} delivery is not the published ${packet.length} bytes`);
    console.log(`${name} packet bytes=${packet.length} unchanged to v2 (id=${delivery.readBigUInt64BE(0) > 0n}) and v1`);
  }

  v2.close();
  v1.close();
  publisher.close();
  console.log('OK');
}

main().catch((error) => fail(error.stack || String(error)));
