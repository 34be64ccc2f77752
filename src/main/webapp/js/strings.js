/**
 * Every word the page shows, in English and Simplified Chinese, and the
 * choice between them. No DOM: the view asks t() for text and formats
 * numbers, times and durations with the Intl objects of the chosen language.
 * @module strings
 */

const STORAGE_KEY = 'facecall.lang';

/** Language tags the page speaks, with their names in themselves (for the chooser). */
export const LANGUAGES = Object.freeze({ en: 'English', 'zh-CN': '简体中文' });

/** `{name}` in a text is filled from the params of t(). */
const TEXT = {
  en: {
    'page.title': 'facecall',
    'page.ringing-title': '{name} is calling — facecall',
    'lang.label': 'Language',
    'me.sign-out': 'Sign out',
    'connection.reconnecting': 'Reconnecting…',
    'login.title': 'Join facecall',
    'login.intro': 'Pick the name others will see. No account needed.',
    'login.name': 'Your name',
    'login.join': 'Join',
    'login.name-taken': 'That name is taken right now. Please pick another.',
    'login.invalid-name': 'Use 1 to 32 letters, digits, spaces, dots, dashes or underscores.',
    'login.rate-limited': 'Too many attempts. Wait a moment, then try again.',
    'people.title': 'People online',
    'people.search': 'Search people',
    'people.search-placeholder': 'Search by name',
    'people.nobody': 'No one else is here yet. Share this page’s address to invite someone.',
    'people.no-match': 'No one online matches “{query}”.',
    'people.count': '{count} online',
    'user.available': 'Available',
    'user.busy': 'In a call',
    'user.not-callable': 'Can’t take video calls',
    'user.call': 'Call',
    'user.call-label': 'Call {name}',
    'alerts.enable': 'Alert me of calls in other tabs',
    'devices.title': 'Devices',
    'devices.camera': 'Camera',
    'devices.mic': 'Microphone',
    'devices.speaker': 'Speaker',
    'devices.default': 'Default',
    'devices.unnamed-camera': 'Camera {n}',
    'devices.unnamed-mic': 'Microphone {n}',
    'devices.unnamed-speaker': 'Speaker {n}',
    'devices.none': 'None found',
    'stage.label': 'Call',
    'stage.hint': 'Choose someone in the list to call.',
    'ring.calling': 'Calling {name}…',
    'ring.incoming': '{name} is calling you',
    'ring.cancel': 'Cancel',
    'ring.decline': 'Decline',
    'ring.accept': 'Accept',
    'controls.label': 'Call controls',
    'controls.mute': 'Mute',
    'controls.mute-title': 'Mute the microphone',
    'controls.camera': 'Camera off',
    'controls.camera-title': 'Turn the camera off',
    'controls.camera-retry': 'Try camera',
    'controls.camera-retry-title': 'Try the camera again',
    'controls.screen': 'Share screen',
    'controls.screen-title': 'Share your screen',
    'controls.flip': 'Switch camera',
    'controls.flip-title': 'Switch between the front and back camera',
    'controls.chat': 'Chat',
    'controls.chat-title': 'Show the chat',
    'controls.unread': '{count} unread',
    'controls.hangup': 'Hang up',
    'controls.hangup-title': 'End the call',
    'video.pip': 'Picture in picture',
    'video.fullscreen': 'Full screen',
    'chat.title': 'Chat',
    'chat.message': 'Message',
    'chat.placeholder': 'Write a message…',
    'chat.send': 'Send',
    'chat.log': 'Messages',
    'notice.dismiss': 'Dismiss',
    'peer.reconnecting': 'reconnecting…',
    'peer.connecting': 'connecting…',
    'peer.muted': 'muted',
    'peer.camera-off': 'camera off',
    'peer.sharing': 'sharing the screen',
    'timer.label': 'Call duration {duration}',
    'quality.good': 'Good connection',
    'quality.fair': 'Fair connection',
    'quality.poor': 'Poor connection',
    'quality.direct': 'The call goes straight between your two devices.',
    'quality.relay': 'The call goes through a relay server (TURN), which can add delay.',
    'quality.details': 'Delay there and back: {rtt} ms. Lost: {loss}. Receiving {inbound}, sending {outbound}.',
    'quality.advice-poor': 'The picture may stutter: move closer to the Wi-Fi or close other downloads.',
    'end.busy': '{name} is busy',
    'end.rejected-caller': '{name} declined the call',
    'end.rejected-callee': 'Call declined',
    'end.cancelled-caller': 'Call cancelled',
    'end.missed': 'Missed call from {name}',
    'end.timeout-caller': '{name} didn’t answer',
    'end.hangup': 'Call ended',
    'end.disconnected': 'Call ended: {name} lost the connection',
    'end.connection-lost': 'Call ended: the connection to the server was lost',
    'end.no-such-user': '{name} is no longer online',
    'end.media-caller': '{name} can’t take the call: their camera and microphone are unavailable',
    'end.media-callee': 'You couldn’t take the call from {name}: no camera or microphone could be used',
    'end.other': 'Call ended ({reason})',
    'end.signed-out': 'Signed out',
    'media.camera-blocked': 'Camera blocked: allow the camera and microphone for this site, then try again.',
    'media.camera-missing': 'No camera or microphone found: plug one in, then try again.',
    'media.camera-busy': 'Camera busy: another application is using it.',
    'media.audio-only-blocked': 'Camera blocked, so this call is audio only. Allow the camera, then press “Try camera”.',
    'media.audio-only-missing': 'No camera found, so this call is audio only.',
    'media.audio-only-busy': 'The camera is busy in another application, so this call is audio only.',
    'media.no-mic': 'No microphone could be used, so you can be seen but not heard.',
    'media.screen-failed': 'Screen sharing failed: {detail}',
    'media.insecure-context': 'The camera needs a secure page: open this page over https://.',
    'media.insecure-link': 'Open the secure page',
    'media.device-failed': 'That device could not be started: {detail}',
    'lost.expired': 'Lost the connection to the server. Still trying…',
    'lost.refused': 'Lost the connection to the server, and your name was taken meanwhile. Please sign in again.',
    'lost.closed': 'Lost the connection to the server.',
    'lost.taken-over': 'You signed in again from another tab or window.',
    'error.busy': 'You are already in a call.',
    'error.rate-limited': 'Slow down a little: too many actions at once.',
    'error.other': 'Something went wrong ({code}).',
  },
  'zh-CN': {
    'page.title': 'facecall',
    'page.ringing-title': '{name} 来电 — facecall',
    'lang.label': '语言',
    'me.sign-out': '退出',
    'connection.reconnecting': '正在重新连接…',
    'login.title': '加入 facecall',
    'login.intro': '输入别人会看到的名字，无需注册。',
    'login.name': '你的名字',
    'login.join': '加入',
    'login.name-taken': '这个名字正在被使用，请换一个。',
    'login.invalid-name': '请使用 1 到 32 个字母、数字、空格、点、连字符或下划线。',
    'login.rate-limited': '尝试次数过多，请稍候再试。',
    'people.title': '在线的人',
    'people.search': '搜索联系人',
    'people.search-placeholder': '按名字搜索',
    'people.nobody': '还没有其他人在线。把本页地址分享给别人来邀请他们。',
    'people.no-match': '没有在线的人与“{query}”匹配。',
    'people.count': '{count} 人在线',
    'user.available': '空闲',
    'user.busy': '通话中',
    'user.not-callable': '无法接听视频通话',
    'user.call': '呼叫',
    'user.call-label': '呼叫 {name}',
    'alerts.enable': '在其他标签页时提醒我来电',
    'devices.title': '设备',
    'devices.camera': '摄像头',
    'devices.mic': '麦克风',
    'devices.speaker': '扬声器',
    'devices.default': '默认',
    'devices.unnamed-camera': '摄像头 {n}',
    'devices.unnamed-mic': '麦克风 {n}',
    'devices.unnamed-speaker': '扬声器 {n}',
    'devices.none': '未找到',
    'stage.label': '通话',
    'stage.hint': '在列表中选择一个人来呼叫。',
    'ring.calling': '正在呼叫 {name}…',
    'ring.incoming': '{name} 正在呼叫你',
    'ring.cancel': '取消',
    'ring.decline': '拒绝',
    'ring.accept': '接听',
    'controls.label': '通话控制',
    'controls.mute': '静音',
    'controls.mute-title': '关闭麦克风',
    'controls.camera': '关闭摄像头',
    'controls.camera-title': '关闭摄像头',
    'controls.camera-retry': '重试摄像头',
    'controls.camera-retry-title': '再次尝试打开摄像头',
    'controls.screen': '共享屏幕',
    'controls.screen-title': '共享你的屏幕',
    'controls.flip': '切换摄像头',
    'controls.flip-title': '在前置和后置摄像头之间切换',
    'controls.chat': '聊天',
    'controls.chat-title': '显示聊天',
    'controls.unread': '{count} 条未读',
    'controls.hangup': '挂断',
    'controls.hangup-title': '结束通话',
    'video.pip': '画中画',
    'video.fullscreen': '全屏',
    'chat.title': '聊天',
    'chat.message': '消息',
    'chat.placeholder': '输入消息…',
    'chat.send': '发送',
    'chat.log': '消息记录',
    'notice.dismiss': '关闭',
    'peer.reconnecting': '正在重新连接…',
    'peer.connecting': '正在连接…',
    'peer.muted': '已静音',
    'peer.camera-off': '摄像头已关闭',
    'peer.sharing': '正在共享屏幕',
    'timer.label': '通话时长 {duration}',
    'quality.good': '连接良好',
    'quality.fair': '连接一般',
    'quality.poor': '连接较差',
    'quality.direct': '通话在你们两台设备之间直接传输。',
    'quality.relay': '通话经过中继服务器（TURN）传输，可能增加延迟。',
    'quality.details': '往返延迟：{rtt} 毫秒。丢包：{loss}。接收 {inbound}，发送 {outbound}。',
    'quality.advice-poor': '画面可能卡顿：请靠近 Wi-Fi 或关闭其他下载。',
    'end.busy': '{name} 正忙',
    'end.rejected-caller': '{name} 拒绝了通话',
    'end.rejected-callee': '已拒绝通话',
    'end.cancelled-caller': '已取消通话',
    'end.missed': '{name} 的未接来电',
    'end.timeout-caller': '{name} 没有接听',
    'end.hangup': '通话已结束',
    'end.disconnected': '通话已结束：{name} 断开了连接',
    'end.connection-lost': '通话已结束：与服务器的连接已断开',
    'end.no-such-user': '{name} 已不在线',
    'end.media-caller': '{name} 无法接听：对方的摄像头和麦克风都无法使用',
    'end.media-callee': '你无法接听 {name} 的来电：没有可用的摄像头或麦克风',
    'end.other': '通话已结束（{reason}）',
    'end.signed-out': '已退出',
    'media.camera-blocked': '摄像头被阻止：请允许本网站使用摄像头和麦克风，然后重试。',
    'media.camera-missing': '未找到摄像头或麦克风：请连接一个后重试。',
    'media.camera-busy': '摄像头正忙：另一个应用正在使用它。',
    'media.audio-only-blocked': '摄像头被阻止，本次通话仅有语音。允许使用摄像头后，请点“重试摄像头”。',
    'media.audio-only-missing': '未找到摄像头，本次通话仅有语音。',
    'media.audio-only-busy': '摄像头正被另一个应用使用，本次通话仅有语音。',
    'media.no-mic': '没有可用的麦克风：对方能看到你，但听不到你。',
    'media.screen-failed': '屏幕共享失败：{detail}',
    'media.insecure-context': '摄像头需要安全页面：请通过 https:// 打开本页。',
    'media.insecure-link': '打开安全页面',
    'media.device-failed': '无法启动该设备：{detail}',
    'lost.expired': '与服务器的连接已断开，正在重试…',
    'lost.refused': '与服务器的连接已断开，且你的名字已被他人使用。请重新登录。',
    'lost.closed': '与服务器的连接已断开。',
    'lost.taken-over': '你已在另一个标签页或窗口中重新登录。',
    'error.busy': '你已经在通话中。',
    'error.rate-limited': '操作太快了，请稍等。',
    'error.other': '出现问题（{code}）。',
  },
};

let language = pick();

/** The language from storage, else the first of the browser's that the page speaks, else English. */
function pick() {
  const stored = readStored();
  if (stored in TEXT) return stored;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const match = languageOf(tag);
    if (match) return match;
  }
  return 'en';
}

/** zh, zh-CN, zh-SG and zh-Hans read Simplified Chinese; zh-TW and zh-HK do not, so they fall through. */
function languageOf(tag) {
  const lower = String(tag).toLowerCase();
  if (lower.startsWith('en')) return 'en';
  if (lower === 'zh' || /^zh-(cn|sg|hans)/.test(lower)) return 'zh-CN';
  return null;
}

function readStored() {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage off (private mode, policy): the browser's choice still works
  }
}

export function current() {
  return language;
}

/** Switches the language and remembers it. @returns {boolean} whether it changed */
export function choose(tag) {
  if (!(tag in TEXT) || tag === language) return false;
  language = tag;
  try {
    localStorage.setItem(STORAGE_KEY, tag);
  } catch {
    // not remembered, still switched
  }
  return true;
}

/** The text of `key` in the current language, its `{param}`s filled in. */
export function t(key, params = {}) {
  const template = TEXT[language][key] ?? TEXT.en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/** A call's duration as the timer shows it: m:ss, or h:mm:ss past the hour. */
export function clock(totalSeconds) {
  const two = new Intl.NumberFormat(language, { minimumIntegerDigits: 2, useGrouping: false });
  const one = new Intl.NumberFormat(language, { useGrouping: false });
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor(totalSeconds / 60) % 60;
  const s = totalSeconds % 60;
  return h > 0 ? `${one.format(h)}:${two.format(m)}:${two.format(s)}` : `${one.format(m)}:${two.format(s)}`;
}

/** A duration in words for screen readers ("3 minutes, 5 seconds"), where Intl can say it. */
export function duration(totalSeconds) {
  const parts = {
    hours: Math.floor(totalSeconds / 3600),
    minutes: Math.floor(totalSeconds / 60) % 60,
    seconds: totalSeconds % 60,
  };
  if (typeof Intl.DurationFormat === 'function') {
    return new Intl.DurationFormat(language, { style: 'long' }).format(parts);
  }
  return clock(totalSeconds);
}

/** A moment of today, as "14:05" or "2:05 PM". */
export function time(epochMillis) {
  return new Intl.DateTimeFormat(language, { timeStyle: 'short' }).format(new Date(epochMillis));
}

/** A bit rate for people: "1.2 Mbit/s". */
export function bitrate(bitsPerSecond) {
  const mega = bitsPerSecond >= 1e6;
  const number = new Intl.NumberFormat(language, { maximumFractionDigits: mega ? 1 : 0 })
    .format(mega ? bitsPerSecond / 1e6 : bitsPerSecond / 1e3);
  return `${number} ${mega ? 'Mbit/s' : 'kbit/s'}`;
}

export function percent(fraction) {
  return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 }).format(fraction);
}

export function count(n) {
  return new Intl.NumberFormat(language).format(n);
}
