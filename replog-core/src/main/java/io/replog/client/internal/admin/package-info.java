/**
 * The networked {@link io.replog.client.Admin}: {@link io.replog.client.internal.admin.NetworkAdmin},
 * made by {@link io.replog.client.Admin#create(io.replog.client.AdminConfig)}, and
 * {@link io.replog.client.internal.admin.AdminCalls}, the pure decisions it takes on answers
 * (which error retries, what a Metadata answer describes, which elections moved a leader).
 *
 * <p>Internal: no compatibility promise; applications use {@link io.replog.client.Admin}.
 */
package io.replog.client.internal.admin;
