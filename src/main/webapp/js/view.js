/**
 * What the page shows and what the person does with it. DOM only: the app
 * tells it what to show; it reports clicks and key presses through bind().
 * Text always goes in through textContent, never innerHTML, and comes from
 * the string table of the chosen language.
 * @module view
 */
import { t, current as language, LANGUAGES, clock, duration, time, bitrate, percent } from './strings.js';
import * as people from './people.js';

const byId = (id) => document.getElementById(id);
const byTestId = (id, root = document) => root.querySelector(`[data-testid="${id}"]`);

const el = {
  html: document.documentElement,
  body: document.body,
  connection: byId('connection-status'),
  lang: byTestId('lang-select'),
  me: byId('me'),
  selfAvatar: byId('self-avatar'),
  selfName: byTestId('self-name'),
  logout: byId('logout-button'),
  notice: byTestId('notice'),
  noticeText: document.querySelector('.notice-text'),
  noticeLink: byId('notice-link'),
  noticeDismiss: byId('notice-dismiss'),
  login: byId('login'),
  loginForm: byId('login-form'),
  nameInput: byTestId('name-input'),
  loginError: byTestId('login-error'),
  lobby: byId('lobby'),
  alerts: byId('alerts-button'),
  camera: byTestId('camera-select'),
  mic: byTestId('mic-select'),
  speaker: byTestId('speaker-select'),
  speakerField: byId('speaker-field'),
  remoteVideo: byTestId('remote-video'),
  localVideo: byTestId('local-video'),
  stage: byId('stage'),
  stageTop: byId('stage-top'),
  peerLabel: byId('peer-label'),
  timer: byTestId('call-timer'),
  quality: byTestId('quality'),
  pip: byId('pip-button'),
  fullscreen: byId('fullscreen-button'),
  stageHint: byId('stage-hint'),
  outgoing: byTestId('outgoing-call'),
  incoming: byTestId('incoming-call'),
  cancel: byTestId('cancel-button'),
  accept: byTestId('accept-button'),
  reject: byTestId('reject-button'),
  controls: byId('controls'),
  muteButton: byTestId('mute-button'),
  cameraButton: byTestId('camera-button'),
  screenButton: byTestId('screen-button'),
  flip: byId('flip-button'),
  chatToggle: byId('chat-toggle'),
  unread: byId('unread'),
  hangup: byTestId('hangup-button'),
  chat: byId('chat'),
  chatLog: byTestId('chat-log'),
  chatForm: byId('chat-form'),
  chatInput: byTestId('chat-input'),
};

let noticeSeq = 0;
let unread = 0;
/** What the timer and the quality indicator show, to say it again in another language. */
let shownSeconds = null;
let shownQuality = null;
/** @type {CallView|null} the last call shown, to show it again in another language */
let shownCall = null;

/**
 * @typedef {object} Actions what the person can ask for
 * @property {(name: string) => void} login
 * @property {(userId: string) => void} call
 * @property {() => void} cancel
 * @property {() => void} accept
 * @property {() => void} reject
 * @property {() => void} hangup
 * @property {() => void} mute
 * @property {() => void} camera
 * @property {() => void} screen
 * @property {() => void} flip
 * @property {(text: string) => boolean} chat true when the text was sent (the field then empties)
 * @property {() => void} logout
 * @property {(tag: string) => void} language
 * @property {(kind: import('./devices.js').DeviceKind, deviceId: string) => void} device
 * @property {() => void} alerts
 * @property {() => void} gesture any click or key press: the moment browsers allow sound
 */

/** @param {Actions} on */
export function bind(on) {
  el.loginForm.addEventListener('submit', (event) => {
    event.preventDefault();
    on.login(el.nameInput.value);
  });
  people.bind(on.call);
  el.chatForm.addEventListener('submit', (event) => {
    event.preventDefault();
    if (on.chat(el.chatInput.value)) el.chatInput.value = '';
  });
  const clicks = [
    [el.cancel, on.cancel], [el.accept, on.accept], [el.reject, on.reject], [el.hangup, on.hangup],
    [el.muteButton, on.mute], [el.cameraButton, on.camera], [el.screenButton, on.screen], [el.flip, on.flip],
    [el.logout, on.logout], [el.alerts, on.alerts], [el.noticeDismiss, dismissNotice],
    [el.chatToggle, toggleChat], [el.pip, togglePictureInPicture], [el.fullscreen, toggleFullscreen],
  ];
  for (const [button, action] of clicks) button.addEventListener('click', () => action());
  el.lang.addEventListener('change', () => on.language(el.lang.value));
  for (const kind of ['camera', 'mic', 'speaker']) {
    el[kind].addEventListener('change', () => on.device(kind, el[kind].value));
  }
  for (const type of ['pointerdown', 'keydown']) addEventListener(type, () => on.gesture(), { capture: true, passive: true });
  document.addEventListener('fullscreenchange', showFullscreen);
  el.pip.hidden = !document.pictureInPictureEnabled;
  el.fullscreen.hidden = !document.fullscreenEnabled;
}

/** Where getDisplayMedia does not exist (phones, insecure pages) the screen button is not offered. */
export function offerScreenSharing(can) {
  el.screenButton.hidden = !can;
}

/** Puts every fixed text of the page into the current language. */
export function translate() {
  const lang = language();
  el.html.lang = lang;
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const [attribute, data] of [['aria-label', 'i18nAriaLabel'], ['title', 'i18nTitle'], ['placeholder', 'i18nPlaceholder']]) {
    for (const node of document.querySelectorAll(`[data-${data.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}]`)) {
      node.setAttribute(attribute, t(node.dataset[data]));
    }
  }
  if (el.lang.options.length === 0) {
    for (const [tag, name] of Object.entries(LANGUAGES)) {
      const option = new Option(name, tag);
      option.lang = tag;
      el.lang.append(option);
    }
  }
  el.lang.value = lang;
  showConnection(el.body.dataset.connection);
  showCall(shownCall);
  showTimer(shownSeconds);
  showQuality(shownQuality);
  showUnread(unread);
}

/** @param {import('./signaling.js').ConnectionState} state */
export function showConnection(state) {
  el.body.dataset.connection = state;
  // `connecting` also covers an open socket after a refused name: nothing to say then.
  el.connection.textContent = state === 'reconnecting' ? t('connection.reconnecting') : '';
}

/** Shows the lobby for a logged-in user, or the login card for null. */
export function showSelf(self) {
  el.login.hidden = Boolean(self);
  el.lobby.hidden = !self;
  el.me.hidden = !self;
  el.selfName.textContent = self?.name ?? '';
  el.selfAvatar.textContent = people.initial(self?.name);
  if (!self) el.nameInput.focus();
}

/** @param {string|null} text why the login was refused, or null to hide */
export function showLoginError(text) {
  el.loginError.textContent = text ?? '';
  el.loginError.hidden = !text;
  el.nameInput.setAttribute('aria-invalid', String(Boolean(text)));
}

export const showUsers = people.show;
export const retranslateUsers = people.retranslate;

/** @param {boolean} offered whether to offer turning call alerts on */
export function offerAlerts(offered) {
  el.alerts.hidden = !offered;
}

/**
 * @param {import('./devices.js').DeviceList} list
 * @param {Record<string, string|undefined>} chosen deviceIds in use or remembered
 * @param {boolean} canChooseSpeaker
 */
export function showDevices(list, chosen, canChooseSpeaker) {
  const unnamed = { camera: 'devices.unnamed-camera', mic: 'devices.unnamed-mic', speaker: 'devices.unnamed-speaker' };
  for (const kind of ['camera', 'mic', 'speaker']) {
    const select = el[kind];
    const options = list[kind].map((device, index) => new Option(
      device.deviceId ? device.label || t(unnamed[kind], { n: index + 1 }) : t('devices.default'), device.deviceId));
    if (options.length === 0) options.push(new Option(t('devices.none'), ''));
    select.replaceChildren(...options);
    select.disabled = list[kind].length === 0;
    const want = chosen[kind];
    if (want && list[kind].some((device) => device.deviceId === want)) select.value = want;
  }
  el.speakerField.hidden = !canChooseSpeaker;
}

/**
 * @typedef {object} CallView
 * @property {'calling'|'incoming'|'connecting'|'in-call'} phase
 * @property {import('./protocol.js').User} peer
 * @property {boolean} accepting the camera opens for an accepted call
 * @property {boolean} muted
 * @property {boolean} cameraOff
 * @property {MediaStreamTrack|null} camera null while there is no camera: its button then retries
 * @property {boolean} canFlip more than one camera, on a phone
 * @property {MediaStreamTrack|null} screen set while we share the screen
 * @property {import('./protocol.js').MediaFlags|null} peerMedia
 * @property {'reconnecting'|'connected'|null} peerLink
 */

/** @param {CallView|null} call null when idle */
export function showCall(call) {
  shownCall = call;
  const phase = call?.phase ?? 'idle';
  const live = phase === 'connecting' || phase === 'in-call';
  el.body.dataset.callState = phase;
  const sound = { calling: 'ringback', incoming: 'ringtone' }[phase];
  if (sound) el.body.dataset.sound = sound;
  else delete el.body.dataset.sound;
  el.lobby.classList.toggle('live', live);
  if (!live) openChat(false);
  const ringingIn = el.incoming.hidden && phase === 'incoming';
  showRing(el.outgoing, phase === 'calling' ? call.peer : null, 'ring.calling');
  showRing(el.incoming, phase === 'incoming' ? call.peer : null, 'ring.incoming');
  if (ringingIn) el.accept.focus(); // the one thing a keyboard user wants now
  el.accept.disabled = Boolean(call?.accepting);
  el.stageHint.hidden = phase !== 'idle';
  el.controls.hidden = !live;
  el.chat.hidden = !live;
  el.hangup.disabled = !live;
  press(el.muteButton, call?.muted);
  press(el.cameraButton, call?.cameraOff);
  press(el.screenButton, Boolean(call?.screen));
  showCameraButton(!live || Boolean(call?.camera));
  el.flip.hidden = !call?.canFlip;
  el.localVideo.classList.toggle('mirrored', !call?.screen); // a mirrored screen would be unreadable
  el.stageTop.hidden = !live;
  el.peerLabel.textContent = live ? peerText(call) : '';
  if (phase !== 'in-call') {
    showTimer(null);
    showQuality(null);
  }
}

/** With a camera the button turns it off; without one it offers to try again. */
function showCameraButton(hasCamera) {
  el.cameraButton.querySelector('.camera-label').textContent = t(hasCamera ? 'controls.camera' : 'controls.camera-retry');
  el.cameraButton.title = t(hasCamera ? 'controls.camera-title' : 'controls.camera-retry-title');
  el.cameraButton.classList.toggle('retry', !hasCamera);
}

function showRing(box, peer, textKey) {
  box.hidden = !peer;
  if (!peer) return;
  box.dataset.userId = peer.id;
  box.dataset.userName = peer.name;
  // The name goes in as a text node of its own, in bold, wherever the language puts it.
  const [before, after] = t(textKey, { name: '\u0000' }).split('\u0000');
  const name = document.createElement('strong');
  name.className = 'ring-name';
  name.textContent = peer.name;
  box.querySelector('.ring-text').replaceChildren(before, name, after ?? '');
  box.querySelector('.avatar').textContent = people.initial(peer.name);
}

function peerText({ phase, peer, peerMedia, peerLink }) {
  const parts = [peer.name];
  if (peerLink === 'reconnecting') parts.push(t('peer.reconnecting'));
  else if (phase === 'connecting') parts.push(t('peer.connecting'));
  if (peerMedia && !peerMedia.audio) parts.push(t('peer.muted'));
  if (peerMedia && !peerMedia.video) parts.push(t('peer.camera-off'));
  if (peerMedia?.screen) parts.push(t('peer.sharing'));
  return parts.join(' · ');
}

function press(button, pressed) {
  button.setAttribute('aria-pressed', String(Boolean(pressed)));
}

/** @param {number|null} seconds the call's duration, or null to hide the timer */
export function showTimer(seconds) {
  shownSeconds = seconds;
  el.timer.hidden = seconds === null;
  if (seconds === null) return;
  el.timer.dataset.seconds = String(seconds);
  el.timer.textContent = clock(seconds);
  el.timer.setAttribute('aria-label', t('timer.label', { duration: duration(seconds) }));
}

/** @param {import('./quality.js').Quality|null} quality null to hide */
export function showQuality(quality) {
  shownQuality = quality;
  el.quality.hidden = !quality;
  if (!quality) return;
  el.quality.dataset.level = quality.level;
  el.quality.dataset.rttMs = quality.rttMs === null ? '' : String(quality.rttMs);
  el.quality.dataset.path = quality.path;
  const summary = t(`quality.${quality.level}`);
  const details = [
    t(`quality.${quality.path}`),
    t('quality.details', {
      rtt: quality.rttMs ?? '?', loss: percent(quality.loss),
      inbound: bitrate(quality.inboundBps), outbound: bitrate(quality.outboundBps),
    }),
    quality.level === 'poor' ? t('quality.advice-poor') : '',
  ].filter(Boolean).join(' ');
  el.quality.querySelector('.quality-text').textContent = summary;
  el.quality.querySelector('.quality-details').textContent = details;
  el.quality.title = `${summary}. ${details}`;
}

/** @param {MediaStream|null} stream what we send */
export function showLocalVideo(stream) {
  attach(el.localVideo, stream);
  el.localVideo.classList.toggle('no-video', !stream?.getVideoTracks().length);
}

/** @param {MediaStream|null} stream what the peer sends */
export function showRemoteVideo(stream) {
  attach(el.remoteVideo, stream);
}

function attach(video, stream) {
  if (video.srcObject === stream) return;
  video.srcObject = stream;
  video.classList.toggle('empty', !stream);
  // autoplay may wait for a gesture; the click that started the call usually counts
  if (stream) video.play().catch(() => {});
}

/** Plays the peer's sound on `deviceId` where the browser can. @returns {Promise<void>} */
export async function playOn(deviceId) {
  if (typeof el.remoteVideo.setSinkId === 'function' && deviceId !== undefined) await el.remoteVideo.setSinkId(deviceId);
}

async function togglePictureInPicture() {
  try {
    if (document.pictureInPictureElement) await document.exitPictureInPicture();
    else await el.remoteVideo.requestPictureInPicture();
  } catch {
    // no video yet, or the browser said no: nothing worth a notice
  }
}

async function toggleFullscreen() {
  try {
    if (document.fullscreenElement) await document.exitFullscreen();
    else await el.stage.requestFullscreen(); // the stage, so that the controls come along
  } catch {
    // refused: the page stays as it was
  }
}

function showFullscreen() {
  press(el.fullscreen, document.fullscreenElement === el.stage);
}

/** @param {import('./protocol.js').ChatIn} message @param {boolean} mine */
export function addChat({ from, text, at }, mine) {
  const item = make('li', mine ? 'chat-message mine' : 'chat-message', text);
  item.dataset.testid = 'chat-message';
  item.dataset.from = from;
  if (at) {
    item.title = time(at);
    item.dataset.at = String(at);
  }
  el.chatLog.append(item);
  el.chatLog.scrollTop = el.chatLog.scrollHeight;
  // On a phone the log may be folded away: count what arrives there unseen.
  if (!mine && !el.chatLog.checkVisibility()) showUnread(unread + 1);
}

export function clearChat() {
  el.chatLog.replaceChildren();
  el.chatInput.value = '';
  showUnread(0);
}

function toggleChat() {
  openChat(!el.lobby.classList.contains('chat-open'));
}

function openChat(open) {
  el.lobby.classList.toggle('chat-open', open);
  el.chatToggle.setAttribute('aria-expanded', String(open));
  if (open) showUnread(0);
}

function showUnread(n) {
  unread = n;
  el.unread.hidden = n === 0;
  el.unread.textContent = n > 9 ? '9+' : String(n);
  el.chatToggle.setAttribute('aria-label', n === 0 ? t('controls.chat') : `${t('controls.chat')}, ${t('controls.unread', { count: n })}`);
}

/**
 * Shows the latest notice; `data-seq` tells a new notice from an old one with the same text.
 * @param {string} text @param {string} reason @param {{href: string, text: string}} [link]
 */
export function showNotice(text, reason, link) {
  el.noticeText.textContent = text;
  el.notice.dataset.reason = reason;
  el.notice.dataset.seq = String(++noticeSeq);
  el.noticeLink.hidden = !link;
  el.noticeLink.textContent = link?.text ?? '';
  if (link) el.noticeLink.href = link.href;
  else el.noticeLink.removeAttribute('href');
  el.notice.hidden = false;
}

/** The same notice in another language: not a new one, so `data-seq` stays. */
export function retextNotice(text, link) {
  el.noticeText.textContent = text;
  if (link) el.noticeLink.textContent = link.text;
}

function dismissNotice() {
  el.notice.hidden = true;
}

function make(tag, className, text) {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
