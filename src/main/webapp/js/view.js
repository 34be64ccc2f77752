/**
 * What the page shows and what the person does with it. DOM only: the app
 * tells it what to show; it reports clicks and key presses through bind().
 * Text always goes in through textContent, never innerHTML.
 * @module view
 */

const byId = (id) => document.getElementById(id);
const byTestId = (id, root = document) => root.querySelector(`[data-testid="${id}"]`);

const el = {
  body: document.body,
  connection: byId('connection-status'),
  me: byId('me'),
  selfAvatar: byId('self-avatar'),
  selfName: byTestId('self-name'),
  logout: byId('logout-button'),
  notice: byTestId('notice'),
  login: byId('login'),
  loginForm: byId('login-form'),
  nameInput: byTestId('name-input'),
  loginError: byTestId('login-error'),
  lobby: byId('lobby'),
  userList: byTestId('user-list'),
  nobody: byId('nobody'),
  remoteVideo: byTestId('remote-video'),
  localVideo: byTestId('local-video'),
  peerLabel: byId('peer-label'),
  stageHint: byId('stage-hint'),
  outgoing: byTestId('outgoing-call'),
  incoming: byTestId('incoming-call'),
  cancel: byTestId('cancel-button'),
  accept: byTestId('accept-button'),
  reject: byTestId('reject-button'),
  controls: byId('controls'),
  mute: byTestId('mute-button'),
  camera: byTestId('camera-button'),
  screen: byTestId('screen-button'),
  hangup: byTestId('hangup-button'),
  chat: byId('chat'),
  chatLog: byTestId('chat-log'),
  chatForm: byId('chat-form'),
  chatInput: byTestId('chat-input'),
};

/** @type {Map<string, HTMLLIElement>} user id → its entry in the list */
const userItems = new Map();
let noticeSeq = 0;

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
 * @property {(text: string) => boolean} chat true when the text was sent (the field then empties)
 * @property {() => void} logout
 */

/** @param {Actions} on */
export function bind(on) {
  el.loginForm.addEventListener('submit', (event) => {
    event.preventDefault();
    on.login(el.nameInput.value);
  });
  el.userList.addEventListener('click', (event) => {
    const button = event.target.closest('[data-testid="call-button"]');
    if (button) on.call(button.closest('[data-testid="user"]').dataset.userId);
  });
  el.chatForm.addEventListener('submit', (event) => {
    event.preventDefault();
    if (on.chat(el.chatInput.value)) el.chatInput.value = '';
  });
  const clicks = [
    [el.cancel, on.cancel], [el.accept, on.accept], [el.reject, on.reject], [el.hangup, on.hangup],
    [el.mute, on.mute], [el.camera, on.camera], [el.screen, on.screen], [el.logout, on.logout],
  ];
  for (const [button, action] of clicks) button.addEventListener('click', () => action());
}

// `connecting` also covers an open socket after a refused name: nothing to say then.
const CONNECTION_TEXT = { offline: '', connecting: '', online: '', reconnecting: 'Reconnecting…' };

/** @param {import('./signaling.js').ConnectionState} state */
export function showConnection(state) {
  el.body.dataset.connection = state;
  el.connection.textContent = CONNECTION_TEXT[state];
}

/** Shows the lobby for a logged-in user, or the login card for null. */
export function showSelf(self) {
  el.login.hidden = Boolean(self);
  el.lobby.hidden = !self;
  el.me.hidden = !self;
  el.selfName.textContent = self?.name ?? '';
  el.selfAvatar.textContent = initial(self?.name);
  if (!self) el.nameInput.focus();
}

/** @param {string|null} text why the login was refused, or null to hide */
export function showLoginError(text) {
  el.loginError.textContent = text ?? '';
  el.loginError.hidden = !text;
  el.nameInput.setAttribute('aria-invalid', String(Boolean(text)));
}

/**
 * Brings the list in line with `users`, sorted by name, touching only what
 * changed so that focus and hover survive presence updates.
 * @param {Iterable<import('./protocol.js').User>} users
 * @param {boolean} canCall
 */
export function showUsers(users, canCall) {
  const sorted = [...users].sort((a, b) => a.name.localeCompare(b.name));
  const ids = new Set(sorted.map((user) => user.id));
  for (const [id, item] of userItems) {
    if (!ids.has(id)) {
      item.remove();
      userItems.delete(id);
    }
  }
  sorted.forEach((user, index) => {
    const item = updateUserItem(user, canCall);
    const here = el.userList.children[index];
    if (here !== item) el.userList.insertBefore(item, here ?? null);
  });
  el.nobody.hidden = sorted.length > 0;
}

function updateUserItem(user, canCall) {
  let item = userItems.get(user.id);
  if (!item) {
    item = newUserItem(user);
    userItems.set(user.id, item);
  }
  item.dataset.state = user.state;
  item.querySelector('.user-state').textContent = user.state === 'busy' ? 'In a call' : 'Available';
  item.querySelector('button').disabled = !canCall;
  return item;
}

function newUserItem(user) {
  const item = make('li', 'user');
  item.dataset.testid = 'user';
  item.dataset.userId = user.id;
  item.dataset.userName = user.name;
  const avatar = make('span', 'avatar', initial(user.name));
  avatar.setAttribute('aria-hidden', 'true');
  const who = make('span', 'user-who');
  who.append(make('span', 'user-name', user.name), make('span', 'user-state'));
  const button = make('button', 'call-button', 'Call');
  button.type = 'button';
  button.dataset.testid = 'call-button';
  button.setAttribute('aria-label', `Call ${user.name}`);
  item.append(avatar, who, button);
  return item;
}

/**
 * @typedef {object} CallView
 * @property {'calling'|'incoming'|'connecting'|'in-call'} phase
 * @property {import('./protocol.js').User} peer
 * @property {boolean} accepting the camera opens for an accepted call
 * @property {boolean} muted
 * @property {boolean} cameraOff
 * @property {MediaStreamTrack|null} screen set while we share the screen
 * @property {import('./protocol.js').MediaFlags|null} peerMedia
 * @property {'reconnecting'|'connected'|null} peerLink
 */

/** @param {CallView|null} call null when idle */
export function showCall(call) {
  const phase = call?.phase ?? 'idle';
  const live = phase === 'connecting' || phase === 'in-call';
  el.body.dataset.callState = phase;
  el.lobby.classList.toggle('live', live);
  const ringingIn = el.incoming.hidden && phase === 'incoming';
  showRing(el.outgoing, phase === 'calling' ? call.peer : null);
  showRing(el.incoming, phase === 'incoming' ? call.peer : null);
  if (ringingIn) el.accept.focus(); // the one thing a keyboard user wants now
  el.accept.disabled = Boolean(call?.accepting);
  el.stageHint.hidden = phase !== 'idle';
  el.controls.hidden = !live;
  el.chat.hidden = !live;
  el.hangup.disabled = !live;
  press(el.mute, call?.muted);
  press(el.camera, call?.cameraOff);
  press(el.screen, Boolean(call?.screen));
  el.localVideo.classList.toggle('mirrored', !call?.screen); // a mirrored screen would be unreadable
  el.peerLabel.hidden = !live;
  el.peerLabel.textContent = live ? peerText(call) : '';
}

function showRing(box, peer) {
  box.hidden = !peer;
  if (!peer) return;
  box.dataset.userId = peer.id;
  box.dataset.userName = peer.name;
  box.querySelector('.ring-name').textContent = peer.name;
  box.querySelector('.avatar').textContent = initial(peer.name);
}

function peerText({ phase, peer, peerMedia, peerLink }) {
  const parts = [peer.name];
  if (peerLink === 'reconnecting') parts.push('reconnecting…');
  else if (phase === 'connecting') parts.push('connecting…');
  if (peerMedia && !peerMedia.audio) parts.push('muted');
  if (peerMedia && !peerMedia.video) parts.push('camera off');
  if (peerMedia?.screen) parts.push('sharing the screen');
  return parts.join(' · ');
}

function press(button, pressed) {
  button.setAttribute('aria-pressed', String(Boolean(pressed)));
}

/** @param {MediaStream|null} stream what we send */
export function showLocalVideo(stream) {
  attach(el.localVideo, stream);
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

/** @param {import('./protocol.js').ChatIn} message @param {boolean} mine */
export function addChat({ from, text, at }, mine) {
  const item = make('li', mine ? 'chat-message mine' : 'chat-message', text);
  item.dataset.testid = 'chat-message';
  item.dataset.from = from;
  if (at) item.title = new Date(at).toLocaleTimeString();
  el.chatLog.append(item);
  el.chatLog.scrollTop = el.chatLog.scrollHeight;
}

export function clearChat() {
  el.chatLog.replaceChildren();
  el.chatInput.value = '';
}

/** Shows the latest notice; `data-seq` tells a new notice from an old one with the same text. */
export function showNotice(text, reason) {
  el.notice.textContent = text;
  el.notice.dataset.reason = reason;
  el.notice.dataset.seq = String(++noticeSeq);
  el.notice.hidden = false;
}

function make(tag, className, text) {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function initial(name) {
  return name ? [...name.trim()][0]?.toUpperCase() ?? '' : '';
}
