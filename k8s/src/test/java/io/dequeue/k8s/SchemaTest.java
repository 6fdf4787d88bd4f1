package io.dequeue.k8s;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** values.schema.json refuses unknown keys at every level and values of the wrong type. */
class SchemaTest {
    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            // unknown keys, from the top down
            "replica|3|replica",
            "smtpEdge.replica|3|replica",
            "smtpEdge.service.extrnalTrafficPolicy|Local|extrnalTrafficPolicy",
            "kafka.strimzi.topics.partitions|12|partitions",
            "smtpEdge.tls.certManager.issuerRef.group|x|group",
            "queueService.resources.limits.gpu|1|gpu",
            // wrong types and values
            "smtpEdge.replicas|two|replicas",
            "queueService.persistence.enabled|maybe|enabled",
            "smtpEdge.service.externalTrafficPolicy|Sometimes|externalTrafficPolicy",
            "kafka.authentication|plain|authentication",
            "smtpEdge.containerPorts.smtp|70000|smtp",
    })
    void aValueOutsideTheSchemaIsRefused(String key, String value, String named) {
        assertThatThrownBy(() -> ChartRenderer.renderBase(ChartRenderer.sets(key, value)))
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining(named);
    }
}
