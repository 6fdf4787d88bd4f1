{{/*
Names, labels and the pieces every pod of the chart shares.
The four components are addressed by their key in values.yaml:
  smtpEdge -> smtp-edge, queueService -> queue-service, deliveryService -> delivery-service,
  configService -> config-service.
*/}}

{{- define "dequeue.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "dequeue.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else if contains (include "dequeue.name" .) .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "dequeue.name" .) | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* The service (application) name of a component key. */}}
{{- define "dequeue.service" -}}
{{- get (dict "smtpEdge" "smtp-edge" "queueService" "queue-service" "deliveryService" "delivery-service" "configService" "config-service" "topicsJob" "kafka-topics") . -}}
{{- end -}}

{{/* Short resource suffix of a component key. */}}
{{- define "dequeue.short" -}}
{{- get (dict "smtpEdge" "edge" "queueService" "queue" "deliveryService" "delivery" "configService" "config" "topicsJob" "topics") . -}}
{{- end -}}

{{/* Resource name of a component: (dict "root" $ "c" "smtpEdge"). */}}
{{- define "dequeue.componentName" -}}
{{- printf "%s-%s" (include "dequeue.fullname" .root) (include "dequeue.short" .c) -}}
{{- end -}}

{{- define "dequeue.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "dequeue.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: dequeue
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Selector labels of the whole release. */}}
{{- define "dequeue.releaseSelector" -}}
app.kubernetes.io/name: {{ include "dequeue.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Selector labels of one component: (dict "root" $ "c" "smtpEdge"). */}}
{{- define "dequeue.selector" -}}
{{ include "dequeue.releaseSelector" .root }}
app.kubernetes.io/component: {{ include "dequeue.service" .c }}
{{- end -}}

{{/* All labels of one component's resources. */}}
{{- define "dequeue.componentLabels" -}}
{{ include "dequeue.labels" .root }}
app.kubernetes.io/component: {{ include "dequeue.service" .c }}
{{- end -}}

{{- define "dequeue.image" -}}
{{- $img := .root.Values.image -}}
{{- $repo := printf "%s/%s" $img.group (include "dequeue.service" .c) -}}
{{- if $img.registry -}}{{- $repo = printf "%s/%s" (trimSuffix "/" $img.registry) $repo -}}{{- end -}}
{{- printf "%s:%s" $repo ($img.tag | default .root.Chart.AppVersion) -}}
{{- end -}}

{{/* The admin token Secret (config-service and queue-service). */}}
{{- define "dequeue.adminTokenVolume" -}}
- name: admin-token
  secret:
    secretName: {{ .Values.admin.tokenSecret.name }}
    defaultMode: 0440
    items:
      - key: {{ .Values.admin.tokenSecret.key }}
        path: token
{{- end -}}

{{/* Pod-level security context of every pod. */}}
{{- define "dequeue.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.podSecurity.runAsUser }}
runAsGroup: {{ .Values.podSecurity.runAsGroup }}
fsGroup: {{ .Values.podSecurity.fsGroup }}
fsGroupChangePolicy: OnRootMismatch
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Container-level security context of every container. */}}
{{- define "dequeue.containerSecurityContext" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Startup, readiness and liveness probes on the Quarkus health endpoints of the "management" port. */}}
{{- define "dequeue.probes" -}}
{{- $p := .Values.probes -}}
startupProbe:
  httpGet:
    path: /q/health/started
    port: management
  periodSeconds: {{ $p.startup.periodSeconds }}
  timeoutSeconds: {{ $p.timeoutSeconds }}
  failureThreshold: {{ $p.startup.failureThreshold }}
readinessProbe:
  httpGet:
    path: /q/health/ready
    port: management
  periodSeconds: {{ $p.readiness.periodSeconds }}
  timeoutSeconds: {{ $p.timeoutSeconds }}
  failureThreshold: {{ $p.readiness.failureThreshold }}
livenessProbe:
  httpGet:
    path: /q/health/live
    port: management
  periodSeconds: {{ $p.liveness.periodSeconds }}
  timeoutSeconds: {{ $p.timeoutSeconds }}
  failureThreshold: {{ $p.liveness.failureThreshold }}
{{- end -}}

{{/* topologySpreadConstraints of a component: (dict "root" $ "c" "smtpEdge"). */}}
{{- define "dequeue.topologySpread" -}}
{{- $root := .root -}}
{{- $c := .c -}}
{{- range (index $root.Values $c).topologySpread }}
- maxSkew: {{ .maxSkew }}
  topologyKey: {{ .topologyKey }}
  whenUnsatisfiable: {{ .whenUnsatisfiable }}
  labelSelector:
    matchLabels:
      {{- include "dequeue.selector" (dict "root" $root "c" $c) | nindent 6 }}
{{- end }}
{{- end -}}

{{/* Scheduling fields shared by every pod of a component: (dict "root" $ "c" "smtpEdge"). */}}
{{- define "dequeue.scheduling" -}}
{{- $v := index .root.Values .c -}}
serviceAccountName: {{ include "dequeue.fullname" .root }}
automountServiceAccountToken: false
{{- with .root.Values.image.pullSecrets }}
imagePullSecrets:
  {{- range . }}
  - name: {{ . }}
  {{- end }}
{{- end }}
securityContext:
  {{- include "dequeue.podSecurityContext" .root | nindent 2 }}
topologySpreadConstraints:
  {{- include "dequeue.topologySpread" . | trim | nindent 2 }}
{{- with $v.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $v.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $v.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- end -}}

{{/* Environment shared by every service container: (dict "root" $ "c" "smtpEdge"). */}}
{{- define "dequeue.commonEnv" -}}
{{- $v := index .root.Values .c -}}
- name: POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: POD_NAMESPACE
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
- name: JAVA_OPTS
  value: {{ $v.javaOpts | quote }}
- name: QUARKUS_HTTP_PORT
  value: {{ $v.httpPort | quote }}
- name: DEQUEUE_MANAGEMENT_PORT
  value: {{ .root.Values.metrics.managementPort | quote }}
{{- with .root.Values.gateway.ownNames }}
- name: DEQUEUE_OWN_NAMES
  value: {{ join "," . | quote }}
{{- end }}
{{- with .root.Values.gateway.ownAddresses }}
- name: DEQUEUE_OWN_ADDRESSES
  value: {{ join "," . | quote }}
{{- end }}
{{ include "dequeue.kafkaEnv" . }}
{{- range $k, $val := $v.extraEnv }}
- name: {{ $k }}
  value: {{ $val | quote }}
{{- end }}
{{- end -}}

{{/* Volumes every pod has: /tmp and the Kafka client material. */}}
{{- define "dequeue.commonVolumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .root.Values.tmpSizeLimit }}
{{ include "dequeue.kafkaVolumes" . | trim }}
{{- end -}}

{{- define "dequeue.commonVolumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{ include "dequeue.kafkaVolumeMounts" . | trim }}
{{- end -}}

{{- define "dequeue.containerPorts" -}}
- name: http
  containerPort: {{ (index .root.Values .c).httpPort }}
  protocol: TCP
- name: management
  containerPort: {{ .root.Values.metrics.managementPort }}
  protocol: TCP
{{- end -}}

{{/* The port of a metrics Service (one per service carries dequeue.io/metrics) for the management interface. */}}
{{- define "dequeue.managementServicePort" -}}
- name: management
  port: {{ .Values.metrics.managementPort }}
  targetPort: management
  protocol: TCP
{{- end -}}

{{/* The common part of every service container: image, security, probes, resources. */}}
{{- define "dequeue.containerCommon" -}}
{{- $v := index .root.Values .c -}}
image: {{ include "dequeue.image" . }}
imagePullPolicy: {{ .root.Values.image.pullPolicy }}
securityContext:
  {{- include "dequeue.containerSecurityContext" .root | nindent 2 }}
{{ include "dequeue.probes" .root }}
resources:
  {{- toYaml $v.resources | nindent 2 }}
{{- end -}}
