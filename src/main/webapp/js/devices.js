/**
 * The cameras, microphones and speakers the browser offers, kept current on
 * `devicechange`, and the person's choice of each, remembered across visits.
 * No DOM.
 * @module devices
 */

/** @typedef {'camera'|'mic'|'speaker'} DeviceKind */
/** @typedef {{deviceId: string, label: string}} Device */
/** @typedef {Record<DeviceKind, Device[]>} DeviceList */

const KINDS = { videoinput: 'camera', audioinput: 'mic', audiooutput: 'speaker' };
const storageKey = (kind) => `facecall.device.${kind}`;

/** @type {(list: DeviceList) => void} */
let listener = () => {};

/** Calls `onchange` with the list now and whenever devices come and go. */
export function watch(onchange) {
  listener = onchange;
  const mediaDevices = navigator.mediaDevices;
  if (!mediaDevices?.enumerateDevices) return;
  mediaDevices.addEventListener('devicechange', () => refresh());
  refresh();
}

/**
 * Reads the list again: after a capture was allowed, it has names it lacked.
 * Entries with no id (before any permission) cannot be chosen and are left out.
 */
export async function refresh() {
  /** @type {DeviceList} */
  const list = { camera: [], mic: [], speaker: [] };
  try {
    for (const device of await navigator.mediaDevices.enumerateDevices()) {
      const kind = KINDS[device.kind];
      // `default` and `communications` are aliases of real devices (Chrome): listing both would show doubles.
      if (!kind || !device.deviceId || device.deviceId === 'communications') continue;
      list[kind].push({ deviceId: device.deviceId, label: device.label });
    }
  } catch {
    return; // no permission to list: the choosers stay as they are
  }
  listener(list);
}

/** Whether the page can choose where sound plays (setSinkId; not in Firefox before 116 nor in Safari). */
export function canChooseSpeaker() {
  return typeof HTMLMediaElement.prototype.setSinkId === 'function';
}

/** @param {DeviceKind} kind @returns {string|undefined} the remembered deviceId */
export function chosen(kind) {
  try {
    return localStorage.getItem(storageKey(kind)) ?? undefined;
  } catch {
    return undefined;
  }
}

/** @param {DeviceKind} kind @param {string} deviceId */
export function choose(kind, deviceId) {
  try {
    localStorage.setItem(storageKey(kind), deviceId);
  } catch {
    // still used for this call, just not remembered
  }
}
