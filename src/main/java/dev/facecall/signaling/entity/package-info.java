/**
 * The wire vocabulary of the signaling protocol (docs/protocol.md): what clients send, what the
 * server answers, the error codes and the reasons a call ends. Plain data, no behaviour.
 */
package dev.facecall.signaling.entity;
