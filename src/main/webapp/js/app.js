/**
 * The page's call state machine. It wires the signaling connection, the peer
 * connection, the camera and the view; none of those know each other.
 *
 *   idle ─click Call─▶ calling ─accepted─▶ connecting ⇄ in-call
 *   idle ─incoming──▶ incoming ─Accept, accepted─▶ connecting
 *   any call state ─ended, hang up, session lost, error─▶ idle, with a notice
 *
 * `in-call` mirrors RTCPeerConnection.connectionState === 'connected'.
 * @module app
 */
import * as protocol from './protocol.js';
import { Signaling } from './signaling.js';
import { Call } from './call.js';
import * as media from './media.js';
import * as view from './view.js';

/** @typedef {import('./protocol.js').User} User */

/**
 * One call from the click (or the ring) to its end; at most one at a time.
 * @typedef {object} Attempt
 * @property {string} ref tags our requests about this call, so that late answers about an older one are told apart
 * @property {string|null} id the server's call id, once known
 * @property {'caller'|'callee'} role
 * @property {'calling'|'incoming'|'connecting'|'in-call'} phase
 * @property {User} peer
 * @property {boolean} accepting the camera opens for an accepted incoming call
 * @property {MediaStream|null} stream what we send: the microphone and the camera or the screen
 * @property {MediaStreamTrack|null} camera
 * @property {MediaStreamTrack|null} screen
 * @property {Call|null} call
 * @property {boolean} muted
 * @property {boolean} cameraOff
 * @property {import('./protocol.js').MediaFlags|null} peerMedia
 * @property {'reconnecting'|'connected'|null} peerLink
 */

const signaling = new Signaling(signalingUrl());
/** @type {{self: {id: string, name: string}, iceServers: RTCIceServer[]}|null} */
let session = null;
/** @type {Map<string, User>} everyone else online, from welcome and presence */
const users = new Map();
/** @type {Attempt|null} */
let current = null;
let attempts = 0;
/** Calls ended here: after a resume the server may restate them as ringing in. */
const finished = new Set();
/** Tags what we send about calls the page has let go of; errors about those do not matter. */
const DISOWN_REF = 'disown';

/** `signal` next to the page, so that any context root works. */
function signalingUrl() {
  const url = new URL('signal', location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

const isLive = (c) => c.phase === 'connecting' || c.phase === 'in-call';
const isCurrent = (message) => current !== null && current.id === message.call;

function render() {
  view.showCall(current);
  view.showUsers(users.values(), current === null);
}

function begin(role, peer, id = null) {
  current = {
    ref: `call-${++attempts}`, id, role, phase: role === 'caller' ? 'calling' : 'incoming', peer,
    accepting: false, stream: null, camera: null, screen: null, call: null,
    muted: false, cameraOff: false, peerMedia: null, peerLink: null,
  };
  view.clearChat();
  render();
  return current;
}

/** The one way out of a call, whatever ended it: all capture stops and the page is idle again. */
function end(reason, text) {
  const c = current;
  if (!c) return;
  current = null;
  if (c.id) finished.add(c.id);
  c.call?.close();
  media.stopAll();
  view.showLocalVideo(null);
  view.showRemoteVideo(null);
  render();
  view.showNotice(text ?? endText(reason, c), reason);
}

function endText(reason, { role, peer }) {
  const caller = role === 'caller';
  switch (reason) {
    case 'busy': return `${peer.name} is busy`;
    case 'rejected': return caller ? `${peer.name} declined the call` : 'Call declined';
    case 'cancelled': return caller ? 'Call cancelled' : `Missed call from ${peer.name}`;
    case 'timeout': return caller ? `${peer.name} didn't answer` : `Missed call from ${peer.name}`;
    case 'hangup': return 'Call ended';
    case 'disconnected': return `Call ended: ${peer.name} lost the connection`;
    case 'connection-lost': return 'Call ended: the connection to the server was lost';
    case 'no-such-user': return `${peer.name} is no longer online`;
    default: return `Call ended (${reason})`;
  }
}

// ---- What the person does ----

async function placeCall(userId) {
  const peer = users.get(userId);
  if (current || !peer) return;
  const c = begin('caller', peer);
  if (!(await openCamera(c))) return;
  signaling.send(protocol.invite(peer.id, c.ref));
  prepare(c);
}

async function acceptCall() {
  const c = current;
  if (c?.phase !== 'incoming' || c.accepting) return;
  c.accepting = true;
  render();
  if (!(await openCamera(c))) return;
  signaling.send(protocol.accept(c.id, c.ref)); // the offer cannot arrive before prepare(): both run in this one task
  prepare(c);
}

/**
 * Opens the camera and microphone for c. If that fails the call ends with
 * the reason (a callee declines it first). False also when c ended meanwhile.
 */
async function openCamera(c) {
  let stream;
  try {
    stream = await media.openCamera();
  } catch (err) {
    if (current !== c) return false;
    if (c.role === 'callee') signaling.send(protocol.reject(c.id, c.ref));
    end(err.reason, err.message);
    return false;
  }
  if (current !== c) {
    for (const track of stream.getTracks()) track.stop();
    return false;
  }
  c.stream = stream;
  [c.camera] = stream.getVideoTracks();
  view.showLocalVideo(stream);
  return true;
}

/** Builds the peer connection while the call rings; it says nothing until accepted. */
function prepare(c) {
  const call = new Call(session.iceServers, c.stream, c.role === 'callee'); // PROTOCOL.md: the callee is polite
  call.onsignal = (data) => signaling.send(protocol.signal(c.id, c.peer.id, data, c.ref));
  call.ontrack = (stream) => view.showRemoteVideo(stream);
  call.onstatechange = (state) => {
    if (current !== c || !isLive(c)) return;
    c.phase = state === 'connected' ? 'in-call' : 'connecting';
    render();
  };
  c.call = call;
}

function cancelCall() {
  const c = current;
  if (c?.phase !== 'calling') return;
  // Without an id the invite is still in flight: its `calling` gets the hangup.
  if (c.id) signaling.send(protocol.hangup(c.id, c.ref));
  end('cancelled');
}

function rejectCall() {
  const c = current;
  if (c?.phase !== 'incoming') return;
  signaling.send(protocol.reject(c.id, c.ref));
  end('rejected');
}

function hangUp() {
  const c = current;
  if (!c || !isLive(c)) return;
  signaling.send(protocol.hangup(c.id, c.ref));
  end('hangup');
}

function toggleMute() {
  const c = current;
  if (!c?.stream) return;
  c.muted = !c.muted;
  for (const track of c.stream.getAudioTracks()) track.enabled = !c.muted;
  mediaChanged(c);
}

function toggleCamera() {
  const c = current;
  if (!c?.camera) return;
  c.cameraOff = !c.cameraOff;
  c.camera.enabled = !c.cameraOff;
  mediaChanged(c);
}

async function toggleScreen() {
  const c = current;
  if (!c?.call || !isLive(c)) return;
  if (c.screen) {
    await stopSharing(c);
    return;
  }
  let screen;
  try {
    screen = await media.openScreen();
  } catch (err) {
    // Mostly the person closing the picker: nothing to tell them.
    if (current === c && err.reason !== 'camera-blocked') view.showNotice(err.message, err.reason);
    return;
  }
  if (current !== c || c.screen) {
    screen.stop();
    return;
  }
  c.screen = screen;
  screen.addEventListener('ended', () => stopSharing(c)); // the browser's own "Stop sharing"
  showSent(c, c.camera, screen);
  await c.call.replaceVideo(screen);
  mediaChanged(c);
}

async function stopSharing(c) {
  const screen = c.screen;
  if (current !== c || !screen) return;
  c.screen = null;
  showSent(c, screen, c.camera);
  await c.call.replaceVideo(c.camera);
  screen.stop();
  mediaChanged(c);
}

/** The local video holds exactly the tracks we send. */
function showSent(c, before, after) {
  c.stream.removeTrack(before);
  c.stream.addTrack(after);
}

function mediaChanged(c) {
  if (current !== c) return;
  sendMediaFlags(c);
  render();
}

function sendMediaFlags(c) {
  if (!isLive(c)) return;
  const flags = { audio: !c.muted, video: !c.cameraOff, screen: c.screen !== null };
  signaling.send(protocol.media(c.id, flags, c.ref));
}

function sendChat(text) {
  const c = current;
  if (!c || !isLive(c) || !text.trim()) return false;
  return signaling.send(protocol.chat(c.id, text, c.ref)); // shown when the server echoes it
}

const LOGIN_ERRORS = {
  'name-taken': 'That name is taken right now. Please pick another.',
  'invalid-name': 'Use 1 to 32 letters, digits, spaces, dots, dashes or underscores.',
  'rate-limited': 'Too many attempts. Wait a moment, then try again.',
};

function logIn(name) {
  view.showLoginError(null);
  signaling.login(name);
}

function signOut() {
  end('hangup', 'Signed out');
  signaling.logout();
  forgetSession();
  signaling.connect(); // ready for the next login
}

function forgetSession() {
  session = null;
  users.clear();
  view.showSelf(null);
  render();
}

// ---- What the server says ----

/**
 * A call the server has us in but the page has let go of (cancelled before
 * its id came, or ended here while the socket was down): end it there too.
 */
function disown(callId) {
  signaling.send(protocol.hangup(callId, DISOWN_REF));
}

const handlers = {
  presence({ users: changes }) {
    for (const user of changes) {
      if (user.state === 'offline') users.delete(user.id);
      else users.set(user.id, user);
    }
    view.showUsers(users.values(), current === null);
  },

  calling(m) {
    const c = current;
    if (c?.id === m.call) return; // restated after a resume
    const ours = m.ref ? m.ref === c?.ref : m.to.id === c?.peer.id;
    if (c?.phase === 'calling' && !c.id && ours) {
      c.id = m.call;
      c.peer = m.to;
      render();
    } else {
      disown(m.call); // cancelled before we learnt its id
    }
  },

  incoming(m) {
    if (current?.id === m.call) return; // restated after a resume
    if (current || finished.has(m.call)) {
      // Busy with a call of our own, or ended here while the socket was down.
      signaling.send(protocol.reject(m.call, DISOWN_REF));
      return;
    }
    begin('callee', m.from, m.call);
  },

  accepted(m) {
    const c = current;
    if (c?.id !== m.call || !c.call) {
      disown(m.call);
      return;
    }
    if (isLive(c)) return; // restated after a resume: the peer connection carries on untouched
    c.peer = m.peer;
    c.phase = 'connecting';
    c.call.open(m.polite);
    sendMediaFlags(c);
    render();
  },

  ended(m) {
    if (isCurrent(m)) end(m.reason);
  },

  signal(m) {
    if (isCurrent(m)) current.call?.receive(m.data);
  },

  chat(m) {
    if (isCurrent(m)) view.addChat(m, m.from === session?.self.id);
  },

  media(m) {
    if (!isCurrent(m)) return;
    current.peerMedia = { audio: m.audio, video: m.video, screen: m.screen };
    render();
  },

  peer(m) {
    if (!isCurrent(m)) return;
    current.peerLink = m.state;
    render();
  },

  error(m) {
    if (m.ref === DISOWN_REF) return;
    if (m.ref?.startsWith('call-')) {
      const c = current;
      if (c?.ref !== m.ref) return; // about a call already over
      // A refused invite, or a call the server no longer knows: either way it is over.
      if (!c.id || m.code === 'no-such-call') {
        end(m.code);
        return;
      }
    }
    view.showNotice(m.message || m.code, m.code);
  },
};

const LOST_TEXT = {
  expired: 'Lost the connection to the server. Still trying…',
  refused: 'Lost the connection to the server, and your name was taken meanwhile. Please sign in again.',
  closed: 'Lost the connection to the server.',
  'taken-over': 'You signed in again from another tab or window.',
};

signaling.onstate = (state) => view.showConnection(state);

signaling.onmessage = (message) => handlers[message.type]?.(message);

signaling.onwelcome = (welcome, resumed) => {
  if (!resumed) {
    // A fresh session: the server forgot our calls, and may hand out their ids again.
    end('connection-lost');
    finished.clear();
  }
  session = { self: welcome.self, iceServers: welcome.iceServers ?? [] };
  users.clear();
  for (const user of welcome.users) users.set(user.id, user);
  view.showLoginError(null);
  view.showSelf(session.self);
  render();
};

signaling.onrefused = (code, message) => view.showLoginError(LOGIN_ERRORS[code] ?? message ?? code);

signaling.onlost = (reason) => {
  const text = LOST_TEXT[reason];
  if (current) end('connection-lost', text);
  else view.showNotice(text, 'connection-lost');
  if (reason !== 'expired') forgetSession(); // when expired we still try, as a fresh login
};

// Leaving the page frees the name at once; only a lost network resumes.
addEventListener('pagehide', () => {
  signaling.logout();
  current?.call?.close();
  media.stopAll();
});
addEventListener('pageshow', (event) => event.persisted && location.reload());

view.bind({
  login: logIn, call: placeCall, cancel: cancelCall, accept: acceptCall, reject: rejectCall,
  hangup: hangUp, mute: toggleMute, camera: toggleCamera, screen: toggleScreen, chat: sendChat,
  logout: signOut,
});
view.showConnection(signaling.state);
render();
signaling.connect();

/** Hooks for browser tests. */
window.facecall = {
  /** Closes the socket as a network drop would (code 4000): the page must resume. */
  dropSignaling: () => signaling.drop(),
  pc: () => current?.call?.pc ?? null,
  localTracks: () => media.allTracks(),
};
