package io.dequeue.config.importer;

import io.dequeue.config.Api;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A restart of the service with an import file: a temporary {@code gateways-<run>.yaml} declaring
 * two gateways, one with a password from a (simulated) environment variable.
 */
public class ImportProfile implements QuarkusTestProfile {
    static final String PASSWORD_VARIABLE = "DEQUEUE_TEST_GW_PASSWORD";
    static final String PASSWORD = "from-a-kubernetes-secret";
    static final String ROTATED_VARIABLE = "DEQUEUE_TEST_GW_PASSWORD_ROTATED";
    static final String ROTATED = "rotated-secret-2";

    static final String A = Api.domain("imp-a");
    static final String B = Api.domain("imp-b");
    static final String C = Api.domain("imp-c");

    static Path file() {
        return Path.of(System.getProperty("java.io.tmpdir"), "config-service-test-" + ProcessHandle.current().pid(),
                "gateways-" + Long.toString(ProcessHandle.current().pid(), 36) + ".yaml");
    }

    static final String INITIAL = """
            # declared gateways (a mounted ConfigMap in Kubernetes)
            gateways:
              - domain: %s
                etrn:
                  enabled: true
                  port: 2525
              - domain: %s
                atrn: {enabled: true, singleSession: true}
                password: ${%s}
            """.formatted(A, B, PASSWORD_VARIABLE);

    @Override
    public Map<String, String> getConfigOverrides() {
        Path file = file();
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, INITIAL);
            file.getParent().toFile().deleteOnExit(); // registered first, deleted last
            file.toFile().deleteOnExit();
            file.resolveSibling("other.yaml").toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Variables are resolved like Quarkus' own ${...}: environment first, then configuration.
        return Map.of(
                "dequeue.config.import-file", file.toString(),
                PASSWORD_VARIABLE, PASSWORD,
                ROTATED_VARIABLE, ROTATED);
    }
}
