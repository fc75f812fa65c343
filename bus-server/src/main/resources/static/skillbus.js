// skillbus.js: a client of bus-server's protocol v2 (skillbus.v2) for browsers and Node.
// One ES module, no dependencies, no build step; served by bus-server at /skillbus.js.
// The wire protocol is described in docs/protocol.md; this file implements its client side:
// hello and resume (with the resume secret), register/deregister, prefetch and acks by id,
// publish, replies and errors as promises, reconnect with backoff, resume without loss.

/** The websocket subprotocol that selects protocol v2. */
export const SUBPROTOCOL = 'skillbus.v2';

/** Close codes after which reconnecting would be wrong: another connection took the session over. */
const NO_RECONNECT = new Set([4001]);

/**
 * @typedef {object} SkillBusOptions
 * @property {string} [token] bus token (sent as `?access_token=`, since browsers cannot set headers)
 * @property {string} [session] session name (1-128 of `A-Z a-z 0-9 . _ : -`); without it the server picks one
 * @property {number} [prefetch=100] deliveries in flight unacknowledged; 0 streams without acks (at-most-once)
 * @property {number} [reconnectDelay=250] first delay before reconnecting, in ms; doubles up to `maxReconnectDelay`
 * @property {number} [maxReconnectDelay=10000] longest delay between reconnect attempts, in ms
 * @property {number} [maxOutbox=10000] packets published while disconnected that are kept for sending; older ones are dropped
 * @property {typeof WebSocket} [WebSocket] the WebSocket class; needed in Node before 22 (`import WebSocket from 'ws'`)
 */

/**
 * A delivered packet.
 *
 * @typedef {object} Packet
 * @property {number} id the delivery id (grows by one per session)
 * @property {string} skill the packet's skill
 * @property {any} data the whole packet, parsed (`{skill, payload, ...}` as published)
 * @property {Uint8Array} bytes the packet's bytes exactly as published
 */

/**
 * A reply from the server to a control frame (`{"op":"ok", ...}`).
 *
 * @typedef {Record<string, any>} Reply
 */

/**
 * @typedef {'idle'|'connecting'|'open'|'reconnecting'|'closed'} State
 */

/** A refusal by the server (`{"op":"error","code":...}`), or `disconnected` / `closed` from the client. */
export class SkillBusError extends Error {
  /**
   * @param {string} code the protocol's error code (docs/protocol.md, "Error codes")
   * @param {string} message
   */
  constructor(code, message) {
    super(`${code}: ${message}`);
    this.name = 'SkillBusError';
    /** @type {string} */
    this.code = code;
  }
}

/**
 * A connection to the skill bus that survives disconnects: it reconnects with backoff and
 * resumes its session, so deliveries unacknowledged when the connection broke come again and
 * nothing queued for it inside the server's resume window is lost. Handlers see each delivery
 * once, in order; a delivery is acknowledged after every `packet` handler has returned (or the
 * promise it returned has settled).
 *
 * ```js
 * import { SkillBus } from '/skillbus.js';
 * const bus = new SkillBus('ws://localhost:8081/ws', { token: 'secret', session: 'dashboard-1' });
 * bus.on('packet', (packet) => console.log(packet.skill, packet.data.payload));
 * await bus.connect();
 * await bus.register('sensors.#');
 * bus.publish({ skill: 'sensors.kitchen.temp', payload: { celsius: 21.5 } });
 * ```
 */
export class SkillBus {
  /**
   * @param {string} url the bus endpoint, e.g. `ws://localhost:8081/ws` (`wss://` behind TLS)
   * @param {SkillBusOptions} [options]
   */
  constructor(url, options = {}) {
    this.url = url;
    this.options = { prefetch: 100, reconnectDelay: 250, maxReconnectDelay: 10000, maxOutbox: 10000, ...options };
    /** @type {State} */
    this.state = 'idle';
    /** @type {string|undefined} the session's name, once the server confirmed it */
    this.session = options.session;
    /** How many times the session was resumed after a lost connection. */
    this.resumes = 0;
    /** @type {Set<string>} patterns registered, restored if the server lost the session */
    this.skills = new Set();
    this._secret = undefined;
    this._prefetch = this.options.prefetch;
    this._socket = null;
    this._ref = 0;
    /** @type {Map<number, {resolve: (reply: Reply) => void, reject: (error: Error) => void}>} */
    this._pending = new Map();
    /** @type {Map<string, Set<Function>>} */
    this._listeners = new Map();
    /** @type {Array<{frame: string|Uint8Array, ref?: number}>} frames waiting for the connection: control ops and packets */
    this._outbox = [];
    this._outboxPackets = 0;
    this._highestSeen = 0;
    this._handled = 0;
    this._acked = 0;
    this._ackTimer = null;
    this._chain = Promise.resolve();
    this._attempt = 0;
    this._reconnectTimer = null;
    this._ready = null;
  }

  /**
   * Listens to an event. `packet` (a {@link Packet}; may return a promise), `state` (the new
   * {@link State}), `error` (a {@link SkillBusError} not tied to a request, e.g. `bad-packet`),
   * `dropped` (`{count, total}`: the server dropped queued packets), `session` (the hello
   * reply: `{session, resumed}`).
   *
   * @param {'packet'|'state'|'error'|'dropped'|'session'} event
   * @param {(value: any) => any} listener
   * @returns {() => void} removes the listener
   */
  on(event, listener) {
    if (!this._listeners.has(event)) this._listeners.set(event, new Set());
    this._listeners.get(event).add(listener);
    return () => this._listeners.get(event).delete(listener);
  }

  /**
   * Opens the connection (and keeps it open until {@link close}).
   *
   * @returns {Promise<Reply>} the first `hello` reply: `{session, resumed, resumeWindowSeconds}`
   */
  connect() {
    if (this.state === 'idle' || this.state === 'closed') {
      this._ready = deferred();
      this._setState('connecting');
      this._open();
    }
    return this._ready.promise;
  }

  /**
   * Starts receiving packets matching `skill` (a pattern: `sensors.*`, `sensors.#`).
   *
   * @param {string} skill
   * @returns {Promise<Reply>} `{op: 'ok'}`, with `already: true` if it was registered
   */
  async register(skill) {
    const reply = await this.request({ op: 'register', skill });
    this.skills.add(skill);
    return reply;
  }

  /**
   * Stops receiving packets matching `skill`.
   *
   * @param {string} skill
   * @returns {Promise<Reply>}
   */
  async deregister(skill) {
    const reply = await this.request({ op: 'deregister', skill });
    this.skills.delete(skill);
    return reply;
  }

  /**
   * Sets the prefetch window: how many deliveries may be unacknowledged (0: stream, no acks).
   *
   * @param {number} count
   * @returns {Promise<Reply>}
   */
  async prefetch(count) {
    const reply = await this.request({ op: 'prefetch', count });
    this._prefetch = count;
    return reply;
  }

  /**
   * Publishes a packet. It is sent at once when connected, otherwise kept (up to `maxOutbox`)
   * and sent after the next `hello`. The server does not confirm publishes; a refused packet is
   * reported as an `error` event (`bad-packet`, `forbidden`).
   *
   * @param {{skill: string, [key: string]: any}|string|Uint8Array} packet an object (sent as
   * JSON), or its JSON text, or its UTF-8 bytes
   */
  publish(packet) {
    let bytes;
    if (packet instanceof Uint8Array) bytes = packet;
    else bytes = new TextEncoder().encode(typeof packet === 'string' ? packet : JSON.stringify(packet));
    if (this._sendable()) {
      this._socket.send(bytes);
      return;
    }
    this._outbox.push({ frame: bytes });
    if (++this._outboxPackets > this.options.maxOutbox) {
      this._outbox.splice(this._outbox.findIndex((entry) => entry.ref === undefined), 1);
      this._outboxPackets--;
    }
  }

  /**
   * Sends a control frame and resolves with the server's `ok` reply, or rejects with a
   * {@link SkillBusError} carrying the server's code. Sent when connected (queued until then);
   * rejects with code `disconnected` if the connection breaks before the reply.
   *
   * @param {{op: string, [key: string]: any}} frame
   * @returns {Promise<Reply>}
   */
  request(frame) {
    if (this.state === 'closed') return Promise.reject(new SkillBusError('closed', 'the client was closed'));
    const ref = ++this._ref;
    const reply = deferred();
    this._pending.set(ref, reply);
    const text = JSON.stringify({ ...frame, ref });
    if (this._sendable()) this._socket.send(text);
    else this._outbox.push({ frame: text, ref });
    return reply.promise;
  }

  /** Closes the connection for good: no reconnect; pending requests are rejected. */
  close() {
    this._setState('closed');
    clearTimeout(this._reconnectTimer);
    clearTimeout(this._ackTimer);
    if (this._socket) this._socket.close(1000, 'client closed');
    this._outbox = [];
    this._outboxPackets = 0;
    this._failPending('closed', 'the client was closed');
  }

  // --- the connection -------------------------------------------------------------------------

  _open() {
    const WebSocketClass = this.options.WebSocket || globalThis.WebSocket;
    if (!WebSocketClass) throw new Error('no WebSocket: pass options.WebSocket (npm ws) in Node before 22');
    let url = this.url;
    if (this.options.token) url += (url.includes('?') ? '&' : '?') + 'access_token=' + encodeURIComponent(this.options.token);
    const socket = new WebSocketClass(url, SUBPROTOCOL);
    socket.binaryType = 'arraybuffer';
    this._socket = socket;
    this._hello = false;
    socket.onopen = () => this._sendHello(socket);
    socket.onmessage = (event) => {
      if (socket !== this._socket) return;
      if (typeof event.data === 'string') this._onText(event.data);
      else this._onDelivery(new Uint8Array(event.data));
    };
    socket.onclose = (event) => this._onClose(socket, event.code);
    socket.onerror = () => {}; // a close event follows; it decides
  }

  _sendHello(socket) {
    const hello = { op: 'hello', ref: 0 };
    if (this.session) hello.session = this.session;
    if (this._secret) hello.secret = this._secret;
    socket.send(JSON.stringify(hello));
  }

  /** @param {Reply} reply */
  _onHello(reply) {
    const resumed = reply.resumed === true;
    const lostSession = !resumed && this._secret !== undefined;
    this.session = reply.session;
    if (reply.resumeSecret) this._secret = reply.resumeSecret;
    this._attempt = 0;
    this._hello = true;
    if (resumed) {
      this.resumes++;
    } else {
      // a new session numbers its deliveries from 1 again
      this._highestSeen = 0;
      this._handled = 0;
      this._acked = 0;
    }
    const restore = [];
    if (this._prefetch !== 1) restore.push(JSON.stringify({ op: 'prefetch', count: this._prefetch, ref: ++this._ref }));
    if (lostSession) {
      // the server forgot us (resume window passed, or it restarted): register again
      for (const skill of this.skills) restore.push(JSON.stringify({ op: 'register', skill, ref: ++this._ref }));
    }
    this._setState('open');
    for (const frame of restore) this._socket.send(frame);
    if (resumed) {
      // acks sent just before the break may be lost: acknowledge everything handled once more
      this._acked = 0;
      this._flushAcks();
    }
    const outbox = this._outbox;
    this._outbox = [];
    this._outboxPackets = 0;
    for (const entry of outbox) this._socket.send(entry.frame);
    this._emit('session', { session: this.session, resumed });
    if (this._ready) {
      this._ready.resolve(reply);
      this._ready = null;
    }
  }

  _onClose(socket, code) {
    if (socket !== this._socket) return;
    this._socket = null;
    clearTimeout(this._ackTimer);
    this._ackTimer = null;
    if (this.state === 'closed') return;
    this._failPending('disconnected', `connection closed (${code})`);
    if (NO_RECONNECT.has(code)) {
      this._emit('error', new SkillBusError('taken-over', 'another connection resumed this session'));
      this.close();
      return;
    }
    this._reconnectLater();
  }

  _reconnectLater() {
    this._setState('reconnecting');
    const base = Math.min(this.options.maxReconnectDelay, this.options.reconnectDelay * 2 ** this._attempt);
    this._attempt++;
    // jitter: many clients cut off at once must not come back at once
    const delay = base / 2 + Math.random() * base / 2;
    this._reconnectTimer = setTimeout(() => {
      if (this.state !== 'closed') this._open();
    }, delay);
  }

  /** Rejects the requests that were sent and not answered; those still in the outbox wait for the next connection. */
  _failPending(code, message) {
    const waiting = new Set(this._outbox.map((entry) => entry.ref).filter((ref) => ref !== undefined));
    for (const [ref, reply] of [...this._pending]) {
      if (!waiting.has(ref)) {
        this._pending.delete(ref);
        reply.reject(new SkillBusError(code, message));
      }
    }
  }

  // --- frames from the server -----------------------------------------------------------------

  /** @param {string} text */
  _onText(text) {
    let frame;
    try {
      frame = JSON.parse(text);
    } catch {
      return;
    }
    if (frame.op === 'dropped') {
      this._emit('dropped', { count: frame.count, total: frame.total });
      return;
    }
    if (frame.ref === 0 && !this._hello) {
      if (frame.op === 'ok') {
        this._onHello(frame);
      } else {
        // session-taken (the old session is still inside its window) or forbidden: try again later
        this._emit('error', new SkillBusError(frame.code, frame.message));
        if (this._socket) this._socket.close(1000, 'hello refused');
      }
      return;
    }
    const pending = frame.ref !== undefined ? this._pending.get(frame.ref) : undefined;
    if (pending) {
      this._pending.delete(frame.ref);
      if (frame.op === 'ok') pending.resolve(frame);
      else pending.reject(new SkillBusError(frame.code, frame.message));
    } else if (frame.op === 'error' && frame.ref === undefined) {
      this._emit('error', new SkillBusError(frame.code, frame.message));
    }
    // other replies answer the client's own acks and restores: nothing waits for them
  }

  /** @param {Uint8Array} frame 8-byte big-endian delivery id, then the packet */
  _onDelivery(frame) {
    const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
    const id = Number(view.getBigUint64(0));
    if (id <= this._highestSeen) {
      // re-sent after a resume, already handed to the listeners: acknowledged, never shown twice
      if (this._prefetch > 0) this._scheduleAck(true);
      return;
    }
    this._highestSeen = id;
    const bytes = frame.subarray(8);
    let data;
    try {
      data = JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      data = undefined;
    }
    /** @type {Packet} */
    const packet = { id, skill: data && data.skill, data, bytes };
    this._chain = this._chain.then(async () => {
      const listeners = this._listeners.get('packet');
      if (listeners) {
        const results = [];
        for (const listener of listeners) {
          try {
            results.push(listener(packet));
          } catch (error) {
            reportLater(error);
          }
        }
        await Promise.allSettled(results);
      }
      this._handled = Math.max(this._handled, id);
      if (this._prefetch > 0) this._scheduleAck(false);
    });
  }

  /**
   * Acknowledges handled deliveries with one `ack ... multiple` per half prefetch window, or
   * after 20 ms without more, so the window never runs dry and acks cost few frames.
   */
  _scheduleAck(now) {
    const batch = Math.max(1, Math.floor(this._prefetch / 2));
    if (now || this._handled - this._acked >= batch) {
      this._flushAcks();
    } else if (!this._ackTimer) {
      this._ackTimer = setTimeout(() => this._flushAcks(), 20);
    }
  }

  _flushAcks() {
    clearTimeout(this._ackTimer);
    this._ackTimer = null;
    if (this.state !== 'open' || this._handled <= this._acked) return;
    // an ack of deliveries the server already released is refused (unknown-delivery): harmless
    this._socket.send(JSON.stringify({ op: 'ack', id: this._handled, multiple: true, ref: ++this._ref }));
    this._acked = this._handled;
  }

  /** Open and not closing: a frame given to a closing socket would be lost without a word. */
  _sendable() {
    return this.state === 'open' && this._socket !== null && this._socket.readyState === 1;
  }

  _setState(state) {
    if (this.state !== state) {
      this.state = state;
      this._emit('state', state);
    }
  }

  _emit(event, value) {
    const listeners = this._listeners.get(event);
    if (!listeners) return;
    for (const listener of listeners) {
      try {
        listener(value);
      } catch (error) {
        reportLater(error);
      }
    }
  }
}

function deferred() {
  let resolve;
  let reject;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A listener's exception must not break the client: report it the way an uncaught one would be. */
function reportLater(error) {
  setTimeout(() => {
    throw error;
  });
}
