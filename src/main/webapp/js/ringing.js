/**
 * Makes a ringing call heard and seen: a ringtone while a call rings in, a
 * ringback tone while ours rings out (Web Audio, no sound files), and, while
 * the tab is hidden, the caller in the title and a system notification.
 * @module ringing
 */
import { t } from './strings.js';

const RATE = 22050;
const VOLUME = 0.12;

/**
 * One cycle of each tone, as [frequencies, seconds on, seconds off] steps:
 * the ringback is the familiar 440+480 Hz, two seconds on and four off; the
 * ringtone is a brighter double chirp that is hard to miss.
 */
const PATTERNS = {
  ringback: [[[440, 480], 2, 4]],
  ringtone: [[[660, 880], 0.4, 0.2], [[660, 880], 0.4, 2]],
};

/** @type {AudioContext|null} */
let context = null;
/** @type {AudioBufferSourceNode|null} */
let playing = null;
/** @type {Map<string, AudioBuffer>} each tone is synthesized once */
const tones = new Map();
let ringingIn = null; // the caller's name while a call rings in
/** @type {Notification|null} */
let notification = null;
const plainTitle = () => t('page.title');

/**
 * Creates or resumes the audio context. Browsers let a page make sound only
 * after a person interacted with it, so this runs in a click or key press.
 */
export function unlock() {
  const Context = window.AudioContext ?? window.webkitAudioContext;
  if (!Context) return;
  context ??= new Context();
  if (context.state === 'suspended') context.resume().catch(() => {});
}

/** @param {'ringtone'|'ringback'|null} kind what to play; null for silence */
export function play(kind) {
  stopTone();
  if (!kind || !context) return;
  const source = context.createBufferSource();
  if (!tones.has(kind)) tones.set(kind, tone(PATTERNS[kind]));
  source.buffer = tones.get(kind);
  source.loop = true; // a buffer that loops keeps ringing in a background tab, where timers slow down
  source.connect(context.destination);
  source.start();
  playing = source;
  if (context.state === 'suspended') context.resume().catch(() => {});
}

function stopTone() {
  playing?.stop();
  playing?.disconnect();
  playing = null;
}

function tone(steps) {
  const seconds = steps.reduce((sum, [, on, off]) => sum + on + off, 0);
  const buffer = context.createBuffer(1, Math.ceil(seconds * RATE), RATE);
  const samples = buffer.getChannelData(0);
  let start = 0;
  for (const [frequencies, on, off] of steps) {
    const length = Math.floor(on * RATE);
    const fade = Math.floor(0.02 * RATE); // no clicks at the edges
    for (let i = 0; i < length; i++) {
      const envelope = Math.min(1, i / fade, (length - i) / fade);
      let value = 0;
      for (const f of frequencies) value += Math.sin(2 * Math.PI * f * i / RATE);
      samples[start + i] = VOLUME * envelope * value / frequencies.length;
    }
    start += Math.floor((on + off) * RATE);
  }
  return buffer;
}

/** Whether the person can still be asked to allow notifications. */
export function canAskForAlerts() {
  return 'Notification' in window && Notification.permission === 'default';
}

/** Asks for notifications; call it from the person's click, never at load. */
export async function askForAlerts() {
  if (!canAskForAlerts()) return;
  try {
    await Notification.requestPermission();
  } catch {
    // an old callback-only implementation, or a refusal: the title still names the caller
  }
}

/** A call from `name` rings in, or null when it stops ringing. */
export function ringIn(name) {
  ringingIn = name;
  document.title = name ? t('page.ringing-title', { name }) : plainTitle();
  if (!name) {
    notification?.close();
    notification = null;
  } else if (document.hidden) {
    notify(name);
  }
}

/** The page's title in the current language, also after a change of language. */
export function retitle() {
  ringIn(ringingIn);
}

function notify(name) {
  if (!('Notification' in window) || Notification.permission !== 'granted' || notification) return;
  try {
    notification = new Notification(t('ring.incoming', { name }), { tag: 'facecall-ring', requireInteraction: true });
    notification.onclick = () => {
      window.focus();
      notification?.close();
    };
  } catch {
    notification = null; // Chrome on Android wants a service worker for this; the title must do
  }
}

document.addEventListener('visibilitychange', () => {
  if (document.hidden && ringingIn) notify(ringingIn);
});
