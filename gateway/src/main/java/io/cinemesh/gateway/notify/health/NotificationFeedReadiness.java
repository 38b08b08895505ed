package io.cinemesh.gateway.notify.health;

import io.cinemesh.gateway.notify.service.NotificationFeed;
import io.cinemesh.gateway.notify.service.NotificationHub;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Says how the notification feed is doing without ever turning readiness down: a Kafka blip only pauses
 * notifications (the consumers reconnect by themselves), while every other request still works. Shows as
 * {@code kafka: unreachable}.
 */
@Readiness
public class NotificationFeedReadiness implements HealthCheck {

    @Inject
    NotificationFeed feed;
    @Inject
    NotificationHub hub;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("notifications").up()
                .withData("kafka", feed.kafkaReachable() ? "ok" : "unreachable")
                .withData("listeners", hub.count())
                .build();
    }
}
