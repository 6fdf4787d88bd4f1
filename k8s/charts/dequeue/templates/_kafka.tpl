{{/*
How every service reaches Kafka.

Values travel as environment variables (KAFKA_BOOTSTRAP_SERVERS, KAFKA_SECURITY_PROTOCOL,
KAFKA_SASL_MECHANISM, KAFKA_SASL_JAAS_CONFIG from the credentials Secret, KAFKA_SSL_*); the
ConfigMap "<fullname>-kafka-client" (mounted as /deployments/config/application.properties, which
Quarkus reads from its working directory) names them as kafka.* and kafka-streams.* properties, so
that the services' pass-through of kafka.* properties and Kafka Streams see them.
*/}}

{{- define "dequeue.kafkaProtocol" -}}
{{- $k := .Values.kafka -}}
{{- if eq $k.authentication "scram-sha-512" -}}
{{- ternary "SASL_SSL" "SASL_PLAINTEXT" $k.tls -}}
{{- else -}}
{{- ternary "SSL" "PLAINTEXT" $k.tls -}}
{{- end -}}
{{- end -}}

{{/* The KafkaUser name (Strimzi) of a component key. */}}
{{- define "dequeue.kafkaUser" -}}
{{- include "dequeue.componentName" . -}}
{{- end -}}

{{/* The Secret with a component's Kafka credentials: explicit, or the Strimzi KafkaUser's. */}}
{{- define "dequeue.kafkaCredentials" -}}
{{- $k := .root.Values.kafka -}}
{{- $explicit := index $k.credentials .c -}}
{{- if $explicit -}}
{{- $explicit -}}
{{- else if and $k.strimzi.enabled $k.strimzi.users.enabled -}}
{{- include "dequeue.kafkaUser" . -}}
{{- end -}}
{{- end -}}

{{- define "dequeue.kafkaEnv" -}}
{{- $k := .root.Values.kafka -}}
- name: KAFKA_BOOTSTRAP_SERVERS
  value: {{ $k.bootstrapServers | quote }}
- name: KAFKA_SECURITY_PROTOCOL
  value: {{ include "dequeue.kafkaProtocol" .root }}
{{- if eq $k.authentication "scram-sha-512" }}
- name: KAFKA_SASL_MECHANISM
  value: SCRAM-SHA-512
- name: KAFKA_SASL_JAAS_CONFIG
  valueFrom:
    secretKeyRef:
      name: {{ include "dequeue.kafkaCredentials" . }}
      key: sasl.jaas.config
{{- end }}
{{- if and $k.tls $k.caSecret.name }}
- name: KAFKA_SSL_TRUSTSTORE_TYPE
  value: PEM
- name: KAFKA_SSL_TRUSTSTORE_LOCATION
  value: /etc/dequeue/kafka/ca/ca.crt
{{- end }}
{{- if eq $k.authentication "tls" }}
- name: KAFKA_SSL_KEYSTORE_TYPE
  value: PKCS12
- name: KAFKA_SSL_KEYSTORE_LOCATION
  value: /etc/dequeue/kafka/user/user.p12
- name: KAFKA_SSL_KEYSTORE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "dequeue.kafkaCredentials" . }}
      key: user.password
{{- end }}
{{- end -}}

{{- define "dequeue.kafkaVolumes" -}}
{{- $k := .root.Values.kafka -}}
{{- if ne .c "topicsJob" }}
- name: kafka-client
  configMap:
    name: {{ include "dequeue.fullname" .root }}-kafka-client
{{- end }}
{{- if and $k.tls $k.caSecret.name }}
- name: kafka-ca
  secret:
    secretName: {{ $k.caSecret.name }}
    items:
      - key: {{ $k.caSecret.key }}
        path: ca.crt
{{- end }}
{{- if eq $k.authentication "tls" }}
- name: kafka-user
  secret:
    secretName: {{ include "dequeue.kafkaCredentials" . }}
    items:
      - key: user.p12
        path: user.p12
{{- end }}
{{- end -}}

{{- define "dequeue.kafkaVolumeMounts" -}}
{{- $k := .root.Values.kafka -}}
{{- if ne .c "topicsJob" }}
- name: kafka-client
  mountPath: /deployments/config
  readOnly: true
{{- end }}
{{- if and $k.tls $k.caSecret.name }}
- name: kafka-ca
  mountPath: /etc/dequeue/kafka/ca
  readOnly: true
{{- end }}
{{- if eq $k.authentication "tls" }}
- name: kafka-user
  mountPath: /etc/dequeue/kafka/user
  readOnly: true
{{- end }}
{{- end -}}

{{/* The properties file: the Kafka client settings in use, for plain clients and Kafka Streams. */}}
{{- define "dequeue.kafkaProperties" -}}
{{- $k := .Values.kafka -}}
{{- $keys := list "security.protocol" -}}
{{- if eq $k.authentication "scram-sha-512" -}}{{- $keys = concat $keys (list "sasl.mechanism" "sasl.jaas.config") -}}{{- end -}}
{{- if and $k.tls $k.caSecret.name -}}{{- $keys = concat $keys (list "ssl.truststore.type" "ssl.truststore.location") -}}{{- end -}}
{{- if eq $k.authentication "tls" -}}{{- $keys = concat $keys (list "ssl.keystore.type" "ssl.keystore.location" "ssl.keystore.password") -}}{{- end -}}
# Kafka client settings; the values come from the environment (KAFKA_*), secrets from Secrets.
{{- range $prefix := list "kafka" "kafka-streams" }}
{{- range $keys }}
{{ $prefix }}.{{ . }}=${KAFKA_{{ . | upper | replace "." "_" }}}
{{- end }}
{{- end }}
{{- end -}}
