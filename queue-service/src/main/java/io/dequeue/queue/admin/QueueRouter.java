package io.dequeue.queue.admin;

import io.dequeue.model.http.ProblemException;
import io.dequeue.model.http.ProblemType;
import io.dequeue.model.topic.Topics;
import io.dequeue.queue.store.QueueStores;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the instance that owns a domain (the active task of its partition, from Kafka Streams'
 * metadata and {@code application.server}) and forwards a request there over HTTP when it is not
 * this one. A forwarded request carries {@link #FORWARDED} and is always answered where it lands.
 */
@ApplicationScoped
public class QueueRouter {
    public static final String FORWARDED = "X-Dequeue-Forwarded";
    private static final Logger LOG = Logger.getLogger(QueueRouter.class);

    @Inject
    KafkaStreams streams;

    @Inject
    AdminSettings settings;

    @ConfigProperty(name = "quarkus.kafka-streams.application-server")
    Optional<String> applicationServer;

    private HostInfo self;
    private HttpClient http;

    @PostConstruct
    void init() {
        self = applicationServer.map(HostInfo::buildFromEndpoint).orElse(null);
        http = HttpClient.newBuilder().connectTimeout(settings.forwardTimeout()).build();
    }

    /** The owner of a domain when it is another instance; empty when it is this one. */
    public Optional<HostInfo> remoteOwner(String domain) {
        if (self == null) {
            return Optional.empty(); // a single instance without application.server
        }
        KeyQueryMetadata md = streams.queryMetadataForKey(QueueStores.MESSAGES, domain, new StringSerializer());
        if (md == null || KeyQueryMetadata.NOT_AVAILABLE.equals(md) || md.activeHost() == null) {
            throw new ProblemException(ProblemType.STORE_UNAVAILABLE,
                    "No instance owns " + domain + " right now (the queue is starting or rebalancing).");
        }
        if (ownsLocally(md.partition()) || md.activeHost().equals(self)) {
            return Optional.empty();
        }
        return Optional.of(md.activeHost());
    }

    /** Whether an active task of this instance holds the partition (whatever application.server says). */
    private boolean ownsLocally(int partition) {
        TopicPartition tp = new TopicPartition(Topics.MAIL_ACCEPTED, partition);
        return streams.metadataForLocalThreads().stream()
                .flatMap(t -> t.activeTasks().stream())
                .anyMatch(task -> task.topicPartitions().contains(tp));
    }

    /** The other instances of the application. */
    public List<HostInfo> others() {
        List<HostInfo> r = new ArrayList<>();
        if (self == null) {
            return r;
        }
        for (StreamsMetadata m : streams.metadataForAllStreamsClients()) {
            if (!m.hostInfo().equals(self) && !r.contains(m.hostInfo())) {
                r.add(m.hostInfo());
            }
        }
        return r;
    }

    /**
     * Asks every other instance for its own part of a GET ({@code pathAndQuery} says {@code scope=local})
     * and returns each answer's body; a 503 problem when one does not answer, as the merged answer
     * would be incomplete ({@code what} names it in the detail).
     */
    public List<byte[]> askOthers(String pathAndQuery, String authorization, String what) {
        List<byte[]> answers = new ArrayList<>();
        for (HostInfo other : others()) {
            Response r = forward(other, "GET", pathAndQuery, authorization, null, null);
            if (r.getStatus() != 200) {
                throw new ProblemException(ProblemType.STORE_UNAVAILABLE,
                        "Another instance did not answer; " + what + " would be incomplete.");
            }
            answers.add((byte[]) r.getEntity());
        }
        return answers;
    }

    /** Sends the same request to {@code to} and returns its answer as it is. */
    public Response forward(HostInfo to, String method, String pathAndQuery, String authorization, byte[] body,
                            String contentType) {
        URI uri = URI.create("http://" + to.host() + ":" + to.port() + pathAndQuery);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(settings.forwardTimeout())
                .header(FORWARDED, "1")
                .method(method, body == null || body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (contentType != null && body != null && body.length > 0) {
            b.header("Content-Type", contentType);
        }
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            Response.ResponseBuilder out = Response.status(r.statusCode()).entity(r.body());
            r.headers().firstValue("Content-Type").ifPresent(ct -> out.header("Content-Type", ct));
            r.headers().firstValue("Retry-After").ifPresent(ra -> out.header("Retry-After", ra));
            return out.build();
        } catch (IOException e) {
            LOG.warnf("forwarding %s %s to %s failed: %s", method, pathAndQuery, to, e.toString());
            throw new ProblemException(ProblemType.STORE_UNAVAILABLE, "The instance that owns the domain did not answer.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(ProblemType.STORE_UNAVAILABLE, "Interrupted.");
        }
    }
}
