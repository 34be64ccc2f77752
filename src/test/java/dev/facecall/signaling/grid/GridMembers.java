package dev.facecall.signaling.grid;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.util.UUID;

/**
 * Hazelcast members for tests, in this JVM, on 127.0.0.1 only: they join over TCP/IP on the given
 * ports, as cluster mode's run command makes Payara's join (never by multicast, and nothing
 * reported home), with a short heartbeat so that a lost member is noticed in seconds.
 */
public final class GridMembers {

    static final int FIRST_PORT = 5901;

    private final String clusterName = "facecall-test-" + UUID.randomUUID();
    private final int count;

    /** @param count how many members may join: ports {@value #FIRST_PORT} on */
    public GridMembers(int count) {
        this.count = count;
    }

    public HazelcastInstance start(int index) {
        Config config = new Config();
        config.setClusterName(clusterName);
        config.setInstanceName(clusterName + "-" + index);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
        config.setProperty("hazelcast.logging.type", "jdk");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(FIRST_PORT + index).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true);
        for (int i = 0; i < count; i++) {
            join.getTcpIpConfig().addMember("127.0.0.1:" + (FIRST_PORT + i));
        }
        return Hazelcast.newHazelcastInstance(config);
    }
}
