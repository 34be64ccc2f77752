/**
 * The signaling vocabulary of `/signal` (docs/protocol.md, version 1): one typedef
 * per message and one builder per message the page sends. Every client
 * message may carry a `ref`; JSON.stringify drops it when it is undefined.
 * @module protocol
 */

// ---- Shapes shared by several messages ----

/** @typedef {'online'|'busy'|'offline'} UserState `offline` only appears in presence. */
/** @typedef {{id: string, name: string, state: UserState, callable?: false}} User `callable: false`: that page cannot take calls. */
/** @typedef {{urls: string|string[], username?: string, credential?: string}} IceServer */
/** @typedef {{maxMessageBytes: number, ringSeconds: number, resumeSeconds: number}} Limits */
/** @typedef {{description: RTCSessionDescriptionInit}|{candidate: RTCIceCandidateInit}} SignalData Opaque to the server. */
/** @typedef {{audio: boolean, video: boolean, screen: boolean}} MediaFlags true = microphone on, camera on, sharing the screen. */
/**
 * @typedef {'rejected'|'busy'|'cancelled'|'hangup'|'timeout'|'disconnected'|'media'} EndReason
 * `media`: the other member's camera and microphone could not be used (extension; older servers never send it).
 */
/**
 * @typedef {'bad-message'|'unknown-type'|'not-logged-in'|'invalid'|'invalid-name'|'name-taken'
 *   |'already-logged-in'|'no-such-user'|'no-such-call'|'invalid-state'|'busy'|'rate-limited'} ErrorCode
 */

// ---- Server to page ----

/**
 * @typedef {{type: 'welcome', self: {id: string, name: string}, users: User[], iceServers: IceServer[],
 *   iceTransportPolicy?: RTCIceTransportPolicy, resume: string, limits: Limits, ref?: string}} Welcome
 * Answer to login. After a successful resume `self.id` is unchanged and `resume` is the new token.
 * `iceTransportPolicy` (absent: `all`) is the operator's: `relay` sends media through TURN only.
 */
/** @typedef {{type: 'presence', users: User[]}} Presence Changes to apply in order; `offline` removes. */
/** @typedef {{type: 'calling', call: string, to: User, ref?: string}} Calling Our invite rings out. */
/** @typedef {{type: 'incoming', call: string, from: User}} Incoming A call rings in. */
/** @typedef {{type: 'accepted', call: string, peer: User, polite: boolean, ref?: string}} Accepted */
/** @typedef {{type: 'ended', call: string, reason: EndReason, ref?: string}} Ended Exactly once per call and member. */
/** @typedef {{type: 'signal', call: string, from: string, data: SignalData}} SignalIn */
/** @typedef {{type: 'chat', call: string, from: string, text: string, at: number, ref?: string}} ChatIn Also our own, echoed. */
/** @typedef {{type: 'media', call: string, from: string} & MediaFlags} MediaIn The peer's toggles. */
/** @typedef {{type: 'peer', call: string, state: 'reconnecting'|'connected'}} PeerLink The peer's signaling link. */
/** @typedef {{type: 'error', code: ErrorCode, message: string, ref?: string}} ErrorMessage */
/**
 * @typedef {Welcome|Presence|Calling|Incoming|Accepted|Ended|SignalIn|ChatIn|MediaIn|PeerLink|ErrorMessage} ServerMessage
 */

// ---- Page to server ----

/**
 * `{"type":"login","name":"Alice"}`; `callable: false` when this page cannot take calls
 * (no camera access at all); the field is left out otherwise.
 */
export const login = (name, ref, callable = true) => ({ type: 'login', name, ref, callable: callable ? undefined : false });

/** A login that resumes the session of `token`; the server falls back to `name` if the token is void. */
export const resume = (token, name, ref, callable = true) =>
  ({ type: 'login', resume: token, name, ref, callable: callable ? undefined : false });

/** Leave at once: the name frees and our calls end for the peers. The server closes with 1000. */
export const logout = () => ({ type: 'logout' });

/** @param {string} to a user id */
export const invite = (to, ref) => ({ type: 'invite', to, ref });

export const accept = (call, ref) => ({ type: 'accept', call, ref });

/**
 * `reason: 'media'`: our camera and microphone cannot be used for this call; the server then ends
 * it for both with `ended` `media` (an older server ignores the field and says `rejected`).
 */
export const reject = (call, ref, reason) => ({ type: 'reject', call, ref, reason });

/** Cancels a ringing call or ends an accepted one; `reason` as for reject. */
export const hangup = (call, ref, reason) => ({ type: 'hangup', call, ref, reason });

/** @param {SignalData} data */
export const signal = (call, to, data, ref) => ({ type: 'signal', call, to, data, ref });

export const chat = (call, text, ref) => ({ type: 'chat', call, text, ref });

/** @param {MediaFlags} flags */
export const media = (call, { audio, video, screen }, ref) => ({ type: 'media', call, audio, video, screen, ref });

/** WebSocket close codes with a meaning for the page. */
export const Close = Object.freeze({
  NORMAL: 1000, // after our logout
  POLICY: 1008, // rate limit abuse (do not come back at once), or no login within the 10 s deadline
  TOO_BIG: 1009,
  TEST_DROP: 4000, // window.facecall.dropSignaling()
  TAKEN_OVER: 4001, // another connection resumed our session
});
