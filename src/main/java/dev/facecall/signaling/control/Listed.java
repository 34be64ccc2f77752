package dev.facecall.signaling.control;

/**
 * Someone whose changes presence tells: a user of this node, or a user whose connection is on
 * another node of the cluster.
 */
sealed interface Listed permits User, RemoteUser {

    String id();
}
