package io.cinemesh.gateway.notify.service;

import io.cinemesh.gateway.config.NotificationsConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Whether the brokers the notification consumers read from answer, looked at in the background so that a
 * readiness probe never waits on Kafka.
 */
@ApplicationScoped
public class NotificationFeed {

    private static final Logger LOG = Logger.getLogger(NotificationFeed.class);

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    NotificationsConfig notifications;

    private Admin admin;
    private volatile boolean reachable = true;
    private volatile boolean stopping;

    void start(@Observes StartupEvent ignored) {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000,
                AdminClientConfig.CLIENT_ID_CONFIG, "gateway-notifications-check"));
        vertx.setPeriodic(0, notifications.kafkaCheckMs(), t -> vertx.executeBlocking(() -> {
            check();
            return null;
        }, false));
    }

    void stop(@Observes ShutdownEvent ignored) {
        stopping = true;
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(1));
        }
    }

    private void check() {
        boolean ok;
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(3_000)).nodes().get(4, TimeUnit.SECONDS);
            ok = true;
        } catch (Exception e) {
            ok = false;
        }
        if (stopping) {
            return; // a check under way when the admin client closed says nothing about Kafka
        }
        if (ok != reachable) {
            if (ok) {
                LOG.info("Kafka answers again: notifications resume");
            } else {
                LOG.warn("Kafka does not answer: notifications pause until it is back");
            }
        }
        reachable = ok;
    }

    public boolean kafkaReachable() {
        return reachable;
    }
}
