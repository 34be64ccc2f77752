/**
 * Camera, microphone and screen capture. Every track obtained is remembered,
 * so that stopAll() can guarantee none is left running after a call. A call
 * goes ahead with whatever of the camera and the microphone can be opened;
 * only when neither can does opening fail.
 * @module media
 */

const VIDEO = { width: { ideal: 1280 }, height: { ideal: 720 } };

/** @type {MediaStreamTrack[]} every track of the page's life */
const obtained = [];

/** @typedef {'camera-blocked'|'camera-missing'|'camera-busy'|'insecure-context'} MediaReason */

/** A capture that could not start, with the notice reason the page shows for it. */
export class MediaAccessError extends Error {
  /** @param {MediaReason} reason */
  constructor(reason, message, cause) {
    super(message, { cause });
    this.reason = reason;
  }
}

/** getUserMedia's error names, as the notice reasons of docs/page.md. */
const REASONS = {
  NotAllowedError: 'camera-blocked',
  SecurityError: 'camera-blocked',
  NotFoundError: 'camera-missing',
  OverconstrainedError: 'camera-missing',
  NotReadableError: 'camera-busy',
  AbortError: 'camera-busy',
};

const failure = (err) => new MediaAccessError(REASONS[err.name] ?? 'camera-busy', err.message || err.name, err);

/**
 * The browser's answers about the camera and the microphone, kept up to date by its change events;
 * empty where the Permissions API cannot tell (allowed() is then false).
 * @type {Map<string, PermissionState>}
 */
const permissions = new Map();
for (const name of ['camera', 'microphone']) {
  navigator.permissions?.query({ name }).then((status) => {
    permissions.set(name, status.state);
    status.addEventListener('change', () => permissions.set(name, status.state));
  }, () => {}); // a name this browser does not know
}

/** Whether the camera and the microphone are both allowed already, so that opening them asks nothing. */
export function allowed() {
  return permissions.get('camera') === 'granted' && permissions.get('microphone') === 'granted';
}

/** Whether this page may capture at all: browsers give no camera to pages that are not a secure context. */
export function available() {
  return window.isSecureContext && Boolean(navigator.mediaDevices?.getUserMedia);
}

export function canShareScreen() {
  return available() && typeof navigator.mediaDevices.getDisplayMedia === 'function';
}

/**
 * @typedef {object} Opened
 * @property {MediaStream} stream
 * @property {MediaReason|null} video why there is no camera in it, or null
 * @property {MediaReason|null} audio why there is no microphone in it, or null
 */

/**
 * Opens the chosen camera and microphone, or what of them can be opened.
 * @param {{camera?: string, mic?: string}} choice remembered deviceIds; others serve if they are gone
 * @returns {Promise<Opened>} @throws {MediaAccessError} when neither opens
 */
export async function openCamera(choice = {}) {
  requireCapture();
  const audio = choice.mic ? { deviceId: { ideal: choice.mic } } : true;
  const video = { ...VIDEO, ...(choice.camera ? { deviceId: { ideal: choice.camera } } : {}) };
  let both;
  try {
    return { stream: keep(await getUserMedia({ audio, video })), video: null, audio: null };
  } catch (err) {
    both = failure(err);
  }
  // One prompt, one error for both: only asking for each alone tells which one is missing.
  try {
    return { stream: keep(await getUserMedia({ audio })), video: both.reason, audio: null };
  } catch {
    // no microphone either; a camera alone still lets the peer see us
  }
  try {
    return { stream: keep(await getUserMedia({ video })), video: null, audio: both.reason };
  } catch {
    throw both;
  }
}

/**
 * Opens one device, as chosen mid-call or retried after a failure.
 * @param {'audio'|'video'} kind @param {string|undefined} deviceId
 * @returns {Promise<MediaStreamTrack>} @throws {MediaAccessError}
 */
export async function openTrack(kind, deviceId) {
  requireCapture();
  const base = kind === 'video' ? VIDEO : {};
  const constraints = deviceId ? { ...base, deviceId: { exact: deviceId } } : (kind === 'video' ? VIDEO : true);
  try {
    const stream = keep(await getUserMedia({ [kind]: constraints }));
    return stream.getTracks()[0];
  } catch (err) {
    throw failure(err);
  }
}

/** Asks for a screen, window or tab to share. @returns {Promise<MediaStreamTrack>} @throws {MediaAccessError} */
export async function openScreen() {
  requireCapture();
  try {
    const stream = keep(await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false }));
    const [track] = stream.getVideoTracks();
    track.contentHint = 'detail'; // favour sharp text over smooth motion
    return track;
  } catch (err) {
    throw failure(err);
  }
}

/** Stops every track obtained so far: after a call none may still capture. */
export function stopAll() {
  for (const track of obtained) track.stop();
}

/** @returns {MediaStreamTrack[]} every track obtained during the page's life */
export function allTracks() {
  return [...obtained];
}

// Looked up at each call, not at load: tests (and extensions) may stand in for it.
const getUserMedia = (constraints) => navigator.mediaDevices.getUserMedia(constraints);

function keep(stream) {
  obtained.push(...stream.getTracks());
  return stream;
}

function requireCapture() {
  if (!available()) throw new MediaAccessError('insecure-context', 'not a secure context');
}
