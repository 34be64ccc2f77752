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
 * Before any permission browsers hide the ids: such a kind is listed as one
 * entry with the id '' (the browser's default), which is all one can choose then.
 */
export async function refresh() {
  /** @type {DeviceList} */
  const list = { camera: [], mic: [], speaker: [] };
  try {
    for (const device of await navigator.mediaDevices.enumerateDevices()) {
      const kind = KINDS[device.kind];
      // `communications` is an alias of a real device (Chrome): listing it would show a double.
      if (!kind || device.deviceId === 'communications') continue;
      if (device.deviceId || list[kind].length === 0) list[kind].push({ deviceId: device.deviceId, label: device.label });
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
