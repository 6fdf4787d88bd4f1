package io.dequeue.delivery;

import io.dequeue.delivery.config.DeliveryConfig;
import io.dequeue.delivery.config.OwnIdentity;
import io.dequeue.delivery.dns.Destination;
import io.dequeue.delivery.dns.DnsjavaResolver;
import io.dequeue.delivery.dns.Resolver;
import io.dequeue.delivery.dns.TargetPolicy;
import io.dequeue.delivery.dns.TargetResolver;
import io.dequeue.delivery.messaging.BodyReader;
import io.dequeue.delivery.messaging.KafkaEventPublisher;
import io.dequeue.delivery.messaging.ReleasedMailConsumer;
import io.dequeue.delivery.service.DeliveryMetrics;
import io.dequeue.delivery.service.ReleaseProcessor;
import io.dequeue.delivery.transport.SmtpConnector;
import io.dequeue.delivery.transport.pool.ConnectionPool;
import io.dequeue.delivery.transport.pool.PoolSettings;
import io.dequeue.model.DomainName;
import io.dequeue.model.kafka.KafkaClientProperties;
import io.dequeue.model.serde.CloudEvents;
import io.dequeue.model.serde.ProducerDefaults;
import io.dequeue.model.settings.GatewaySettings;
import io.dequeue.model.settings.OutboundTls;
import io.dequeue.model.view.GatewayDirectory;
import io.dequeue.smtp.client.ClientConfig;
import io.dequeue.smtp.client.ClientTimeouts;
import io.dequeue.smtp.client.ClientTransport;
import io.dequeue.smtp.client.SmtpClientException;
import io.dequeue.smtp.client.tls.PeerTrust;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The Quarkus side of delivery-service: builds the plain-Java pieces from {@link DeliveryConfig},
 * starts the {@code mail.released} consumer at start-up, and stops everything in order at
 * shutdown (consumer, pool, producer).
 */
@ApplicationScoped
public class DeliveryRuntime {

    private static final Logger LOG = Logger.getLogger(DeliveryRuntime.class);
    /** The deployment's names and addresses of the gateway (env {@code DEQUEUE_OWN_NAMES}), shared by the services. */
    static final String OWN_NAMES = "dequeue.own-names";
    /** Env {@code DEQUEUE_OWN_ADDRESSES}. */
    static final String OWN_ADDRESSES = "dequeue.own-addresses";

    @Inject
    DeliveryConfig config;

    @Inject
    Vertx vertx;

    @Inject
    GatewayDirectory gateways;

    @Inject
    MeterRegistry registry;

    @Inject
    KafkaClientProperties kafka;

    @Inject
    Config mpConfig;

    private DeliveryMetrics metrics;
    private ExecutorService dnsExecutor;
    private ScheduledExecutorService scheduler;
    private ClientTransport transport;
    private ConnectionPool pool;
    private KafkaEventPublisher publisher;
    private ReleaseProcessor processor;
    private ReleasedMailConsumer consumer;

    void onStart(@Observes StartupEvent event) {
        metrics = new DeliveryMetrics(registry);
        Resolver dns = new DnsjavaResolver(config.dns().server().map(DnsjavaResolver::parseServer),
                config.dns().timeout());
        List<String> ownNames = new ArrayList<>(config.ownNames().orElse(List.of()));
        ownNames.addAll(mpConfig.getOptionalValues(OWN_NAMES, String.class).orElse(List.of()));
        List<String> ownAddresses = new ArrayList<>(config.ownAddresses().orElse(List.of()));
        ownAddresses.addAll(mpConfig.getOptionalValues(OWN_ADDRESSES, String.class).orElse(List.of()));
        OwnIdentity own = OwnIdentity.of(ownNames, ownAddresses, config.deriveOwn());
        TargetResolver targets = new TargetResolver(metrics.timed(dns),
                new TargetPolicy(own.names(), own.addresses(), config.allowPrivateTargets()), new SecureRandom(),
                config.dns().maxMxHosts());
        LOG.infof("own names %s, own addresses %s (loop prevention); private targets %s", own.names(),
                own.addresses(), config.allowPrivateTargets() ? "allowed" : "refused");

        DeliveryConfig.Smtp smtp = config.smtp();
        String helo = config.heloName().orElse(ownNames.isEmpty() ? "localhost" : ownNames.get(0));
        ClientConfig client = ClientConfig.outbound(helo).withPipelining(smtp.pipelining())
                .withTimeouts(new ClientTimeouts(smtp.greetingTimeout(), smtp.commandTimeout(), smtp.mailTimeout(),
                        smtp.rcptTimeout(), smtp.dataStartTimeout(), smtp.dataBlockTimeout(), smtp.dataEndTimeout()));
        // STARTTLS: opportunistic and encrypted TLS do not verify the peer (RFC 7435); required does
        transport = ClientTransport.create(vertx, smtp.connectTimeout(), peerTrust(config.tls()));

        dnsExecutor = Executors.newFixedThreadPool(4, named("delivery-dns"));
        scheduler = Executors.newSingleThreadScheduledExecutor(named("delivery-pool"));
        SmtpConnector connector = new SmtpConnector(vertx, transport, targets, dnsExecutor, client,
                new SmtpConnector.Listener() {
                    @Override
                    public void connected(Destination destination) {
                        metrics.connectionOpened();
                    }

                    @Override
                    public void connectFailed(Destination destination, SmtpClientException why) {
                        metrics.connectionFailed();
                    }
                });
        DeliveryConfig.Pool p = config.pool();
        pool = new ConnectionPool(connector, new PoolSettings(p.maxPerTarget(), p.maxTotal(), p.idleTimeout(),
                p.maxMessagesPerConnection(), p.maxSendAttempts()), scheduler, Clock.systemUTC());
        registry.gauge("dequeue.delivery.pool.connections", pool, ConnectionPool::connections);
        registry.gauge("dequeue.delivery.pool.queued", pool, ConnectionPool::queued);

        String clientId = ReleaseProcessor.SERVICE + "-" + config.instance();
        Map<String, Object> producer = ProducerDefaults.reliable(kafka, clientId);
        publisher = new KafkaEventPublisher(producer, CloudEvents.source(ReleaseProcessor.SERVICE, config.instance()));
        processor = new ReleaseProcessor(pool, this::outboundTls, publisher, metrics, Clock.systemUTC());

        DeliveryConfig.Consumer c = config.consumer();
        if (c.enabled()) {
            Map<String, Object> cc = ReleasedMailConsumer.defaults(c.maxPollRecords());
            cc.put(ConsumerConfig.GROUP_ID_CONFIG, c.groupId());
            cc.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
            cc.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, c.maxPollRecords());
            consumer = new ReleasedMailConsumer(kafka.consumer(cc), processor,
                    new ReleasedMailConsumer.Limits(c.maxInFlightMessages(), c.maxInFlightBytes()), metrics,
                    BodyReader.of(kafka, clientId, config.bodies().fetchBytes(), config.bodies().timeout()));
            consumer.start(c.shutdownGrace());
            LOG.infof("delivery-service consuming mail.released as group %s (helo %s)", c.groupId(), helo);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (consumer != null) {
            consumer.close();
        }
        if (pool != null) {
            pool.close();
        }
        if (publisher != null) {
            publisher.close();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (dnsExecutor != null) {
            dnsExecutor.shutdownNow();
            try {
                dnsExecutor.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (transport != null) {
            transport.close();
        }
    }

    /** The processor, for tests and adapters that feed releases themselves. */
    public ReleaseProcessor processor() {
        return processor;
    }

    public ConnectionPool pool() {
        return pool;
    }

    /** The consumer, or empty when {@code dequeue.delivery.consumer.enabled=false}. */
    public Optional<ReleasedMailConsumer> consumer() {
        return Optional.ofNullable(consumer);
    }

    /** The JVM's trust store, plus the trust file's CAs when one is configured. */
    static PeerTrust peerTrust(DeliveryConfig.Tls tls) {
        PeerTrust trust = tls.trustFile().map(f -> PeerTrust.withCaFile(Path.of(f))).orElseGet(PeerTrust::jvmDefault);
        LOG.infof("outboundTls required: JVM trust store%s", tls.trustFile()
                .map(f -> " and " + trust.extraAuthorities() + " CA certificate(s) of " + f).orElse(""));
        return trust;
    }

    private OutboundTls outboundTls(DomainName domain) {
        return gateways.find(domain).map(g -> g.settings()).map(GatewaySettings::outboundTls)
                .orElse(OutboundTls.OPPORTUNISTIC);
    }

    private static java.util.concurrent.ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
