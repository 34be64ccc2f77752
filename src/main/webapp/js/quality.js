/**
 * How good a call's link is, read from RTCPeerConnection.getStats(): the
 * round-trip time of the selected candidate pair, the share of packets lost,
 * the bit rates both ways, and whether a TURN relay carries the call. No DOM.
 * @module quality
 */

/** Above these a person notices: lag in the conversation, frozen or smeared video. */
const FAIR = { rttMs: 150, loss: 0.02 };
const POOR = { rttMs: 400, loss: 0.08 };

/**
 * @typedef {object} Quality
 * @property {'good'|'fair'|'poor'} level
 * @property {number|null} rttMs
 * @property {'direct'|'relay'} path
 * @property {number} loss fraction of the packets expected since the last reading
 * @property {number} inboundBps
 * @property {number} outboundBps
 */

/** Turns successive stats reports into quality; it keeps the last one for the rates. */
export class QualityMeter {
  #last = null;

  /** @param {RTCStatsReport} stats @returns {Quality|null} null until a candidate pair is selected */
  read(stats) {
    const pair = selectedPair(stats);
    if (!pair) return null;
    const now = {
      at: pair.timestamp,
      received: pair.bytesReceived ?? 0,
      sent: pair.bytesSent ?? 0,
      ...inboundPackets(stats),
    };
    const last = this.#last?.pairId === pair.id ? this.#last : null;
    this.#last = { pairId: pair.id, ...now };
    const seconds = last ? (now.at - last.at) / 1000 : 0;
    const lost = last ? Math.max(0, now.lost - last.lost) : 0;
    const got = last ? Math.max(0, now.packets - last.packets) : 0;
    const quality = {
      rttMs: typeof pair.currentRoundTripTime === 'number' ? Math.round(pair.currentRoundTripTime * 1000) : null,
      path: isRelay(stats.get(pair.localCandidateId)) || isRelay(stats.get(pair.remoteCandidateId)) ? 'relay' : 'direct',
      loss: lost + got > 0 ? lost / (lost + got) : 0,
      inboundBps: seconds > 0 ? Math.max(0, now.received - last.received) * 8 / seconds : 0,
      outboundBps: seconds > 0 ? Math.max(0, now.sent - last.sent) * 8 / seconds : 0,
    };
    return { level: level(quality), ...quality };
  }
}

function level({ rttMs, loss }) {
  const rtt = rttMs ?? 0;
  if (rtt > POOR.rttMs || loss > POOR.loss) return 'poor';
  if (rtt > FAIR.rttMs || loss > FAIR.loss) return 'fair';
  return 'good';
}

/** The pair the transport uses; older browsers only mark it as nominated and succeeded. */
function selectedPair(stats) {
  for (const report of stats.values()) {
    if (report.type === 'transport' && report.selectedCandidatePairId) return stats.get(report.selectedCandidatePairId);
  }
  for (const report of stats.values()) {
    if (report.type === 'candidate-pair' && report.nominated && report.state === 'succeeded') return report;
  }
  return null;
}

const isRelay = (candidate) => candidate?.candidateType === 'relay';

function inboundPackets(stats) {
  let lost = 0;
  let packets = 0;
  for (const report of stats.values()) {
    if (report.type !== 'inbound-rtp') continue;
    lost += report.packetsLost ?? 0;
    packets += report.packetsReceived ?? 0;
  }
  return { lost, packets };
}
