/**
 * The signaling connection: one WebSocket speaking JSON, the login, and the
 * resume of a dropped session. No DOM. The app hears from it through the
 * `on…` callbacks and talks to it with connect(), login(), send() and logout().
 * @module signaling
 */
import * as protocol from './protocol.js';

const BACKOFF_START_MS = 250;
const BACKOFF_CAP_MS = 5000;
const MAX_QUEUED = 100; // well under the server's burst of 200
const LOGIN_REF = 'login';

/** @typedef {'offline'|'connecting'|'online'|'reconnecting'} ConnectionState */
/**
 * Why a session is over: `expired` (still reconnecting, but past the server's
 * grace), `refused` (the resume fell back to a plain login that was refused),
 * `closed` (the socket closed for good, or never reached a login),
 * `taken-over` (close 4001: another connection took our session).
 * @typedef {'expired'|'refused'|'closed'|'taken-over'} LostReason
 */

export class Signaling {
  /** @type {(state: ConnectionState) => void} */
  onstate = () => {};
  /** @type {(welcome: import('./protocol.js').Welcome, resumed: boolean) => void} */
  onwelcome = () => {};
  /** @type {(message: import('./protocol.js').ServerMessage) => void} every message but welcome and login errors */
  onmessage = () => {};
  /** @type {(code: string, message: string) => void} our login was refused; the socket stays open for another try */
  onrefused = () => {};
  /** @type {(reason: LostReason) => void} */
  onlost = () => {};

  #url;
  #ws = null;
  #state = 'offline';
  #name = null;
  #selfId = null; // set once logged in; kept while we try to get the session back
  #token = null;
  #graceMs = 15000;
  #awaitingWelcome = false;
  #queue = []; // sent while the socket is down, flushed if the session resumes
  #attempts = 0; // reconnections since the drop; 0 while connected
  #reopenedForLogin = false; // the login met the close of a socket left idle past the server's login deadline
  #retryTimer = 0;
  #graceTimer = 0;

  #callable;

  /**
   * @param {string} url ws: or wss: URL of /signal
   * @param {boolean} callable false when this page cannot take calls: the server tells the others
   */
  constructor(url, callable = true) {
    this.#url = url;
    this.#callable = callable;
  }

  get state() {
    return this.#state;
  }

  /** Opens the socket ahead of the login, so that logging in takes one round trip. */
  connect() {
    if (!this.#ws) this.#open();
  }

  /** Logs in as `name`, opening the socket if needed. */
  login(name) {
    if (this.#selfId || this.#awaitingWelcome) return;
    this.#name = name;
    this.#awaitingWelcome = true;
    if (this.#ws?.readyState === WebSocket.OPEN) this.#write(protocol.login(name, LOGIN_REF, this.#callable));
    else if (!this.#ws) this.#open();
  }

  /**
   * Sends a message of the logged-in user. While the socket is being
   * resumed it waits in a queue; it is dropped if the session is lost.
   * @returns {boolean} whether it was sent or queued
   */
  send(message) {
    if (this.#state === 'online') return this.#write(message);
    if (this.#token && this.#queue.length < MAX_QUEUED) {
      this.#queue.push(message);
      return true;
    }
    return false;
  }

  /** Leaves for good: the server frees the name at once and ends our calls. */
  logout() {
    const ws = this.#ws;
    if (ws?.readyState === WebSocket.OPEN && this.#selfId) this.#write(protocol.logout());
    this.#forget();
    ws?.close(protocol.Close.NORMAL);
    this.#setState('offline');
  }

  /** Test hook: closes the socket as a network drop would, so the session must resume. */
  drop() {
    const ws = this.#ws;
    if (!ws) return;
    ws.close(protocol.Close.TEST_DROP, 'test');
    this.#closed(protocol.Close.TEST_DROP);
  }

  #open() {
    const ws = new WebSocket(this.#url);
    this.#ws = ws;
    this.#setState(this.#selfId ? 'reconnecting' : 'connecting');
    ws.onopen = () => ws === this.#ws && this.#hello();
    ws.onmessage = (event) => ws === this.#ws && this.#receive(event.data);
    // Handlers of a socket we already gave up on (drop, logout) must stay quiet.
    ws.onclose = (event) => ws === this.#ws && this.#closed(event.code);
  }

  #hello() {
    if (!this.#token && !this.#awaitingWelcome) return; // opened ahead of the login
    this.#awaitingWelcome = true;
    this.#write(this.#token
      ? protocol.resume(this.#token, this.#name, LOGIN_REF, this.#callable)
      : protocol.login(this.#name, LOGIN_REF, this.#callable));
  }

  #receive(text) {
    let message;
    try {
      message = JSON.parse(text);
    } catch {
      return; // the server speaks JSON; anything else is noise
    }
    if (message.type === 'welcome') this.#welcome(message);
    else if (message.type === 'error' && message.ref === LOGIN_REF) this.#refused(message);
    else this.onmessage(message);
  }

  #welcome(welcome) {
    const resumed = welcome.self.id === this.#selfId;
    const queued = resumed ? this.#queue : [];
    this.#selfId = welcome.self.id;
    this.#name = welcome.self.name;
    this.#token = welcome.resume;
    this.#graceMs = (welcome.limits?.resumeSeconds ?? 15) * 1000;
    this.#awaitingWelcome = false;
    this.#reopenedForLogin = false;
    this.#queue = [];
    this.#attempts = 0;
    clearTimeout(this.#graceTimer);
    this.#setState('online');
    // What the page said while away goes out before it reacts to the restated calls.
    for (const message of queued) this.#write(message);
    this.onwelcome(welcome, resumed);
  }

  #refused({ code, message }) {
    if (code === 'already-logged-in') return; // cannot happen with one login per socket
    this.#awaitingWelcome = false;
    const hadSession = this.#selfId !== null;
    this.#forgetSession();
    this.#setState('connecting'); // open, not logged in
    if (hadSession) this.onlost('refused');
    this.onrefused(code, message);
  }

  #closed(code) {
    this.#ws = null;
    // A socket opened ahead of the login and left idle is closed by the server after 10 s (1008);
    // a login sent just then is lost with it. Open a fresh socket for it, once.
    if (!this.#selfId && this.#awaitingWelcome && code === protocol.Close.POLICY && !this.#reopenedForLogin) {
      this.#reopenedForLogin = true;
      this.#open();
      return;
    }
    // 1000 follows a logout, 1008 punishes a flood, 4001 means another
    // connection holds our session now: coming back on our own would be wrong.
    const final = code === protocol.Close.NORMAL || code === protocol.Close.POLICY
      || code === protocol.Close.TAKEN_OVER;
    if (this.#selfId && !final) {
      this.#retry();
      return;
    }
    const cared = this.#selfId !== null || this.#awaitingWelcome;
    this.#forget();
    this.#setState('offline');
    if (cared) this.onlost(code === protocol.Close.TAKEN_OVER ? 'taken-over' : 'closed');
  }

  /** Reconnects with exponential backoff and jitter; the session lives on for the server's grace. */
  #retry() {
    if (this.#attempts === 0) this.#graceTimer = setTimeout(() => this.#expire(), this.#graceMs);
    const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_START_MS * 2 ** this.#attempts++);
    const delay = ceiling / 2 + Math.random() * ceiling / 2;
    this.#retryTimer = setTimeout(() => this.#open(), delay);
    this.#setState('reconnecting');
  }

  /**
   * Past the grace the server has most likely ended our calls. We keep trying
   * with the token: a void token is taken as a plain login with our name, and
   * a server that noticed the drop later than we did may still resume us.
   */
  #expire() {
    this.#queue = [];
    this.onlost('expired');
  }

  #forgetSession() {
    this.#selfId = null;
    this.#token = null;
    this.#queue = [];
    clearTimeout(this.#graceTimer);
  }

  #forget() {
    this.#forgetSession();
    clearTimeout(this.#retryTimer);
    this.#ws = null;
    this.#awaitingWelcome = false;
    this.#attempts = 0;
  }

  #write(message) {
    if (this.#ws?.readyState !== WebSocket.OPEN) return false;
    this.#ws.send(JSON.stringify(message));
    return true;
  }

  #setState(state) {
    if (state === this.#state) return;
    this.#state = state;
    this.onstate(state);
  }
}
