/** The declarative YAML import: a file of gateways the topic is reconciled to at start. */
package io.dequeue.config.importer;
