/** Per-gateway settings, mirroring the product's dequeuing page (see DEQUEUE-SETTINGS.md). */
package io.dequeue.model.settings;
