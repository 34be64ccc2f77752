/**
 * Camera, microphone and screen capture. Every track obtained is remembered,
 * so that stopAll() can guarantee none is left running after a call.
 * @module media
 */

const CAMERA = {
  audio: true,
  video: { width: { ideal: 1280 }, height: { ideal: 720 } },
};

/** @type {MediaStreamTrack[]} every track of the page's life */
const obtained = [];

/** A capture that could not start, with the notice reason the page shows for it. */
export class MediaAccessError extends Error {
  /** @param {'camera-blocked'|'camera-missing'|'camera-busy'|'insecure-context'} reason */
  constructor(reason, message, cause) {
    super(message, { cause });
    this.reason = reason;
  }
}

/** getUserMedia's error names, as the notice reasons of PAGE.md. */
const REASONS = {
  NotAllowedError: 'camera-blocked',
  SecurityError: 'camera-blocked',
  NotFoundError: 'camera-missing',
  OverconstrainedError: 'camera-missing',
  NotReadableError: 'camera-busy',
  AbortError: 'camera-busy',
};

const CAMERA_TEXT = {
  'camera-blocked': 'Camera blocked: allow the camera and microphone for this site, then try again.',
  'camera-missing': 'No camera or microphone found: plug one in, then try again.',
  'camera-busy': 'Camera busy: another application is using it.',
};

/** Opens the camera and the microphone. @throws {MediaAccessError} */
export async function openCamera() {
  requireSecureContext();
  try {
    return keep(await navigator.mediaDevices.getUserMedia(CAMERA));
  } catch (err) {
    const reason = REASONS[err.name] ?? 'camera-busy';
    throw new MediaAccessError(reason, CAMERA_TEXT[reason], err);
  }
}

/** Asks for a screen, window or tab to share. @returns {Promise<MediaStreamTrack>} @throws {MediaAccessError} */
export async function openScreen() {
  requireSecureContext();
  try {
    const stream = keep(await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false }));
    const [track] = stream.getVideoTracks();
    track.contentHint = 'detail'; // favour sharp text over smooth motion
    return track;
  } catch (err) {
    const reason = REASONS[err.name] ?? 'camera-busy';
    throw new MediaAccessError(reason, `Screen sharing failed: ${err.message || err.name}`, err);
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

function keep(stream) {
  obtained.push(...stream.getTracks());
  return stream;
}

function requireSecureContext() {
  if (!window.isSecureContext || !navigator.mediaDevices) {
    throw new MediaAccessError('insecure-context',
      'Calls need a secure page: open it over https:// (or on localhost).');
  }
}
