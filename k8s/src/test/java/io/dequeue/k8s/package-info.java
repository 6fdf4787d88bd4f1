/**
 * Tests of the Helm chart in {@code k8s/charts/dequeue}, without a cluster: the chart is linted and
 * rendered by Helm embedded through helm-java, and the output is read as typed Kubernetes and
 * Strimzi objects.
 */
package io.dequeue.k8s;
