package dev.facecall.bench;

/** How far a crowd got: the JSON's {@code progressAtAbort} and the periodic progress line. */
record Progress(int welcomed, int failed, int converged, long bytesPayload, long drops) {
}
