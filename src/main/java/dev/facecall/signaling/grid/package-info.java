/**
 * Cluster mode: the {@link dev.facecall.signaling.control.Grid} of the rules on Hazelcast, the data
 * grid that Payara Micro bundles. Only this package imports {@code com.hazelcast}; the rules see the
 * grid through the control layer's interface alone.
 */
package dev.facecall.signaling.grid;
