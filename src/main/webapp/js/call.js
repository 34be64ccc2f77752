/**
 * One RTCPeerConnection negotiated with the perfect-negotiation pattern
 * (https://w3c.github.io/webrtc-pc/#perfect-negotiation-example). It knows
 * nothing of the socket: it hands its signals to `onsignal` and takes the
 * peer's through receive().
 *
 * A Call may be built while the call still rings, so that the offer and the
 * ICE candidates are ready at once; what it wants to send then waits until
 * open() says the call was accepted.
 * @module call
 */

/** How long `disconnected` may last before we restart ICE ourselves. */
const DISCONNECTED_GRACE_MS = 3000;

/**
 * Video starts at half size, and goes to full size once the link is known to
 * carry this much. Chrome begins every call assuming 300 kbit/s, too little
 * for 720p: it would drop the first frames while it scales down by itself,
 * and the peer would wait a tenth of a second longer for the first picture.
 */
const START_SCALE = 2;
const FULL_SIZE_BPS = 1_500_000;
/** Stats are read often while the video may still grow, then often enough for the quality indicator. */
const STATS_POLL_MS = { growing: 500, steady: 1000 };

export class Call {
  /** @type {(data: import('./protocol.js').SignalData) => void} */
  onsignal = () => {};
  /** @type {(stream: MediaStream) => void} the peer's stream, once per track */
  ontrack = () => {};
  /** @type {(state: RTCPeerConnectionState) => void} */
  onstatechange = () => {};
  /** @type {(stats: RTCStatsReport) => void} every reading while connected */
  onstats = () => {};

  /** @type {RTCPeerConnection} */
  pc;
  #polite = false;
  #open = false;
  #outbox = [];
  #makingOffer = false;
  #ignoreOffer = false;
  #earlyCandidates = []; // arrived before any remote description
  #videoSender = null;
  #audioSender = null;
  #remoteStream = null;
  #restartTimer = 0;
  #statsTimer = 0;
  #fullSize = false;
  #scaling = Promise.resolve(); // one setParameters at a time: each must start from the last one's result

  /**
   * @param {RTCConfiguration} configuration iceServers and iceTransportPolicy from welcome
   * @param {MediaStream} stream our camera and microphone, all of it sent
   * @param {boolean} polite our role as far as we know it now; `accepted` confirms it
   */
  constructor(configuration, stream, polite) {
    this.#polite = polite;
    const pc = new RTCPeerConnection(configuration);
    this.pc = pc;
    // Audio and video are both negotiated even when one is missing here: the peer's
    // still arrives, and a camera that starts later replaces nothing, with no new offer.
    for (const kind of ['audio', 'video']) {
      const [track] = kind === 'audio' ? stream.getAudioTracks() : stream.getVideoTracks();
      const sender = track
        ? pc.addTrack(track, stream)
        : pc.addTransceiver(kind, { direction: 'sendrecv', streams: [stream] }).sender;
      if (kind === 'video') this.#videoSender = sender;
      else this.#audioSender = sender;
    }
    this.#scaleVideo(START_SCALE);
    pc.onnegotiationneeded = () => this.#negotiate();
    pc.onicecandidate = ({ candidate }) => candidate && this.#send({ candidate: candidate.toJSON() });
    pc.ontrack = ({ track, streams }) => this.ontrack(this.#remote(track, streams));
    pc.onconnectionstatechange = () => this.#connectionChanged();
  }

  /** The call was accepted: our signals may flow. `polite` comes from `accepted`. */
  open(polite) {
    this.#polite = polite;
    this.#open = true;
    for (const data of this.#outbox.splice(0)) this.onsignal(data);
  }

  /** @param {import('./protocol.js').SignalData} data from the peer */
  async receive({ description, candidate }) {
    try {
      if (description) await this.#receiveDescription(description);
      else if (candidate) await this.#receiveCandidate(candidate);
    } catch (err) {
      console.warn('signal from the peer failed', err);
    }
  }

  /**
   * Sends `track` in place of the video we send now, with no renegotiation. A
   * shared screen goes at full size at once: its text must stay legible.
   */
  async replaceVideo(track, { screen = false } = {}) {
    if (screen) this.#goFullSize();
    await this.#videoSender?.replaceTrack(track);
  }

  /** Sends `track` (another microphone) in place of the one we send now. */
  async replaceAudio(track) {
    await this.#audioSender?.replaceTrack(track);
  }

  /** New ICE servers or policy (a resumed session's): used from the next gathering on. */
  configure({ iceServers, iceTransportPolicy }) {
    try {
      this.pc.setConfiguration({ ...this.pc.getConfiguration(), iceServers, iceTransportPolicy });
    } catch (err) {
      console.warn('ICE configuration not applied', err);
    }
  }

  close() {
    clearTimeout(this.#restartTimer);
    clearTimeout(this.#statsTimer);
    this.#statsTimer = -1;
    this.onsignal = this.ontrack = this.onstatechange = this.onstats = () => {};
    this.pc.close();
  }

  async #negotiate() {
    // The impolite peer makes the first offer. Both could (the pattern sorts
    // out the collision), but Chrome may stall a transport whose ICE gathering
    // is cut short by the rollback, so the first exchange avoids colliding.
    if (this.#polite && !this.pc.currentRemoteDescription) return;
    try {
      this.#makingOffer = true;
      await this.pc.setLocalDescription();
      this.#send({ description: this.pc.localDescription.toJSON() });
    } catch (err) {
      console.warn('negotiation failed', err);
    } finally {
      this.#makingOffer = false;
    }
  }

  async #receiveDescription(description) {
    const pc = this.pc;
    const collision = description.type === 'offer' && (this.#makingOffer || pc.signalingState !== 'stable');
    this.#ignoreOffer = !this.#polite && collision;
    if (this.#ignoreOffer) return; // the polite peer will take ours instead
    await pc.setRemoteDescription(description); // rolls our own offer back if we are polite
    const early = this.#earlyCandidates.splice(0);
    if (description.type === 'offer') {
      // The answer first: the peer's ICE checks wait for it, ours do not wait for the early candidates.
      await pc.setLocalDescription();
      this.#send({ description: pc.localDescription.toJSON() });
    }
    for (const candidate of early) await this.#addCandidate(candidate);
  }

  async #receiveCandidate(candidate) {
    if (this.pc.remoteDescription) await this.#addCandidate(candidate);
    else this.#earlyCandidates.push(candidate);
  }

  async #addCandidate(candidate) {
    try {
      await this.pc.addIceCandidate(candidate);
    } catch (err) {
      // Candidates of an offer we ignored are expected to fail.
      if (!this.#ignoreOffer) console.warn('ICE candidate refused', err);
    }
  }

  #send(data) {
    if (this.#open) this.onsignal(data);
    else this.#outbox.push(data);
  }

  #remote(track, streams) {
    if (streams[0]) return streams[0];
    this.#remoteStream ??= new MediaStream();
    this.#remoteStream.addTrack(track);
    return this.#remoteStream;
  }

  /**
   * Caps the size of the video we send to 1/scale of the camera's. Browsers
   * that cannot set it before the first negotiation keep their own behaviour.
   */
  #scaleVideo(scale) {
    const sender = this.#videoSender;
    this.#scaling = this.#scaling.then(async () => {
      try {
        const params = sender?.getParameters();
        if (!params?.encodings?.length) return;
        for (const encoding of params.encodings) encoding.scaleResolutionDownBy = scale;
        await sender.setParameters(params);
      } catch (err) {
        console.warn('video size not set', err); // e.g. the call closed meanwhile
      }
    });
  }

  /**
   * Reads the stats while connected: for the quality shown, and to go to full
   * size once the link's estimated bandwidth carries it.
   */
  #pollStats() {
    if (this.#statsTimer) return;
    const poll = async () => {
      let stats;
      try {
        stats = await this.pc.getStats();
      } catch {
        return; // closed meanwhile
      }
      if (this.#statsTimer === -1) return;
      if (!this.#fullSize && [...stats.values()].some((report) => report.type === 'candidate-pair'
          && report.nominated && report.availableOutgoingBitrate >= FULL_SIZE_BPS)) this.#goFullSize();
      this.onstats(stats);
      this.#statsTimer = setTimeout(poll, this.#fullSize ? STATS_POLL_MS.steady : STATS_POLL_MS.growing);
    };
    this.#statsTimer = setTimeout(poll, STATS_POLL_MS.growing);
  }

  #goFullSize() {
    if (this.#fullSize) return;
    this.#fullSize = true;
    this.#scaleVideo(1);
  }

  /** `failed` needs an ICE restart; `disconnected` often heals itself, so give it a moment. */
  #connectionChanged() {
    const state = this.pc.connectionState;
    clearTimeout(this.#restartTimer);
    if (state === 'connected') this.#pollStats();
    if (state === 'failed') this.pc.restartIce();
    else if (state === 'disconnected') {
      this.#restartTimer = setTimeout(() => this.pc.restartIce(), DISCONNECTED_GRACE_MS);
    }
    this.onstatechange(state);
  }
}
