/**
 * The page's call state machine. It wires the signaling connection, the peer
 * connection, the camera, the devices, the ringing and the view; none of
 * those know each other.
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
import { QualityMeter } from './quality.js';
import * as media from './media.js';
import * as devices from './devices.js';
import * as ringing from './ringing.js';
import * as strings from './strings.js';
import * as view from './view.js';

const { t } = strings;

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
 * @property {Promise<object>|null} opening the callee's camera, opening since the call began to ring
 * @property {object|null} acceptedEarly an `accepted` that came while the caller's camera was still opening
 * @property {MediaStream|null} stream what we send: the microphone and the camera or the screen
 * @property {MediaStreamTrack|null} camera null for an audio-only call
 * @property {MediaStreamTrack|null} screen
 * @property {Call|null} call
 * @property {boolean} muted
 * @property {boolean} cameraOff
 * @property {boolean} canFlip
 * @property {number|null} connectedAt performance.now() when it first connected, for the timer
 * @property {import('./protocol.js').MediaFlags|null} peerMedia
 * @property {'reconnecting'|'connected'|null} peerLink
 */

const signaling = new Signaling(signalingUrl(), media.available());
/** @type {{self: {id: string, name: string}, rtc: RTCConfiguration}|null} */
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
/** @type {import('./devices.js').DeviceList} */
let deviceList = { camera: [], mic: [], speaker: [] };
let clockTimer = 0;
let playing = null; // the tone playing now
/** The last notice as words to look up again when the language changes. */
let lastNotice = null;
let loginErrorKey = null;

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
  ring();
}

/** Tones and title follow the call's phase. */
function ring() {
  const tone = { calling: 'ringback', incoming: 'ringtone' }[current?.phase] ?? null;
  if (tone !== playing) {
    playing = tone;
    ringing.play(tone);
  }
  ringing.ringIn(current?.phase === 'incoming' ? current.peer.name : null);
}

/**
 * Shows a notice in the current language. `key` names a text of the string
 * table; `text` (a server's message) is shown as it is where there is none.
 */
function notify(reason, key, params = {}, link = null) {
  lastNotice = { key, params, link };
  view.showNotice(noticeText(lastNotice), reason, noticeLink(link));
}

const noticeText = ({ key, params }) => (key ? t(key, params) : params.text);
const noticeLink = (link) => (link ? { href: link.href, text: t(link.key) } : undefined);

function begin(role, peer, id = null) {
  current = {
    ref: `call-${++attempts}`, id, role, phase: role === 'caller' ? 'calling' : 'incoming', peer,
    accepting: false, opening: null, acceptedEarly: null, stream: null, camera: null, screen: null, call: null,
    muted: false, cameraOff: false, canFlip: false, connectedAt: null, peerMedia: null, peerLink: null,
  };
  view.clearChat();
  render();
  return current;
}

/** The one way out of a call, whatever ended it: all capture stops and the page is idle again. */
function end(reason, key, params) {
  const c = current;
  if (!c) return;
  current = null;
  if (c.id) finished.add(c.id);
  c.call?.close();
  clearInterval(clockTimer);
  media.stopAll();
  view.showLocalVideo(null);
  view.showRemoteVideo(null);
  render();
  if (key) notify(reason, key, params);
  else notify(reason, ...endText(reason, c));
}

/** @returns {[string, object]} the string key and its params */
function endText(reason, { role, peer }) {
  const caller = role === 'caller';
  const name = { name: peer.name };
  switch (reason) {
    case 'busy': return ['end.busy', name];
    case 'rejected': return [caller ? 'end.rejected-caller' : 'end.rejected-callee', name];
    case 'cancelled': return [caller ? 'end.cancelled-caller' : 'end.missed', name];
    case 'timeout': return [caller ? 'end.timeout-caller' : 'end.missed', name];
    case 'hangup': return ['end.hangup', name];
    case 'disconnected': return ['end.disconnected', name];
    case 'connection-lost': return ['end.connection-lost', name];
    case 'no-such-user': return ['end.no-such-user', name];
    case 'media': return [caller ? 'end.media-caller' : 'end.media-callee', name];
    default: return ['end.other', { reason }];
  }
}

// ---- What the person does ----

/**
 * Where the camera and microphone were allowed before, the browser will not ask again: the call
 * rings while they open (docs/performance.md). Otherwise nobody rings before the person has
 * answered the browser's question, so that a refusal rings nobody.
 */
async function placeCall(userId) {
  const peer = users.get(userId);
  if (current || !peer) return;
  const c = begin('caller', peer);
  const ringAtOnce = media.allowed();
  if (ringAtOnce) signaling.send(protocol.invite(peer.id, c.ref));
  if (!(await openCamera(c))) return;
  if (!ringAtOnce) signaling.send(protocol.invite(peer.id, c.ref));
  prepare(c);
  if (c.acceptedEarly) connect(c, c.acceptedEarly);
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

const AUDIO_ONLY = {
  'camera-blocked': 'media.audio-only-blocked',
  'camera-missing': 'media.audio-only-missing',
  'camera-busy': 'media.audio-only-busy',
};

/**
 * Opens the camera and microphone for c, or what of them opens: a call
 * without a camera goes ahead with sound. Only when neither opens does the
 * call end with the reason (a callee declines it, saying its media failed).
 * False also when c ended meanwhile.
 */
async function openCamera(c) {
  let opened;
  try {
    opened = await (c.opening ?? openDevices());
  } catch (err) {
    if (current !== c) return false;
    if (c.role === 'callee') signaling.send(protocol.reject(c.id, c.ref, 'media'));
    else if (c.id) signaling.send(protocol.hangup(c.id, c.ref)); // it rang while the camera opened; without an id, `calling` disowns it
    end(err.reason, `media.${err.reason}`);
    return false;
  }
  const { stream } = opened;
  if (current !== c) {
    for (const track of stream.getTracks()) track.stop();
    return false;
  }
  c.stream = stream;
  [c.camera = null] = stream.getVideoTracks();
  watchCamera(c, c.camera);
  c.canFlip = canFlip();
  if (opened.video) notify(opened.video, AUDIO_ONLY[opened.video] ?? 'media.audio-only-missing');
  else if (opened.audio) notify(opened.audio, 'media.no-mic');
  view.showLocalVideo(stream);
  devices.refresh(); // names appear once a capture is allowed
  render();
  return true;
}

const openDevices = () => media.openCamera({ camera: devices.chosen('camera'), mic: devices.chosen('mic') });

/**
 * Opens the callee's camera while the call rings, shown as a preview, so that accepting does not
 * wait for it (docs/performance.md). What it found (a failure, audio only) is told at accept, as
 * if it opened then; a call that ends ringing releases it (end() stops every track, and a camera
 * that opens after the end is stopped here).
 */
function openWhileRinging(c) {
  c.opening = openDevices();
  c.opening.then(({ stream }) => {
    if (current !== c) for (const track of stream.getTracks()) track.stop();
    else if (!c.stream) view.showLocalVideo(stream);
  }, () => {}); // told at accept
}

/** Builds the peer connection while the call rings; it says nothing until accepted. */
function prepare(c) {
  const call = new Call(session.rtc, c.stream, c.role === 'callee'); // docs/protocol.md: the callee is polite
  const meter = new QualityMeter();
  call.onsignal = (data) => signaling.send(protocol.signal(c.id, c.peer.id, data, c.ref));
  call.ontrack = (stream) => view.showRemoteVideo(stream);
  call.onstatechange = (state) => {
    if (current !== c || !isLive(c)) return;
    c.phase = state === 'connected' ? 'in-call' : 'connecting';
    if (c.phase === 'in-call' && c.connectedAt === null) startClock(c);
    render();
  };
  call.onstats = (stats) => {
    const quality = meter.read(stats);
    if (current === c && c.phase === 'in-call') view.showQuality(quality);
  };
  c.call = call;
}

/** The call was accepted: the peer connection's signals flow from now on. */
function connect(c, accepted) {
  c.peer = accepted.peer;
  c.phase = 'connecting';
  c.call.open(accepted.polite);
  sendMediaFlags(c);
  render();
}

function startClock(c) {
  c.connectedAt = performance.now();
  const tick = () => {
    if (current === c && c.phase === 'in-call') view.showTimer(Math.floor((performance.now() - c.connectedAt) / 1000));
  };
  clearInterval(clockTimer);
  clockTimer = setInterval(tick, 1000);
  queueMicrotask(tick);
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

/** Turns the camera off and on; without a camera it tries to open one. */
async function toggleCamera() {
  const c = current;
  if (!c?.stream) return;
  if (!c.camera) {
    await switchDevice(c, 'video', devices.chosen('camera'));
    return;
  }
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
    if (current === c && err.reason !== 'camera-blocked') notify(err.reason, 'media.screen-failed', { detail: err.message });
    return;
  }
  if (current !== c || c.screen) {
    screen.stop();
    return;
  }
  c.screen = screen;
  screen.addEventListener('ended', () => stopSharing(c)); // the browser's own "Stop sharing"
  showSent(c, c.camera, screen);
  await c.call.replaceVideo(screen, { screen: true });
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
  if (before) c.stream.removeTrack(before);
  if (after) c.stream.addTrack(after);
  view.showLocalVideo(null); // a video element does not always notice a track added to its stream
  view.showLocalVideo(c.stream);
}

/**
 * Sends another camera or microphone in place of the one we send, with no
 * renegotiation; with none yet (an audio-only call) the new one starts.
 * @param {'audio'|'video'} kind
 */
async function switchDevice(c, kind, deviceId) {
  const old = kind === 'video' ? c.camera : c.stream.getAudioTracks()[0] ?? null;
  if (old && deviceId && old.getSettings().deviceId === deviceId) return;
  let track;
  try {
    track = await media.openTrack(kind, deviceId);
  } catch (err) {
    if (current === c) notify(err.reason, kind === 'video' && !old ? `media.${err.reason}` : 'media.device-failed', { detail: err.message });
    return;
  }
  if (current !== c) {
    track.stop();
    return;
  }
  if (kind === 'video') {
    c.camera = track;
    watchCamera(c, track);
    track.enabled = !c.cameraOff;
    if (!c.screen) {
      showSent(c, old, track);
      await c.call?.replaceVideo(track);
    }
  } else {
    track.enabled = !c.muted;
    showSent(c, old, track);
    await c.call?.replaceAudio(track);
  }
  old?.stop();
  c.canFlip = canFlip();
  mediaChanged(c);
}

/**
 * A camera that goes away mid-call (unplugged, taken by the system) leaves
 * the call with sound, and the camera button offers to try again. Our own
 * stop() fires no `ended`, so this hears only what happens from outside.
 */
function watchCamera(c, track) {
  track?.addEventListener('ended', async () => {
    if (current !== c || c.camera !== track) return;
    c.camera = null;
    c.cameraOff = false;
    if (!c.screen) {
      showSent(c, track, null);
      await c.call?.replaceVideo(null);
    }
    notify('camera-missing', 'media.audio-only-missing');
    mediaChanged(c);
  });
}

/** A phone's front and back cameras: the next one in the list. */
function flipCamera() {
  const c = current;
  if (!c?.camera) return;
  const cameras = deviceList.camera;
  const at = cameras.findIndex((camera) => camera.deviceId === c.camera.getSettings().deviceId);
  const next = cameras[(at + 1) % cameras.length];
  if (next) chooseDevice('camera', next.deviceId);
}

const canFlip = () => deviceList.camera.length > 1 && matchMedia('(pointer: coarse)').matches;

/** A chooser changed: remembered for the next calls, and used at once in a call. */
async function chooseDevice(kind, deviceId) {
  devices.choose(kind, deviceId);
  const c = current;
  if (kind === 'speaker') {
    try {
      await view.playOn(deviceId);
    } catch (err) {
      notify('device-failed', 'media.device-failed', { detail: err.message || err.name });
    }
  } else if (c?.stream) {
    await switchDevice(c, kind === 'camera' ? 'video' : 'audio', deviceId);
  }
  showDevices();
}

function showDevices() {
  const inUse = (track) => track?.getSettings().deviceId;
  view.showDevices(deviceList, {
    camera: inUse(current?.camera) ?? devices.chosen('camera'),
    mic: inUse(current?.stream?.getAudioTracks()[0]) ?? devices.chosen('mic'),
    speaker: devices.chosen('speaker'),
  }, devices.canChooseSpeaker());
}

function mediaChanged(c) {
  if (current !== c) return;
  sendMediaFlags(c);
  render();
}

function sendMediaFlags(c) {
  if (!isLive(c)) return;
  const flags = { audio: !c.muted && c.stream.getAudioTracks().length > 0, video: !c.cameraOff && c.camera !== null, screen: c.screen !== null };
  signaling.send(protocol.media(c.id, flags, c.ref));
}

function sendChat(text) {
  const c = current;
  if (!c || !isLive(c) || !text.trim()) return false;
  return signaling.send(protocol.chat(c.id, text, c.ref)); // shown when the server echoes it
}

function logIn(name) {
  showLoginError(null);
  signaling.login(name);
}

function showLoginError(key, fallback) {
  loginErrorKey = key ? { key, fallback } : null;
  view.showLoginError(key ? (strings.t(key) === key ? fallback ?? key : t(key)) : null);
}

function signOut() {
  end('hangup', 'end.signed-out');
  signaling.logout();
  forgetSession();
  signaling.connect(); // ready for the next login
}

function forgetSession() {
  session = null;
  users.clear();
  view.showSelf(null);
  view.offerAlerts(false);
  render();
}

function chooseLanguage(tag) {
  if (!strings.choose(tag)) return;
  translate();
}

/** Everything on screen again, in the current language. */
function translate() {
  view.translate();
  view.retranslateUsers(users.values(), current === null);
  showDevices();
  ringing.retitle();
  if (lastNotice) view.retextNotice(noticeText(lastNotice), noticeLink(lastNotice.link));
  if (loginErrorKey) showLoginError(loginErrorKey.key, loginErrorKey.fallback);
}

async function askForAlerts() {
  await ringing.askForAlerts();
  view.offerAlerts(ringing.canAskForAlerts());
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
    if (!media.available()) {
      // This page can open no camera and no microphone: the caller learns why at once.
      signaling.send(protocol.reject(m.call, DISOWN_REF, 'media'));
      finished.add(m.call);
      notify('insecure-context', 'end.media-callee', { name: m.from.name });
      return;
    }
    openWhileRinging(begin('callee', m.from, m.call));
  },

  accepted(m) {
    const c = current;
    if (c?.id !== m.call) {
      disown(m.call);
      return;
    }
    if (isLive(c)) return; // restated after a resume: the peer connection carries on untouched
    if (c.call) connect(c, m);
    else c.acceptedEarly = m; // the caller's camera is still opening: placeCall connects once it has
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
    const key = { busy: 'error.busy', 'rate-limited': 'error.rate-limited' }[m.code];
    if (key) notify(m.code, key);
    else notify(m.code, null, { text: m.message || t('error.other', { code: m.code }) });
  },
};

signaling.onstate = (state) => view.showConnection(state);

signaling.onmessage = (message) => handlers[message.type]?.(message);

signaling.onwelcome = (welcome, resumed) => {
  if (!resumed) {
    // A fresh session: the server forgot our calls, and may hand out their ids again.
    end('connection-lost');
    finished.clear();
  }
  session = {
    self: welcome.self,
    rtc: { iceServers: welcome.iceServers ?? [], iceTransportPolicy: welcome.iceTransportPolicy ?? 'all' },
  };
  // TURN credentials expire: a call that lives on after a resume takes the fresh ones.
  if (resumed) current?.call?.configure(session.rtc);
  users.clear();
  for (const user of welcome.users) users.set(user.id, user);
  showLoginError(null);
  view.showSelf(session.self);
  view.offerAlerts(ringing.canAskForAlerts());
  render();
};

const LOGIN_ERRORS = { 'name-taken': 'login.name-taken', 'invalid-name': 'login.invalid-name', 'rate-limited': 'login.rate-limited' };

signaling.onrefused = (code, message) => showLoginError(LOGIN_ERRORS[code] ?? `error.${code}`, message ?? code);

signaling.onlost = (reason) => {
  if (current) end('connection-lost', `lost.${reason}`);
  else notify('connection-lost', `lost.${reason}`);
  if (reason !== 'expired') forgetSession(); // when expired we still try, as a fresh login
};

/**
 * Browsers give no camera to a page that is not a secure context (HTTPS or
 * localhost). Say so before anyone tries, and link to the server's HTTPS
 * address where it knows one (`https-address` answers 404 where it does not).
 */
async function warnIfInsecure() {
  if (media.available()) return;
  notify('insecure-context', 'media.insecure-context');
  try {
    const response = await fetch(new URL('https-address', location.href), { headers: { Accept: 'application/json' } });
    if (!response.ok) return;
    const { url } = await response.json();
    if (typeof url !== 'string' || !url.startsWith('https://')) return;
    if (lastNotice?.key === 'media.insecure-context') {
      notify('insecure-context', 'media.insecure-context', {}, { href: url, key: 'media.insecure-link' });
    }
  } catch {
    // no address to offer: the notice alone says what is wrong
  }
}

// Leaving the page frees the name at once; only a lost network resumes.
addEventListener('pagehide', () => {
  signaling.logout();
  current?.call?.close();
  media.stopAll();
});
addEventListener('pageshow', (event) => event.persisted && location.reload());

view.bind({
  login: logIn, call: placeCall, cancel: cancelCall, accept: acceptCall, reject: rejectCall,
  hangup: hangUp, mute: toggleMute, camera: toggleCamera, screen: toggleScreen, flip: flipCamera,
  chat: sendChat, logout: signOut, language: chooseLanguage, device: chooseDevice, alerts: askForAlerts,
  gesture: ringing.unlock,
});
view.offerScreenSharing(media.canShareScreen());
translate();
view.showConnection(signaling.state);
render();
devices.watch((list) => {
  deviceList = list;
  showDevices();
  if (current) current.canFlip = canFlip();
});
view.playOn(devices.chosen('speaker')).catch(() => {}); // a remembered speaker that is gone: the default plays
warnIfInsecure();
signaling.connect();

/** Hooks for browser tests. */
window.facecall = {
  /** Closes the socket as a network drop would (code 4000): the page must resume. */
  dropSignaling: () => signaling.drop(),
  pc: () => current?.call?.pc ?? null,
  localTracks: () => media.allTracks(),
};
